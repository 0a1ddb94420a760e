import { escapeHtml } from '../digest/render/index.js';
import type { Language } from '../digest/schema.js';

/** Every line of the bot's own UI, in both languages. All values are valid Telegram HTML. */
export interface BotTexts {
  /** Shown while the article is read, then edited into the digest or an error. */
  placeholder: string;
  /** /start: what to send and an example. */
  welcome: string;
  help: string;
  /** A short private message that is neither a link nor an article. */
  hint: string;
  /** /summary with nothing to summarize. */
  summaryUsage: string;
  /** Label of the inline button that switches a digest INTO this language. */
  switchButton: string;
  /** Callback answer while the digest is rewritten in this language. */
  switching: string;
  /** The button's stored request is gone (should not happen; the store keeps them). */
  switchExpired: string;
  /** Settings commands in groups from someone who is not an admin. */
  adminOnly: string;
  langCurrent: (setting: Language | null) => string;
  langSet: (language: Language | null) => string;
  autoSummaryState: (enabled: boolean) => string;
  autoSummarySet: (enabled: boolean) => string;
  autoSummaryPrivate: string;
}

const LANGUAGE_NAMES: Record<Language, Record<Language, string>> = {
  en: { en: 'English', id: 'Indonesian' },
  id: { en: 'Inggris', id: 'Indonesia' },
};

const EXAMPLE_URL = 'https://www.antaranews.com/berita/4813941/putin-dan-pezeshkian-bahas-penguatan-kerja-sama';

const EN: BotTexts = {
  placeholder: 'Reading the article…',
  welcome: [
    '<b>Hi! I am Kabar.</b> I turn news about diplomacy and international affairs into short, checked digests: who, what, when, where, agreements and next steps.',
    '',
    'Send me a link to a news article, forward a post from a news channel, or paste the article text. For example:',
    escapeHtml(EXAMPLE_URL),
    '',
    'In groups, reply <code>/summary</code> to a message with a link. /help lists everything I can do.',
  ].join('\n'),
  help: [
    '<b>What I can do</b>',
    '• Send a link, forward a channel post or paste an article: I reply with a digest.',
    '• <code>/summary &lt;link or text&gt;</code>, or reply <code>/summary</code> to a message. Add <code>id</code> or <code>en</code> for a one-off language: <code>/summary id</code>.',
    '• <code>/lang en</code> or <code>/lang id</code>: the language of this chat (<code>/lang auto</code> follows your Telegram app).',
    '• <code>/autosummary on</code> or <code>off</code> (groups, admins): summarize every link posted in the group.',
    '• The button under a digest rewrites it in the other language.',
    '• Send a PDF, Word (.docx), .txt, .md or .html file (up to 20 MB), or reply <code>/summary</code> to one: I summarize it.',
    '• In any chat, type my @name and a link to share a digest there.',
    '• /settings: this chat\'s settings (language, schedule, time zone…) with buttons.',
    '• "Follow this story" under a digest brings its follow-ups with what is new; /stories lists them.',
    '• "Remind me" under a dated next step reminds this chat on that day at 09:00; /reminders lists them.',
  ].join('\n'),
  hint: 'Send me a link to a news article, forward a channel post, or paste the full article text, and I will summarize it.',
  summaryUsage: 'Use <code>/summary &lt;link&gt;</code>, or reply <code>/summary</code> to a message that contains a link or an article.',
  switchButton: '🇬🇧 English',
  switching: 'Rewriting in English…',
  switchExpired: 'I no longer have this article. Send the link again.',
  adminOnly: 'Only group admins can change this setting.',
  langCurrent: (setting) =>
    setting === null
      ? 'Language: not set, so I follow each person\'s Telegram language. Change it with <code>/lang en</code> or <code>/lang id</code>.'
      : `Language: ${LANGUAGE_NAMES.en[setting]}. Change it with <code>/lang en</code>, <code>/lang id</code> or <code>/lang auto</code>.`,
  langSet: (language) =>
    language === null
      ? 'Done: I will follow each person\'s Telegram language.'
      : `Done: digests in this chat will be in ${LANGUAGE_NAMES.en[language]}.`,
  autoSummaryState: (enabled) =>
    enabled
      ? 'Autosummary is on: I summarize every link posted here. Turn it off with <code>/autosummary off</code>.'
      : 'Autosummary is off: I summarize only when asked with <code>/summary</code>. Turn it on with <code>/autosummary on</code>.',
  autoSummarySet: (enabled) =>
    enabled ? 'Autosummary is on: I will summarize every link posted here.' : 'Autosummary is off: I will summarize only when asked with /summary.',
  autoSummaryPrivate: 'Autosummary is for groups. Here I always summarize whatever you send me.',
};

