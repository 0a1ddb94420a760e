import type { Telegram } from 'telegraf';
import type { Language } from '../digest/schema.js';

/** One entry of the command menu, described in both languages. */
export interface MenuCommand {
  command: string;
  description: Record<Language, string>;
}

/** The command menu; Telegram shows the Indonesian descriptions to users whose app is in Indonesian. */
export const BOT_COMMANDS: readonly MenuCommand[] = [
  { command: 'summary', description: { en: 'Summarize a link or the message you reply to', id: 'Ringkas tautan atau pesan yang Anda balas' } },
  { command: 'lang', description: { en: 'Digest language for this chat: en or id', id: 'Bahasa ringkasan untuk obrolan ini: id atau en' } },
  { command: 'autosummary', description: { en: 'Groups: summarize every link (on/off)', id: 'Grup: ringkas setiap tautan (on/off)' } },
  { command: 'subscribe', description: { en: 'Follow a feed, a source or a topic', id: 'Ikuti feed, sumber atau topik' } },
  { command: 'subscriptions', description: { en: 'Feeds and topics of this chat', id: 'Feed dan topik obrolan ini' } },
  { command: 'unsubscribe', description: { en: 'Stop following: number, link or all', id: 'Berhenti mengikuti: nomor, tautan atau all' } },
  { command: 'sources', description: { en: 'Curated news sources', id: 'Daftar sumber berita pilihan' } },
  { command: 'schedule', description: { en: 'Instant or daily digests: instant, 07:30', id: 'Kirim langsung atau harian: instant, 07:30' } },
  { command: 'timezone', description: { en: 'Time zone for the schedule, e.g. Asia/Jakarta', id: 'Zona waktu jadwal, misalnya WIB' } },
  { command: 'quiet', description: { en: 'Quiet hours, e.g. 22:00-06:00 or off', id: 'Jam tenang, misalnya 22:00-06:00 atau off' } },
  { command: 'pause', description: { en: 'Pause subscription digests', id: 'Jeda kiriman langganan' } },
  { command: 'resume', description: { en: 'Resume subscription digests', id: 'Lanjutkan kiriman langganan' } },
  { command: 'stories', description: { en: 'Followed stories: list and stop following', id: 'Berita yang diikuti: daftar dan berhenti' } },
  { command: 'reminders', description: { en: 'Reminders of next steps: list and remove', id: 'Pengingat langkah selanjutnya: daftar dan hapus' } },
  { command: 'settings', description: { en: 'Settings with buttons: language, schedule, time zone…', id: 'Pengaturan lewat tombol: bahasa, jadwal, zona waktu…' } },
  { command: 'help', description: { en: 'What I can do', id: 'Apa saja yang bisa saya lakukan' } },
  { command: 'start', description: { en: 'Welcome and an example', id: 'Sambutan dan contoh' } },
];

/** The list in the shape setMyCommands takes. */
export function menuFor(language: Language): Array<{ command: string; description: string }> {
  return BOT_COMMANDS.map((entry) => ({ command: entry.command, description: entry.description[language] }));
}

/** Sets the menu: the English list as the default, the Indonesian one for language_code "id". */
export async function registerCommands(telegram: Pick<Telegram, 'setMyCommands'>): Promise<void> {
  await telegram.setMyCommands(menuFor('en'));
  await telegram.setMyCommands(menuFor('id'), { language_code: 'id' });
}
