import type { Language } from '../core/language.js';
import { type AppError, type AppErrorCode, toAppError } from './app-error.js';

/** One line per code, in both languages: what went wrong and what to do. No internals. */
const MESSAGES: Record<AppErrorCode, Record<Language, string>> = {
  INVALID_INPUT: {
    en: 'Send me a link to a news article, or paste the article text.',
    id: 'Kirimkan tautan artikel berita, atau tempel teks artikelnya.',
  },
  FILE_NOT_READABLE: {
    en: 'That file cannot be read. Check the path and try again.',
    id: 'Berkas itu tidak bisa dibaca. Periksa jalurnya lalu coba lagi.',
  },
  URL_NOT_ALLOWED: {
    en: 'Only http:// and https:// links can be read.',
    id: 'Hanya tautan http:// dan https:// yang bisa dibaca.',
  },
  BLOCKED_ADDRESS: {
    en: 'That link points to a private or local address, so I will not open it. Send a public news link.',
    id: 'Tautan itu mengarah ke alamat privat atau lokal, jadi tidak saya buka. Kirimkan tautan berita publik.',
  },
  FETCH_FAILED: {
    en: 'I could not reach that page. Check the link, or paste the article text instead.',
    id: 'Halaman itu tidak bisa dijangkau. Periksa tautannya, atau tempel teks artikelnya.',
  },
  FETCH_TIMEOUT: {
    en: 'The site took too long to answer. Try again later, or paste the article text.',
    id: 'Situsnya terlalu lama merespons. Coba lagi nanti, atau tempel teks artikelnya.',
  },
  HTTP_STATUS: {
    en: 'The site refused the request (the page may be gone or blocked). Paste the article text instead.',
    id: 'Situs menolak permintaan (halaman mungkin sudah dihapus atau diblokir). Tempel teks artikelnya saja.',
  },
  TOO_MANY_REDIRECTS: {
    en: 'That link redirects too many times. Send the final article link.',
    id: 'Tautan itu dialihkan terlalu banyak kali. Kirimkan tautan akhir artikelnya.',
  },
  TOO_LARGE: {
    en: 'That page or file is too large to read. Paste the article text instead.',
    id: 'Halaman atau berkas itu terlalu besar untuk dibaca. Tempel teks artikelnya saja.',
  },
  UNSUPPORTED_CONTENT_TYPE: {
    en: 'That link is neither a web page nor a PDF or Word document (images, videos and other files are not supported). Send an article, PDF or .docx link, or paste the text.',
    id: 'Tautan itu bukan halaman web, PDF, atau dokumen Word (gambar, video, dan berkas lain tidak didukung). Kirimkan tautan artikel, PDF, atau .docx, atau tempel teksnya.',
  },
  NOT_AN_ARTICLE: {
    en: 'I found no article on that page, so paste the article text instead.',
    id: 'Saya tidak menemukan artikel di halaman itu, jadi tempel saja teks artikelnya.',
  },
  PAGE_TOO_COMPLEX: {
    en: 'That page is nested too deeply for me to read safely. Paste the article text instead.',
    id: 'Struktur halaman itu terlalu rumit untuk saya baca dengan aman. Tempel teks artikelnya saja.',
  },
  UNSUPPORTED_LANGUAGE: {
    en: 'The built-in summarizer only reads English and Indonesian articles.',
    id: 'Peringkas bawaan hanya bisa membaca artikel berbahasa Inggris dan Indonesia.',
  },
  MODEL_UNAVAILABLE: {
    en: 'The AI model is unavailable right now. Try again in a few minutes.',
    id: 'Model AI sedang tidak tersedia. Coba lagi beberapa menit lagi.',
  },
  MODEL_REFUSED: {
    en: 'The AI model declined to summarize this article.',
    id: 'Model AI menolak meringkas artikel ini.',
  },
  MODEL_OUTPUT_TRUNCATED: {
    en: 'The AI model ran out of room before finishing. Try a shorter article.',
    id: 'Model AI kehabisan ruang sebelum selesai. Coba artikel yang lebih pendek.',
  },
  MODEL_OUTPUT_INVALID: {
    en: 'The AI model gave an unusable answer. Try again.',
    id: 'Model AI memberikan jawaban yang tidak bisa dipakai. Coba lagi.',
  },
  QUOTA_EXCEEDED: {
    en: 'You have reached the hourly digest limit. Try again later.',
    id: 'Anda sudah mencapai batas ringkasan per jam. Coba lagi nanti.',
  },
  CONFIG_INVALID: {
    en: 'The bot is misconfigured. Please tell its operator.',
    id: 'Konfigurasi bot bermasalah. Mohon beri tahu pengelolanya.',
  },
  STORE_UNAVAILABLE: {
    en: 'My database is temporarily unavailable. Please send your message again in a minute.',
    id: 'Basis data saya sedang tidak tersedia untuk sementara. Silakan kirim ulang pesan Anda sebentar lagi.',
  },
  PROCESSING_TIMEOUT: {
    en: 'That article took too long to process, so I stopped. Send a different link, or paste just the article text.',
    id: 'Artikel itu terlalu lama diproses, jadi saya hentikan. Kirimkan tautan lain, atau tempel teks artikelnya saja.',
  },
  PDF_NO_TEXT: {
    en: 'This PDF has no text layer (a scan?): paste the text, or send a PDF whose text can be selected.',
    id: 'PDF ini tidak punya lapisan teks (hasil pindaian?): tempel teksnya, atau kirim PDF yang teksnya bisa dipilih.',
  },
  PDF_ENCRYPTED: {
    en: 'This PDF is protected with a password, so I cannot open it: paste the text, or send an unprotected copy.',
    id: 'PDF ini dilindungi kata sandi, jadi tidak bisa saya buka: tempel teksnya, atau kirim salinan tanpa kata sandi.',
  },
  PDF_UNREADABLE: {
    en: 'This PDF is damaged or not really a PDF, so I cannot read it: paste the text instead.',
    id: 'PDF ini rusak atau sebenarnya bukan PDF, jadi tidak bisa saya baca: tempel saja teksnya.',
  },
  DOCX_ENCRYPTED: {
    en: 'This Word document is protected with a password, so I cannot open it: paste the text, or send an unprotected copy.',
    id: 'Dokumen Word ini dilindungi kata sandi, jadi tidak bisa saya buka: tempel teksnya, atau kirim salinan tanpa kata sandi.',
  },
  DOCX_UNREADABLE: {
    en: 'This Word document is damaged or not really a .docx, so I cannot read it: paste the text, or save it again as .docx or PDF.',
    id: 'Dokumen Word ini rusak atau sebenarnya bukan .docx, jadi tidak bisa saya baca: tempel teksnya, atau simpan ulang sebagai .docx atau PDF.',
  },
  UNSUPPORTED_FILE: {
    en: 'I cannot read that kind of file. Send a PDF, Word (.docx), .txt, .html or .md file, or paste the text.',
    id: 'Jenis berkas itu tidak bisa saya baca. Kirim berkas PDF, Word (.docx), .txt, .html, atau .md, atau tempel teksnya.',
  },
  INTERNAL: {
    en: 'Something went wrong on my side. Please try again.',
    id: 'Terjadi kesalahan di sisi saya. Silakan coba lagi.',
  },
};

