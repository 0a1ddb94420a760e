import type { Language } from '../../digest/schema.js';

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

const EN: SettingsTexts = {
  title: '<b>Settings for this chat</b>',
  language: (setting) => `Digest language: ${setting === 'en' ? 'English' : setting === 'id' ? 'Indonesian' : 'auto (each person\'s Telegram language)'}.`,
  autoSummary: (enabled) => `Group autosummary: ${enabled ? 'on, every link posted here is summarized' : 'off, only /summary'}.`,
  subscriptionsPointer: 'Feeds and topics: /subscriptions. Any times: <code>/schedule 06:30 12:00 18:00</code>, <code>/quiet 21:00-05:00</code>.',
  pickTime: 'Pick the daily time (in the chat\'s time zone):',
  otherZone: 'Another zone: send <code>/timezone Asia/Singapore</code>, <code>/timezone Europe/London</code> or any IANA name.',
  buttons: {
    auto: 'Auto',
    autoSummary: (enabled) => (enabled ? 'Autosummary: on ✓' : 'Autosummary: off'),
    instant: 'Instant',
    daily: 'Daily…',
    twice: 'Twice daily',
    other: 'Other…',
    quiet: (on) => (on ? 'Quiet hours: 22–06 ✓' : 'Quiet hours: off'),
    pause: (paused) => (paused ? '▶ Resume deliveries' : '⏸ Pause deliveries'),
    back: '« Back',
  },
  saved: 'Saved.',
  foreignButton: 'This button belongs to another chat\'s settings. Send /settings here.',
};

const ID: SettingsTexts = {
  title: '<b>Pengaturan obrolan ini</b>',
  language: (setting) => `Bahasa ringkasan: ${setting === 'en' ? 'Inggris' : setting === 'id' ? 'Indonesia' : 'otomatis (bahasa Telegram masing-masing)'}.`,
  autoSummary: (enabled) => `Ringkasan otomatis grup: ${enabled ? 'aktif, setiap tautan di sini diringkas' : 'nonaktif, hanya lewat /summary'}.`,
  subscriptionsPointer: 'Feed dan topik: /subscriptions. Jam lain: <code>/schedule 06:30 12:00 18:00</code>, <code>/quiet 21:00-05:00</code>.',
  pickTime: 'Pilih jam kiriman harian (zona waktu obrolan ini):',
  otherZone: 'Zona lain: kirim <code>/timezone Asia/Singapore</code>, <code>/timezone Europe/London</code> atau nama IANA lainnya.',
  buttons: {
    auto: 'Otomatis',
    autoSummary: (enabled) => (enabled ? 'Ringkasan otomatis: aktif ✓' : 'Ringkasan otomatis: nonaktif'),
    instant: 'Langsung',
    daily: 'Harian…',
    twice: 'Dua kali sehari',
    other: 'Lainnya…',
    quiet: (on) => (on ? 'Jam tenang: 22–06 ✓' : 'Jam tenang: nonaktif'),
    pause: (paused) => (paused ? '▶ Lanjutkan kiriman' : '⏸ Jeda kiriman'),
    back: '« Kembali',
  },
  saved: 'Tersimpan.',
  foreignButton: 'Tombol ini milik pengaturan obrolan lain. Kirim /settings di sini.',
};

export function settingsTexts(language: Language): SettingsTexts {
  return language === 'id' ? ID : EN;
}
