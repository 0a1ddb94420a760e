import { cleanText, escapeHtml, escapeHtmlAttribute, linkableUrl, shortenAtWord } from '../digest/render/index.js';
import type { Language } from '../digest/schema.js';
import type { QuietHours, Schedule } from '../subscriptions/schedule.js';
import { type BilingualTable, inLanguage } from './bilingual.js';

/** A preset as /sources shows it. */
export interface SourceLine {
  id: string;
  name: string;
  language: Language;
}

/** One numbered line of /subscriptions. */
export interface SubscriptionLine {
  n: number;
  kind: 'feed' | 'topic';
  /** Feed title or URL, or the topic as typed. */
  label: string;
  url?: string;
}

/**
 * Every line of the subscription commands, in both languages. All values are valid Telegram
 * HTML; arguments are plain text and escaped here.
 */
export interface SubscriptionTexts {
  subscribeUsage: string;
  subscribed: (title: string, hasPreview: boolean) => string;
  subscribedChannel: (title: string, channel: string, hasPreview: boolean) => string;
  alreadySubscribed: (title: string) => string;
  notAFeed: string;
  unknownPreset: (word: string) => string;
  feedLimit: (limit: number) => string;
  topicLimit: (limit: number) => string;
  topicAdded: (label: string, followsPresets: boolean) => string;
  topicExists: (label: string) => string;
  topicEmpty: string;
  topicTooLong: (max: number) => string;
  topicBadCharacter: (character: string) => string;
  /** Channels. */
  channelFromPrivate: string;
  channelUnusable: string;
  channelNotFound: (channel: string) => string;
  channelNotAdmin: (channel: string) => string;
  channelBotNotAdmin: (channel: string) => string;
  /** /sources */
  sources: (lines: readonly SourceLine[]) => string;
  noSources: string;
  /** /subscriptions */
  list: (lines: readonly SubscriptionLine[], where: string | null) => string;
  listEmpty: string;
  /** Replaces a list too long for one message after a button press; the updated list follows it. */
  listMoved: string;
  removeButton: (n: number) => string;
  /** /unsubscribe */
  unsubscribeUsage: string;
  unsubscribed: (label: string) => string;
  unsubscribedAll: (count: number) => string;
  notSubscribed: (what: string) => string;
  /** Callback answers. */
  removed: string;
  alreadyRemoved: string;
  adminOnly: string;
  /** Schedule commands: each confirms with the effective setting. */
  scheduleState: (schedule: Schedule, timeZone: string) => string;
  scheduleUsage: string;
  timeZoneState: (timeZone: string) => string;
  timeZoneUsage: (given: string) => string;
  quietState: (quiet: QuietHours | null, timeZone: string) => string;
  quietUsage: string;
  paused: string;
  resumed: string;
  pauseState: (paused: boolean) => string;
  /** Sent once to each chat of a feed that kept failing and was switched off. */
  feedDisabled: (title: string, url: string) => string;
}

const LANGUAGE_LABEL: Record<Language, Record<Language, string>> = {
  en: { en: 'English', id: 'Indonesian' },
  id: { en: 'Inggris', id: 'Indonesia' },
};

/**
 * Longest feed title, topic or URL a reply shows; longer ones end in an ellipsis. A feed controls
 * its title, so a 5,000-character one must not make a confirmation or a list too long to send.
 */
export const LABEL_MAX_CHARS = 200;
/** Longest echo of what the user typed (an unknown source, a subscription not found). */
export const ECHO_MAX_CHARS = 100;
/** Longer links are shown but not linked: no real feed needs one, and a link is not worth a refused message. */
const LINK_MAX_CHARS = 2048;

/** Feed- or page-controlled text as one escaped line of at most {@link LABEL_MAX_CHARS}. */
export const label = (text: string, max = LABEL_MAX_CHARS) => escapeHtml(shortenAtWord(cleanText(text), max));
const echo = (text: string) => label(text, ECHO_MAX_CHARS);
const code = (text: string) => `<code>${escapeHtml(text)}</code>`;
const echoCode = (text: string) => `<code>${echo(text)}</code>`;

