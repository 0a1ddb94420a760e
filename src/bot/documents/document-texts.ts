import { escapeHtml } from '../../digest/render/index.js';
import type { Language } from '../../digest/schema.js';

/** Lines about uploaded files, in both languages; values are valid Telegram HTML. */
export interface DocumentTexts {
  /** Over the public Bot API's download limit: refused before any download. */
  tooLarge(sizeMb: string, limitMb: number): string;
  /** A file type the reader does not take, naming the ones it does. */
  unsupported(fileName: string | null, supported: string): string;
}

const named = (fileName: string | null, fallback: string) => (fileName ? `<b>${escapeHtml(fileName.slice(0, 80))}</b>` : fallback);

const TEXTS: Record<Language, DocumentTexts> = {
  en: {
    tooLarge: (sizeMb, limitMb) =>
      `This file is ${sizeMb} MB, and the public Telegram Bot API lets bots download files of at most ${limitMb} MB. Send a smaller file, a link to it, or paste the text.`,
    unsupported: (fileName, supported) => `I cannot read ${named(fileName, 'this kind of file')}: I read ${escapeHtml(supported)} files.`,
  },
  id: {
    tooLarge: (sizeMb, limitMb) =>
      `Berkas ini ${sizeMb} MB, sedangkan Bot API Telegram publik hanya mengizinkan bot mengunduh berkas hingga ${limitMb} MB. Kirim berkas yang lebih kecil, tautannya, atau tempel teksnya.`,
    unsupported: (fileName, supported) => `${fileName ? `Berkas ${named(fileName, '')}` : 'Jenis berkas ini'} tidak bisa saya baca: saya membaca berkas ${escapeHtml(supported)}.`,
  },
};

export function documentTexts(language: Language): DocumentTexts {
  return TEXTS[language];
}