const ID: BotTexts = {
  placeholder: 'Sedang membaca artikel…',
  welcome: [
    '<b>Halo! Saya Kabar.</b> Saya meringkas berita diplomasi dan hubungan internasional menjadi intisari singkat yang sudah diperiksa: siapa, apa, kapan, di mana, kesepakatan, dan langkah selanjutnya.',
    '',
    'Kirimkan tautan artikel berita, teruskan unggahan dari kanal berita, atau tempel teks artikelnya. Contoh:',
    escapeHtml(EXAMPLE_URL),
    '',
    'Di grup, balas pesan yang berisi tautan dengan <code>/summary</code>. Ketik /help untuk melihat semua fitur.',
  ].join('\n'),
  help: [
    '<b>Yang bisa saya lakukan</b>',
    '• Kirim tautan, teruskan unggahan kanal, atau tempel artikel: saya balas dengan ringkasannya.',
    '• <code>/summary &lt;tautan atau teks&gt;</code>, atau balas sebuah pesan dengan <code>/summary</code>. Tambahkan <code>id</code> atau <code>en</code> untuk memilih bahasa sekali saja: <code>/summary en</code>.',
    '• <code>/lang id</code> atau <code>/lang en</code>: bahasa untuk obrolan ini (<code>/lang auto</code> mengikuti bahasa aplikasi Telegram Anda).',
    '• <code>/autosummary on</code> atau <code>off</code> (grup, khusus admin): ringkas setiap tautan yang dikirim ke grup.',
    '• Tombol di bawah ringkasan menulis ulang ringkasan dalam bahasa lainnya.',
    '• Kirim berkas PDF, Word (.docx), .txt, .md, atau .html (maksimal 20 MB), atau balas berkasnya dengan <code>/summary</code>: saya ringkas.',
    '• Di obrolan mana pun, ketik @nama saya lalu tautan untuk membagikan ringkasannya di sana.',
    '• /settings: pengaturan obrolan ini (bahasa, jadwal, zona waktu…) lewat tombol.',
    '• "Ikuti berita ini" di bawah ringkasan mengirimkan kelanjutan beritanya beserta hal yang baru; /stories menampilkan daftarnya.',
    '• "Ingatkan saya" pada langkah selanjutnya yang bertanggal mengingatkan obrolan ini pada hari itu pukul 09.00; /reminders menampilkan daftarnya.',
  ].join('\n'),
  hint: 'Kirimkan tautan artikel berita, teruskan unggahan kanal, atau tempel teks lengkap artikelnya, nanti saya ringkas.',
  summaryUsage: 'Gunakan <code>/summary &lt;tautan&gt;</code>, atau balas pesan yang berisi tautan atau artikel dengan <code>/summary</code>.',
  switchButton: '🇮🇩 Bahasa Indonesia',
  switching: 'Menulis ulang dalam bahasa Indonesia…',
  switchExpired: 'Artikel ini sudah tidak tersimpan. Kirimkan tautannya lagi.',
  adminOnly: 'Hanya admin grup yang bisa mengubah pengaturan ini.',
  langCurrent: (setting) =>
    setting === null
      ? 'Bahasa: belum diatur, jadi saya mengikuti bahasa Telegram masing-masing pengguna. Ubah dengan <code>/lang id</code> atau <code>/lang en</code>.'
      : `Bahasa: ${LANGUAGE_NAMES.id[setting]}. Ubah dengan <code>/lang id</code>, <code>/lang en</code>, atau <code>/lang auto</code>.`,
  langSet: (language) =>
    language === null
      ? 'Beres: saya akan mengikuti bahasa Telegram masing-masing pengguna.'
      : `Beres: ringkasan di obrolan ini akan ditulis dalam bahasa ${LANGUAGE_NAMES.id[language]}.`,
  autoSummaryState: (enabled) =>
    enabled
      ? 'Ringkasan otomatis aktif: setiap tautan yang dikirim di sini saya ringkas. Matikan dengan <code>/autosummary off</code>.'
      : 'Ringkasan otomatis nonaktif: saya hanya meringkas jika diminta lewat <code>/summary</code>. Aktifkan dengan <code>/autosummary on</code>.',
  autoSummarySet: (enabled) =>
    enabled
      ? 'Ringkasan otomatis aktif: setiap tautan yang dikirim di sini akan saya ringkas.'
      : 'Ringkasan otomatis nonaktif: saya hanya meringkas jika diminta lewat /summary.',
  autoSummaryPrivate: 'Ringkasan otomatis hanya untuk grup. Di sini saya selalu meringkas apa pun yang Anda kirim.',
};

const TEXTS: Record<Language, BotTexts> = { en: EN, id: ID };

/** The bot's UI strings in one language. */
export function botTexts(language: Language): BotTexts {
  return TEXTS[language];
}

/** The other supported language (what the switch button offers). */
export function otherLanguage(language: Language): Language {
  return language === 'en' ? 'id' : 'en';
}