/** A link with a capped label, or just the label when the URL cannot or should not be linked. */
function link(url: string, text: string): string {
  const href = linkableUrl(url);
  return href !== null && href.length <= LINK_MAX_CHARS ? `<a href="${escapeHtmlAttribute(href)}">${label(text)}</a>` : label(text);
}

function joinTimes(slots: readonly string[], and: string): string {
  if (slots.length <= 1) return slots.join('');
  return `${slots.slice(0, -1).join(', ')} ${and} ${slots.at(-1)}`;
}

function describeSchedule(schedule: Schedule, timeZone: string, language: Language): string {
  const zone = escapeHtml(timeZone);
  if (language === 'id') {
    return schedule.mode === 'instant'
      ? 'Langsung: setiap berita baru dikirim begitu terbit'
      : `Setiap hari pukul ${joinTimes(schedule.slots, 'dan')} (${zone})`;
  }
  return schedule.mode === 'instant' ? 'Instant: each new item as soon as it appears' : `Daily at ${joinTimes(schedule.slots, 'and')} (${zone})`;
}

function listLines(lines: readonly SubscriptionLine[], feedsTitle: string, topicsTitle: string): string[] {
  const out: string[] = [];
  const feeds = lines.filter((line) => line.kind === 'feed');
  const topics = lines.filter((line) => line.kind === 'topic');
  if (feeds.length > 0) {
    out.push(`<b>${feedsTitle}</b>`);
    for (const line of feeds) out.push(`${line.n}. ${line.url ? link(line.url, line.label) : label(line.label)}`);
  }
  if (topics.length > 0) {
    if (out.length > 0) out.push('');
    out.push(`<b>${topicsTitle}</b>`);
    for (const line of topics) out.push(`${line.n}. ${label(line.label)}`);
  }
  return out;
}

