import type { Language } from '../core/language.js';

/** One text in both languages, side by side, so that a new text cannot miss a language. */
export interface Bilingual<T> {
  readonly en: T;
  readonly id: T;
}

/** A table of texts in both languages: each entry a {@link Bilingual} pair, or a nested table. */
export type BilingualTable<T> = {
  readonly [K in keyof T]: T[K] extends string | ((...args: never[]) => unknown) ? Bilingual<T[K]> : BilingualTable<T[K]>;
};

/** What {@link inLanguage} makes of a table: each pair replaced by its text in one language. */
export type InLanguage<B> = { [K in keyof B]: B[K] extends Bilingual<infer V> ? V : InLanguage<B[K]> };

const isPair = (value: object): value is Bilingual<unknown> => 'en' in value && 'id' in value;

/** The table in one language (Indonesian for `id`, English otherwise). */
export function inLanguage<B extends object>(table: B, language: Language): InLanguage<B> {
  const pick = language === 'id' ? 'id' : 'en';
  return Object.fromEntries(
    Object.entries(table).map(([key, value]: [string, object]) => [key, isPair(value) ? value[pick] : inLanguage(value, language)]),
  ) as InLanguage<B>;
}
