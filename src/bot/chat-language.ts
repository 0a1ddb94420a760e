import type { Language } from '../digest/schema.js';

/** Everything that can decide a reply's language, strongest first. */
export interface LanguageSignals {
  /** `/summary id` / `/summary en`: this request only. */
  explicit?: Language | null;
  /** The chat's `/lang` setting. */
  chatSetting?: Language | null;
  /** The sender's Telegram app language (`from.language_code`), e.g. "id", "en-GB". */
  userLanguageCode?: string | null;
  defaultLanguage: Language;
}

/** Maps a Telegram language_code to a supported language; unknown codes give null. */
export function languageFromCode(code: string | null | undefined): Language | null {
  if (!code) return null;
  const primary = code.toLowerCase().split(/[-_]/)[0];
  // "in" is the pre-1989 ISO code for Indonesian that some Android builds still report.
  if (primary === 'id' || primary === 'in') return 'id';
  if (primary === 'en') return 'en';
  return null;
}

/** Parses a user-typed language word (`id`, `en`, `indonesia`, `english`…). */
export function parseLanguageWord(word: string | undefined): Language | null {
  if (!word) return null;
  const w = word.toLowerCase();
  if (['id', 'ind', 'indonesia', 'indonesian', 'bahasa'].includes(w)) return 'id';
  if (['en', 'eng', 'english', 'inggris'].includes(w)) return 'en';
  return null;
}

/** explicit > chat setting > user's Telegram language > DEFAULT_LANGUAGE. */
export function resolveLanguage(signals: LanguageSignals): Language {
  return signals.explicit ?? signals.chatSetting ?? languageFromCode(signals.userLanguageCode) ?? signals.defaultLanguage;
}