/** NOT_AN_ARTICLE says which kind of page it was (`details.reason`, set by the ingest thin-page check). */
const NOT_AN_ARTICLE_REASONS: Record<string, Record<Language, string>> = {
  'section-front': {
    en: 'That page is a list of headlines, not one article, so send the link of the article itself or paste its text.',
    id: 'Halaman itu berisi daftar judul berita, bukan satu artikel, jadi kirimkan tautan artikelnya langsung atau tempel teksnya.',
  },
  wall: {
    en: 'That page shows a cookie or subscription wall instead of the article, so paste the article text instead.',
    id: 'Halaman itu menampilkan dinding cookie atau langganan, bukan artikelnya, jadi tempel saja teks artikelnya.',
  },
  'too-short': {
    en: 'That page has too little article text to summarize, so paste the full article text instead.',
    id: 'Teks artikel di halaman itu terlalu sedikit untuk diringkas, jadi tempel saja teks artikel lengkapnya.',
  },
  'no-article': {
    en: 'I found no article text on that page, so paste the article text instead.',
    id: 'Saya tidak menemukan teks artikel di halaman itu, jadi tempel saja teks artikelnya.',
  },
};

/** The one user-facing line for any thrown value, in the chat's language. */
export function userMessage(error: unknown, language: Language): string {
  const appError: AppError = toAppError(error);
  const reason = appError.details['reason'];
  const byReason = appError.code === 'NOT_AN_ARTICLE' && typeof reason === 'string' && Object.hasOwn(NOT_AN_ARTICLE_REASONS, reason) ? NOT_AN_ARTICLE_REASONS[reason] : undefined;
  if (byReason) return byReason[language];
  return MESSAGES[appError.code][language];
}
