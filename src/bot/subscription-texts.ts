import { cleanText, escapeHtml, escapeHtmlAttribute, linkableUrl, shortenAtWord } from '../digest/render/index.js';
import type { Language } from '../digest/schema.js';
import type { QuietHours, Schedule } from '../subscriptions/schedule.js';

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
  channelNotFound: (channel: string) => string;
  channelNotAdmin: (channel: string) => string;
  channelBotNotAdmin: (channel: string) => string;
  channelUnusable: string;
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

const EN: SubscriptionTexts = {
  subscribeUsage: [
    '<b>Subscribe this chat to news</b>',
    `• ${code('/subscribe <feed or page link>')}: an RSS, Atom or JSON feed, or a news page that offers one.`,
    `• ${code('/subscribe <source>')}: a curated source from /sources, e.g. ${code('/subscribe antara-en-world')}.`,
    `• ${code('/subscribe topic <words>')}: only items that mention them, e.g. ${code('/subscribe topic ASEAN')}.`,
    `• ${code('/subscribe @channel …')} in a private chat with me: post to a channel where you and I are admins.`,
  ].join('\n'),
  subscribed: (title, hasPreview) =>
    `Subscribed to <b>${label(title)}</b>.${hasPreview ? ' Here is the latest item as a preview:' : ' New items will appear here.'}`,
  subscribedChannel: (title, channel, hasPreview) =>
    `${escapeHtml(channel)} is now subscribed to <b>${label(title)}</b>.${hasPreview ? ' I posted the latest item there as a preview.' : ''}`,
  alreadySubscribed: (title) => `This chat already follows <b>${label(title)}</b>.`,
  notAFeed: 'That link is not a news feed, and the page does not point to one. Send the address of an RSS, Atom or JSON feed, or of a news page that offers one.',
  unknownPreset: (word) => `I don't know a source called ${echoCode(word)}. /sources lists the ones I offer; you can also send a feed link.`,
  feedLimit: (limit) => `This chat already follows ${limit} feeds, the most allowed. Remove one with /unsubscribe first.`,
  topicLimit: (limit) => `This chat already watches ${limit} topics, the most allowed. Remove one with /unsubscribe first.`,
  topicAdded: (topic, followsPresets) =>
    followsPresets
      ? `Watching <b>${label(topic)}</b>. This chat follows no feeds of its own, so I will send items about it from every source in /sources.`
      : `Watching <b>${label(topic)}</b>. From now on this chat gets only items from its feeds that mention one of its topics.`,
  topicExists: (topic) => `This chat already watches <b>${label(topic)}</b>.`,
  topicEmpty: `Add one or more words after ${code('topic')}, e.g. ${code('/subscribe topic Iran')} or ${code('/subscribe topic Menlu Sugiono')}.`,
  topicTooLong: (max) => `A topic can be at most ${max} characters long.`,
  topicBadCharacter: (character) => `A topic may contain only letters, digits, spaces, hyphens, apostrophes and dots, not ${code(character)}.`,
  channelFromPrivate: 'To link a channel, send this command to me in a private chat.',
  channelNotFound: (channel) => `I can't find ${escapeHtml(channel)}. Add me to the channel as an admin first, then try again.`,
  channelNotAdmin: (channel) => `Only admins of ${escapeHtml(channel)} can change its subscriptions.`,
  channelBotNotAdmin: (channel) => `I need to be an admin of ${escapeHtml(channel)} with the right to post messages. Add me, then try again.`,
  channelUnusable: 'That is not a channel or group I can post to.',
  sources: (lines) =>
    [
      '<b>Curated sources</b> (subscribe with /subscribe and the id):',
      ...lines.map((line) => `• ${code(line.id)} — ${label(line.name)} (${LANGUAGE_LABEL.en[line.language]})`),
    ].join('\n'),
  noSources: 'No curated sources are configured. You can still subscribe to any feed link.',
  list: (lines, where) =>
    [
      where ? `<b>Subscriptions of ${escapeHtml(where)}</b>` : '<b>Subscriptions of this chat</b>',
      '',
      ...listLines(lines, 'Feeds', 'Topics'),
      '',
      `Remove one with the buttons below or ${code('/unsubscribe <number>')}.`,
    ].join('\n'),
  listEmpty: 'This chat has no subscriptions yet. Start with /subscribe, or see /sources.',
  listMoved: 'This list has changed; the updated one follows.',
  removeButton: (n) => `✖ ${n}`,
  unsubscribeUsage: `Use ${code('/unsubscribe <number>')} (from /subscriptions), ${code('/unsubscribe <feed link>')} or ${code('/unsubscribe all')}.`,
  unsubscribed: (name) => `Unsubscribed from <b>${label(name)}</b>.`,
  unsubscribedAll: (count) => (count === 0 ? 'This chat had no subscriptions.' : `Removed all ${count} subscriptions of this chat.`),
  notSubscribed: (what) => `This chat has no subscription ${echo(what)}. /subscriptions lists them with their numbers.`,
  removed: 'Removed.',
  alreadyRemoved: 'Already removed.',
  adminOnly: 'Only group admins can change subscriptions.',
  scheduleState: (schedule, timeZone) => `Delivery: ${describeSchedule(schedule, timeZone, 'en')}.`,
  scheduleUsage: `Use ${code('/schedule instant')}, ${code('/schedule daily 07:30')} or ${code('/schedule 07:30 19:00')} (24-hour times, up to 12 a day).`,
  timeZoneState: (timeZone) => `Time zone: ${escapeHtml(timeZone)}.`,
  timeZoneUsage: (given) =>
    `${given ? `${echoCode(given)} is not a time zone I know. ` : ''}Use a name like ${code('/timezone Asia/Jakarta')}, ${code('Europe/London')} or ${code('UTC')}; WIB, WITA and WIT work too.`,
  quietState: (quiet, timeZone) =>
    quiet ? `Quiet hours: ${quiet.start}–${quiet.end} (${escapeHtml(timeZone)}); items wait until they end.` : 'Quiet hours: off.',
  quietUsage: `Use ${code('/quiet 22:00-06:00')} (24-hour times) or ${code('/quiet off')}.`,
  paused: 'Paused: no digests will be sent here until /resume. Subscriptions are kept.',
  resumed: 'Resumed: digests will be sent here again.',
  feedDisabled: (title, url) =>
    `I stopped checking ${link(url, title)}: it failed again and again. Subscribe again with /subscribe when it works.`,
  pauseState: (paused) => (paused ? 'Deliveries are paused. Send /resume to continue.' : 'Deliveries are on. Send /pause to stop them for a while.'),
};

