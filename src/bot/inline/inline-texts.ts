import type { Language } from '../../digest/schema.js';

/** Inline mode's own words, in both languages; message texts are valid Telegram HTML. */
export interface InlineTexts {
  helpTitle: string;
  helpDescription: string;
  helpMessage(botUsername: string): string;
  /** The result offered while the digest is still being made. */
  pendingTitle: string;
  pendingDescription(url: string): string;
  /** What the chosen pending result says until it is edited into the digest. */
  pendingMessage: string;
  digestDescription: string;
  quotaTitle: string;
}

const EN: InlineTexts = {
  helpTitle: 'Summarize a news link',
  helpDescription: 'Type or paste the link of an article after my name.',
  helpMessage: (bot) => `Type <code>@${bot} &lt;link&gt;</code> in any chat to share a short, checked digest of a news article.`,
  pendingTitle: 'Summarize this link',
  pendingDescription: (url) => `Still reading ${url.slice(0, 80)}: choose this and the digest replaces the placeholder.`,
  pendingMessage: '⏳ Reading the article…',
  digestDescription: 'Send this digest',
  quotaTitle: 'Hourly digest limit reached',
};

const ID: InlineTexts = {
  helpTitle: 'Ringkas tautan berita',
  helpDescription: 'Ketik atau tempel tautan artikel setelah nama saya.',
  helpMessage: (bot) => `Ketik <code>@${bot} &lt;tautan&gt;</code> di obrolan mana pun untuk membagikan ringkasan berita yang singkat dan sudah diperiksa.`,
  pendingTitle: 'Ringkas tautan ini',
  pendingDescription: (url) => `Masih membaca ${url.slice(0, 80)}: pilih ini, nanti ringkasannya menggantikan pesan sementara.`,
  pendingMessage: '⏳ Sedang membaca artikel…',
  digestDescription: 'Kirim ringkasan ini',
  quotaTitle: 'Batas ringkasan per jam tercapai',
};

export function inlineTexts(language: Language): InlineTexts {
  return language === 'id' ? ID : EN;
}
