import type { Language } from '../../digest/schema.js';
import { type BilingualTable, inLanguage } from '../bilingual.js';

/** The /settings menu's own words, in both languages; values are valid Telegram HTML. */
export interface SettingsTexts {
  title: string;
  language(setting: Language | null): string;
  autoSummary(enabled: boolean): string;
  subscriptionsPointer: string;
  /** Under the time picker. */
  pickTime: string;
  /** After "Other…": how to set any zone. */
  otherZone: string;
  buttons: {
    auto: string;
    autoSummary(enabled: boolean): string;
    instant: string;
    daily: string;
    twice: string;
    other: string;
    quiet(on: boolean): string;
    pause(paused: boolean): string;
    back: string;
  };
  saved: string;
  /** A button from another chat's menu (forged or copied data). */
  foreignButton: string;
}

/** Each text in English and Indonesian, side by side. */
const TEXTS: BilingualTable<SettingsTexts> = {
  title: { en: '<b>Settings for this chat</b>', id: '<b>Pengaturan obrolan ini</b>' },
  language: {
    en: (setting) => `Digest language: ${setting === 'en' ? 'English' : setting === 'id' ? 'Indonesian' : 'auto (each person\'s Telegram language)'}.`,
    id: (setting) => `Bahasa ringkasan: ${setting === 'en' ? 'Inggris' : setting === 'id' ? 'Indonesia' : 'otomatis (bahasa Telegram masing-masing)'}.`,
  },
  autoSummary: {
    en: (enabled) => `Group autosummary: ${enabled ? 'on, every link posted here is summarized' : 'off, only /summary'}.`,
    id: (enabled) => `Ringkasan otomatis grup: ${enabled ? 'aktif, setiap tautan di sini diringkas' : 'nonaktif, hanya lewat /summary'}.`,
  },
  subscriptionsPointer: {
    en: 'Feeds and topics: /subscriptions. Any times: <code>/schedule 06:30 12:00 18:00</code>, <code>/quiet 21:00-05:00</code>.',
    id: 'Feed dan topik: /subscriptions. Jam lain: <code>/schedule 06:30 12:00 18:00</code>, <code>/quiet 21:00-05:00</code>.',
  },
  pickTime: { en: 'Pick the daily time (in the chat\'s time zone):', id: 'Pilih jam kiriman harian (zona waktu obrolan ini):' },
  otherZone: {
    en: 'Another zone: send <code>/timezone Asia/Singapore</code>, <code>/timezone Europe/London</code> or any IANA name.',
    id: 'Zona lain: kirim <code>/timezone Asia/Singapore</code>, <code>/timezone Europe/London</code> atau nama IANA lainnya.',
  },
  buttons: {
    auto: { en: 'Auto', id: 'Otomatis' }, instant: { en: 'Instant', id: 'Langsung' }, daily: { en: 'Daily…', id: 'Harian…' },
    twice: { en: 'Twice daily', id: 'Dua kali sehari' }, other: { en: 'Other…', id: 'Lainnya…' }, back: { en: '« Back', id: '« Kembali' },
    autoSummary: {
      en: (enabled) => (enabled ? 'Autosummary: on ✓' : 'Autosummary: off'),
      id: (enabled) => (enabled ? 'Ringkasan otomatis: aktif ✓' : 'Ringkasan otomatis: nonaktif'),
    },
    quiet: { en: (on) => (on ? 'Quiet hours: 22–06 ✓' : 'Quiet hours: off'), id: (on) => (on ? 'Jam tenang: 22–06 ✓' : 'Jam tenang: nonaktif') },
    pause: { en: (paused) => (paused ? '▶ Resume deliveries' : '⏸ Pause deliveries'), id: (paused) => (paused ? '▶ Lanjutkan kiriman' : '⏸ Jeda kiriman') },
  },
  saved: { en: 'Saved.', id: 'Tersimpan.' },
  foreignButton: {
    en: 'This button belongs to another chat\'s settings. Send /settings here.',
    id: 'Tombol ini milik pengaturan obrolan lain. Kirim /settings di sini.',
  },
};

const BY_LANGUAGE: Record<Language, SettingsTexts> = { en: inLanguage(TEXTS, 'en'), id: inLanguage(TEXTS, 'id') };

export function settingsTexts(language: Language): SettingsTexts {
  return BY_LANGUAGE[language === 'id' ? 'id' : 'en'];
}