const ID: SubscriptionTexts = {
  subscribeUsage: [
    '<b>Berlangganan berita di obrolan ini</b>',
    `• ${code('/subscribe <tautan feed atau halaman>')}: feed RSS, Atom atau JSON, atau halaman berita yang menyediakannya.`,
    `• ${code('/subscribe <sumber>')}: sumber pilihan dari /sources, misalnya ${code('/subscribe antara-id-dunia')}.`,
    `• ${code('/subscribe topic <kata>')}: hanya berita yang menyebutnya, misalnya ${code('/subscribe topic ASEAN')}.`,
    `• ${code('/subscribe @kanal …')} lewat obrolan pribadi dengan saya: kirim ke kanal tempat Anda dan saya menjadi admin.`,
  ].join('\n'),
  subscribed: (title, hasPreview) =>
    `Berhasil berlangganan <b>${label(title)}</b>.${hasPreview ? ' Ini berita terbarunya sebagai contoh:' : ' Berita baru akan muncul di sini.'}`,
  subscribedChannel: (title, channel, hasPreview) =>
    `${escapeHtml(channel)} kini berlangganan <b>${label(title)}</b>.${hasPreview ? ' Berita terbarunya sudah saya kirim ke sana sebagai contoh.' : ''}`,
  alreadySubscribed: (title) => `Obrolan ini sudah berlangganan <b>${label(title)}</b>.`,
  notAFeed: 'Tautan itu bukan feed berita, dan halamannya tidak menyediakan feed. Kirim alamat feed RSS, Atom atau JSON, atau halaman berita yang menyediakannya.',
  unknownPreset: (word) => `Saya tidak mengenal sumber bernama ${echoCode(word)}. Lihat daftarnya di /sources, atau kirim tautan feed.`,
  feedLimit: (limit) => `Obrolan ini sudah berlangganan ${limit} feed, batas maksimalnya. Hapus salah satu dengan /unsubscribe lebih dulu.`,
  topicLimit: (limit) => `Obrolan ini sudah memantau ${limit} topik, batas maksimalnya. Hapus salah satu dengan /unsubscribe lebih dulu.`,
  topicAdded: (topic, followsPresets) =>
    followsPresets
      ? `Memantau <b>${label(topic)}</b>. Obrolan ini belum berlangganan feed apa pun, jadi saya akan mengirim berita tentang topik ini dari semua sumber di /sources.`
      : `Memantau <b>${label(topic)}</b>. Mulai sekarang obrolan ini hanya menerima berita dari feed-nya yang menyebut salah satu topiknya.`,
  topicExists: (topic) => `Obrolan ini sudah memantau <b>${label(topic)}</b>.`,
  topicEmpty: `Tambahkan satu kata atau lebih setelah ${code('topic')}, misalnya ${code('/subscribe topic Iran')} atau ${code('/subscribe topic Menlu Sugiono')}.`,
  topicTooLong: (max) => `Topik paling panjang ${max} karakter.`,
  topicBadCharacter: (character) => `Topik hanya boleh berisi huruf, angka, spasi, tanda hubung, apostrof dan titik, bukan ${code(character)}.`,
  channelFromPrivate: 'Untuk menautkan kanal, kirim perintah ini kepada saya lewat obrolan pribadi.',
  channelNotFound: (channel) => `Saya tidak menemukan ${escapeHtml(channel)}. Jadikan saya admin kanal itu dulu, lalu coba lagi.`,
  channelNotAdmin: (channel) => `Hanya admin ${escapeHtml(channel)} yang bisa mengubah langganannya.`,
  channelBotNotAdmin: (channel) => `Saya harus menjadi admin ${escapeHtml(channel)} dengan izin mengirim pesan. Tambahkan saya, lalu coba lagi.`,
  channelUnusable: 'Itu bukan kanal atau grup tempat saya bisa mengirim pesan.',
  sources: (lines) =>
    [
      '<b>Sumber pilihan</b> (berlangganan dengan /subscribe dan id-nya):',
      ...lines.map((line) => `• ${code(line.id)} — ${label(line.name)} (${LANGUAGE_LABEL.id[line.language]})`),
    ].join('\n'),
  noSources: 'Belum ada sumber pilihan yang diatur. Anda tetap bisa berlangganan tautan feed apa pun.',
  list: (lines, where) =>
    [
      where ? `<b>Langganan ${escapeHtml(where)}</b>` : '<b>Langganan obrolan ini</b>',
      '',
      ...listLines(lines, 'Feed', 'Topik'),
      '',
      `Hapus dengan tombol di bawah atau ${code('/unsubscribe <nomor>')}.`,
    ].join('\n'),
  listEmpty: 'Obrolan ini belum punya langganan. Mulai dengan /subscribe, atau lihat /sources.',
  listMoved: 'Daftar ini sudah berubah; daftar terbarunya ada di bawah.',
  removeButton: (n) => `✖ ${n}`,
  unsubscribeUsage: `Gunakan ${code('/unsubscribe <nomor>')} (dari /subscriptions), ${code('/unsubscribe <tautan feed>')} atau ${code('/unsubscribe all')}.`,
  unsubscribed: (name) => `Langganan <b>${label(name)}</b> dihapus.`,
  unsubscribedAll: (count) => (count === 0 ? 'Obrolan ini tidak punya langganan.' : `Semua ${count} langganan obrolan ini sudah dihapus.`),
  notSubscribed: (what) => `Obrolan ini tidak punya langganan ${echo(what)}. Lihat nomornya di /subscriptions.`,
  removed: 'Dihapus.',
  alreadyRemoved: 'Sudah dihapus.',
  adminOnly: 'Hanya admin grup yang bisa mengubah langganan.',
  scheduleState: (schedule, timeZone) => `Pengiriman: ${describeSchedule(schedule, timeZone, 'id')}.`,
  scheduleUsage: `Gunakan ${code('/schedule instant')}, ${code('/schedule daily 07:30')} atau ${code('/schedule 07:30 19:00')} (format 24 jam, paling banyak 12 kali sehari).`,
  timeZoneState: (timeZone) => `Zona waktu: ${escapeHtml(timeZone)}.`,
  timeZoneUsage: (given) =>
    `${given ? `Saya tidak mengenal zona waktu ${echoCode(given)}. ` : ''}Gunakan nama seperti ${code('/timezone Asia/Jakarta')}, ${code('Asia/Makassar')} atau ${code('UTC')}; WIB, WITA dan WIT juga bisa.`,
  quietState: (quiet, timeZone) =>
    quiet ? `Jam tenang: ${quiet.start}–${quiet.end} (${escapeHtml(timeZone)}); berita ditahan sampai jam tenang selesai.` : 'Jam tenang: nonaktif.',
  quietUsage: `Gunakan ${code('/quiet 22:00-06:00')} (format 24 jam) atau ${code('/quiet off')}.`,
  paused: 'Dijeda: tidak ada ringkasan yang dikirim ke sini sampai /resume. Langganan tetap disimpan.',
  resumed: 'Dilanjutkan: ringkasan akan kembali dikirim ke sini.',
  feedDisabled: (title, url) =>
    `Saya berhenti memeriksa ${link(url, title)} karena berulang kali gagal diakses. Berlangganan lagi dengan /subscribe jika sudah pulih.`,
  pauseState: (paused) => (paused ? 'Pengiriman sedang dijeda. Kirim /resume untuk melanjutkan.' : 'Pengiriman aktif. Kirim /pause untuk menghentikannya sementara.'),
};

export function subscriptionTexts(language: Language): SubscriptionTexts {
  return language === 'id' ? ID : EN;
}