/** Each text in English and Indonesian, side by side. */
const TEXTS: BilingualTable<SubscriptionTexts> = {
  subscribeUsage: {
    en: [
      '<b>Subscribe this chat to news</b>',
      `• ${code('/subscribe <feed or page link>')}: an RSS, Atom or JSON feed, or a news page that offers one.`,
      `• ${code('/subscribe <source>')}: a curated source from /sources, e.g. ${code('/subscribe antara-en-world')}.`,
      `• ${code('/subscribe topic <words>')}: only items that mention them, e.g. ${code('/subscribe topic ASEAN')}.`,
      `• ${code('/subscribe @channel …')} in a private chat with me: post to a channel where you and I are admins.`,
    ].join('\n'),
    id: [
      '<b>Berlangganan berita di obrolan ini</b>',
      `• ${code('/subscribe <tautan feed atau halaman>')}: feed RSS, Atom atau JSON, atau halaman berita yang menyediakannya.`,
      `• ${code('/subscribe <sumber>')}: sumber pilihan dari /sources, misalnya ${code('/subscribe antara-id-dunia')}.`,
      `• ${code('/subscribe topic <kata>')}: hanya berita yang menyebutnya, misalnya ${code('/subscribe topic ASEAN')}.`,
      `• ${code('/subscribe @kanal …')} lewat obrolan pribadi dengan saya: kirim ke kanal tempat Anda dan saya menjadi admin.`,
    ].join('\n'),
  },
  subscribed: {
    en: (title, hasPreview) => `Subscribed to <b>${label(title)}</b>.${hasPreview ? ' Here is the latest item as a preview:' : ' New items will appear here.'}`,
    id: (title, hasPreview) => `Berhasil berlangganan <b>${label(title)}</b>.${hasPreview ? ' Ini berita terbarunya sebagai contoh:' : ' Berita baru akan muncul di sini.'}`,
  },
  subscribedChannel: {
    en: (title, channel, hasPreview) =>
      `${escapeHtml(channel)} is now subscribed to <b>${label(title)}</b>.${hasPreview ? ' I posted the latest item there as a preview.' : ''}`,
    id: (title, channel, hasPreview) =>
      `${escapeHtml(channel)} kini berlangganan <b>${label(title)}</b>.${hasPreview ? ' Berita terbarunya sudah saya kirim ke sana sebagai contoh.' : ''}`,
  },
  alreadySubscribed: {
    en: (title) => `This chat already follows <b>${label(title)}</b>.`,
    id: (title) => `Obrolan ini sudah berlangganan <b>${label(title)}</b>.`,
  },
  notAFeed: {
    en: 'That link is not a news feed, and the page does not point to one. Send the address of an RSS, Atom or JSON feed, or of a news page that offers one.',
    id: 'Tautan itu bukan feed berita, dan halamannya tidak menyediakan feed. Kirim alamat feed RSS, Atom atau JSON, atau halaman berita yang menyediakannya.',
  },
  unknownPreset: {
    en: (word) => `I don't know a source called ${echoCode(word)}. /sources lists the ones I offer; you can also send a feed link.`,
    id: (word) => `Saya tidak mengenal sumber bernama ${echoCode(word)}. Lihat daftarnya di /sources, atau kirim tautan feed.`,
  },
  feedLimit: {
    en: (limit) => `This chat already follows ${limit} feeds, the most allowed. Remove one with /unsubscribe first.`,
    id: (limit) => `Obrolan ini sudah berlangganan ${limit} feed, batas maksimalnya. Hapus salah satu dengan /unsubscribe lebih dulu.`,
  },
  topicLimit: {
    en: (limit) => `This chat already watches ${limit} topics, the most allowed. Remove one with /unsubscribe first.`,
    id: (limit) => `Obrolan ini sudah memantau ${limit} topik, batas maksimalnya. Hapus salah satu dengan /unsubscribe lebih dulu.`,
  },
  topicAdded: {
    en: (topic, followsPresets) =>
      followsPresets
        ? `Watching <b>${label(topic)}</b>. This chat follows no feeds of its own, so I will send items about it from every source in /sources.`
        : `Watching <b>${label(topic)}</b>. From now on this chat gets only items from its feeds that mention one of its topics.`,
    id: (topic, followsPresets) =>
      followsPresets
        ? `Memantau <b>${label(topic)}</b>. Obrolan ini belum berlangganan feed apa pun, jadi saya akan mengirim berita tentang topik ini dari semua sumber di /sources.`
        : `Memantau <b>${label(topic)}</b>. Mulai sekarang obrolan ini hanya menerima berita dari feed-nya yang menyebut salah satu topiknya.`,
  },
  topicExists: {
    en: (topic) => `This chat already watches <b>${label(topic)}</b>.`,
    id: (topic) => `Obrolan ini sudah memantau <b>${label(topic)}</b>.`,
  },
  topicEmpty: {
    en: `Add one or more words after ${code('topic')}, e.g. ${code('/subscribe topic Iran')} or ${code('/subscribe topic Menlu Sugiono')}.`,
    id: `Tambahkan satu kata atau lebih setelah ${code('topic')}, misalnya ${code('/subscribe topic Iran')} atau ${code('/subscribe topic Menlu Sugiono')}.`,
  },
  topicTooLong: { en: (max) => `A topic can be at most ${max} characters long.`, id: (max) => `Topik paling panjang ${max} karakter.` },
  topicBadCharacter: {
    en: (character) => `A topic may contain only letters, digits, spaces, hyphens, apostrophes and dots, not ${code(character)}.`,
    id: (character) => `Topik hanya boleh berisi huruf, angka, spasi, tanda hubung, apostrof dan titik, bukan ${code(character)}.`,
  },
  channelFromPrivate: {
    en: 'To link a channel, send this command to me in a private chat.',
    id: 'Untuk menautkan kanal, kirim perintah ini kepada saya lewat obrolan pribadi.',
  },
  channelNotFound: {
    en: (channel) => `I can't find ${escapeHtml(channel)}. Add me to the channel as an admin first, then try again.`,
    id: (channel) => `Saya tidak menemukan ${escapeHtml(channel)}. Jadikan saya admin kanal itu dulu, lalu coba lagi.`,
  },
  channelNotAdmin: {
    en: (channel) => `Only admins of ${escapeHtml(channel)} can change its subscriptions.`,
    id: (channel) => `Hanya admin ${escapeHtml(channel)} yang bisa mengubah langganannya.`,
  },
  channelBotNotAdmin: {
    en: (channel) => `I need to be an admin of ${escapeHtml(channel)} with the right to post messages. Add me, then try again.`,
    id: (channel) => `Saya harus menjadi admin ${escapeHtml(channel)} dengan izin mengirim pesan. Tambahkan saya, lalu coba lagi.`,
  },
  channelUnusable: { en: 'That is not a channel or group I can post to.', id: 'Itu bukan kanal atau grup tempat saya bisa mengirim pesan.' },
  sources: {
    en: (lines) =>
      [
        '<b>Curated sources</b> (subscribe with /subscribe and the id):',
        ...lines.map((line) => `• ${code(line.id)} — ${label(line.name)} (${LANGUAGE_LABEL.en[line.language]})`),
      ].join('\n'),
    id: (lines) =>
      [
        '<b>Sumber pilihan</b> (berlangganan dengan /subscribe dan id-nya):',
        ...lines.map((line) => `• ${code(line.id)} — ${label(line.name)} (${LANGUAGE_LABEL.id[line.language]})`),
      ].join('\n'),
  },
  noSources: {
    en: 'No curated sources are configured. You can still subscribe to any feed link.',
    id: 'Belum ada sumber pilihan yang diatur. Anda tetap bisa berlangganan tautan feed apa pun.',
  },
  list: {
    en: (lines, where) =>
      [
        where ? `<b>Subscriptions of ${escapeHtml(where)}</b>` : '<b>Subscriptions of this chat</b>',
        '',
        ...listLines(lines, 'Feeds', 'Topics'),
        '',
        `Remove one with the buttons below or ${code('/unsubscribe <number>')}.`,
      ].join('\n'),
    id: (lines, where) =>
      [
        where ? `<b>Langganan ${escapeHtml(where)}</b>` : '<b>Langganan obrolan ini</b>',
        '',
        ...listLines(lines, 'Feed', 'Topik'),
        '',
        `Hapus dengan tombol di bawah atau ${code('/unsubscribe <nomor>')}.`,
      ].join('\n'),
  },
  listEmpty: {
    en: 'This chat has no subscriptions yet. Start with /subscribe, or see /sources.',
    id: 'Obrolan ini belum punya langganan. Mulai dengan /subscribe, atau lihat /sources.',
  },
  listMoved: { en: 'This list has changed; the updated one follows.', id: 'Daftar ini sudah berubah; daftar terbarunya ada di bawah.' },
  removeButton: { en: (n) => `✖ ${n}`, id: (n) => `✖ ${n}` },
  unsubscribeUsage: {
    en: `Use ${code('/unsubscribe <number>')} (from /subscriptions), ${code('/unsubscribe <feed link>')} or ${code('/unsubscribe all')}.`,
    id: `Gunakan ${code('/unsubscribe <nomor>')} (dari /subscriptions), ${code('/unsubscribe <tautan feed>')} atau ${code('/unsubscribe all')}.`,
  },
  unsubscribed: { en: (name) => `Unsubscribed from <b>${label(name)}</b>.`, id: (name) => `Langganan <b>${label(name)}</b> dihapus.` },
  unsubscribedAll: {
    en: (count) => (count === 0 ? 'This chat had no subscriptions.' : `Removed all ${count} subscriptions of this chat.`),
    id: (count) => (count === 0 ? 'Obrolan ini tidak punya langganan.' : `Semua ${count} langganan obrolan ini sudah dihapus.`),
  },
  notSubscribed: {
    en: (what) => `This chat has no subscription ${echo(what)}. /subscriptions lists them with their numbers.`,
    id: (what) => `Obrolan ini tidak punya langganan ${echo(what)}. Lihat nomornya di /subscriptions.`,
  },
  removed: { en: 'Removed.', id: 'Dihapus.' },
  alreadyRemoved: { en: 'Already removed.', id: 'Sudah dihapus.' },
  adminOnly: { en: 'Only group admins can change subscriptions.', id: 'Hanya admin grup yang bisa mengubah langganan.' },
  scheduleState: {
    en: (schedule, timeZone) => `Delivery: ${describeSchedule(schedule, timeZone, 'en')}.`,
    id: (schedule, timeZone) => `Pengiriman: ${describeSchedule(schedule, timeZone, 'id')}.`,
  },
  scheduleUsage: {
    en: `Use ${code('/schedule instant')}, ${code('/schedule daily 07:30')} or ${code('/schedule 07:30 19:00')} (24-hour times, up to 12 a day).`,
    id: `Gunakan ${code('/schedule instant')}, ${code('/schedule daily 07:30')} atau ${code('/schedule 07:30 19:00')} (format 24 jam, paling banyak 12 kali sehari).`,
  },
  timeZoneState: { en: (timeZone) => `Time zone: ${escapeHtml(timeZone)}.`, id: (timeZone) => `Zona waktu: ${escapeHtml(timeZone)}.` },
  timeZoneUsage: {
    en: (given) =>
      `${given ? `${echoCode(given)} is not a time zone I know. ` : ''}Use a name like ${code('/timezone Asia/Jakarta')}, ${code('Europe/London')} or ${code('UTC')}; WIB, WITA and WIT work too.`,
    id: (given) =>
      `${given ? `Saya tidak mengenal zona waktu ${echoCode(given)}. ` : ''}Gunakan nama seperti ${code('/timezone Asia/Jakarta')}, ${code('Asia/Makassar')} atau ${code('UTC')}; WIB, WITA dan WIT juga bisa.`,
  },
  quietState: {
    en: (quiet, timeZone) => quiet ? `Quiet hours: ${quiet.start}–${quiet.end} (${escapeHtml(timeZone)}); items wait until they end.` : 'Quiet hours: off.',
    id: (quiet, timeZone) => quiet ? `Jam tenang: ${quiet.start}–${quiet.end} (${escapeHtml(timeZone)}); berita ditahan sampai jam tenang selesai.` : 'Jam tenang: nonaktif.',
  },
  quietUsage: {
    en: `Use ${code('/quiet 22:00-06:00')} (24-hour times) or ${code('/quiet off')}.`,
    id: `Gunakan ${code('/quiet 22:00-06:00')} (format 24 jam) atau ${code('/quiet off')}.`,
  },
  paused: {
    en: 'Paused: no digests will be sent here until /resume. Subscriptions are kept.',
    id: 'Dijeda: tidak ada ringkasan yang dikirim ke sini sampai /resume. Langganan tetap disimpan.',
  },
  resumed: { en: 'Resumed: digests will be sent here again.', id: 'Dilanjutkan: ringkasan akan kembali dikirim ke sini.' },
  feedDisabled: {
    en: (title, url) => `I stopped checking ${link(url, title)}: it failed again and again. Subscribe again with /subscribe when it works.`,
    id: (title, url) => `Saya berhenti memeriksa ${link(url, title)} karena berulang kali gagal diakses. Berlangganan lagi dengan /subscribe jika sudah pulih.`,
  },
  pauseState: {
    en: (paused) => (paused ? 'Deliveries are paused. Send /resume to continue.' : 'Deliveries are on. Send /pause to stop them for a while.'),
    id: (paused) => (paused ? 'Pengiriman sedang dijeda. Kirim /resume untuk melanjutkan.' : 'Pengiriman aktif. Kirim /pause untuk menghentikannya sementara.'),
  },
};

const BY_LANGUAGE: Record<Language, SubscriptionTexts> = { en: inLanguage(TEXTS, 'en'), id: inLanguage(TEXTS, 'id') };

export function subscriptionTexts(language: Language): SubscriptionTexts {
  return BY_LANGUAGE[language === 'id' ? 'id' : 'en'];
}
