import type { DigestSource, EngineName, Language, Person } from '../schema.js';
import { displayHost } from '../../ingest/urls.js';
import { cleanText, linkableUrl } from './escape.js';

/** Every fixed piece of digest text, in one language. */
export interface DigestLabels {
  who: string;
  /** The states taking part, shown under "who". */
  countries: string;
  what: string;
  when: string;
  where: string;
  agreements: string;
  nextSteps: string;
  keyPoints: string;
  background: string;
  notes: string;
  source: string;
  /** Credit name when the user pasted the article instead of sending a link. */
  pastedText: string;
  /** Credit name when the source has a URL we cannot name (no publisher, host or title). */
  webPage: string;
  /** Next-step reminders (issue 13): the button, the reminder's heading, "since then" and its empty case. */
  remindMe: string;
  reminder: string;
  /** The one next step a reminder is about. */
  nextStep: string;
  reportedSince: string;
  nothingReportedYet: string;
  /** Story follow-ups (issue 13): the heading of what a follow-up adds, the link back, the repeat line, the button. */
  whatsNew: string;
  earlier: string;
  /** Followed by the earlier headline: "Nothing new beyond “…”". */
  nothingNewBeyond: string;
  followStory: string;
  unfollowStory: string;
  /** Month names, January first. Written out here because ICU's `id` output varies between Node builds. */
  months: readonly string[];
  /** Short tag saying which engine wrote the digest. */
  engineTag(engine: EngineName, model: string): string;
}

type FixedText = Exclude<keyof DigestLabels, 'months' | 'engineTag'>;

/** Each fixed text in English and Indonesian, side by side, so a new label cannot miss a language. */
const TEXTS: Record<FixedText, readonly [en: string, id: string]> = {
  // Section headings.
  who: ['Who', 'Siapa'], countries: ['Countries', 'Negara'], what: ['What', 'Apa'], when: ['When', 'Kapan'], where: ['Where', 'Di mana'],
  agreements: ['Agreements', 'Kesepakatan'], nextSteps: ['Next steps', 'Langkah selanjutnya'], keyPoints: ['Key points', 'Poin penting'],
  background: ['Background', 'Latar belakang'], notes: ['Notes', 'Catatan'], source: ['Source', 'Sumber'],
  // Credit names.
  pastedText: ['pasted text', 'teks yang ditempel'], webPage: ['web page', 'halaman web'],
  // Story follow-ups.
  whatsNew: ["What's new", 'Yang baru'], earlier: ['Earlier:', 'Sebelumnya:'], nothingNewBeyond: ['Nothing new beyond', 'Tidak ada yang baru selain'],
  followStory: ['Follow this story', 'Ikuti berita ini'], unfollowStory: ['Stop following', 'Berhenti mengikuti'],
  // Next-step reminders.
  remindMe: ['Remind me', 'Ingatkan saya'], reminder: ['Reminder', 'Pengingat'], nextStep: ['Next step', 'Langkah selanjutnya'],
  reportedSince: ['Reported since', 'Diberitakan sejak itu'], nothingReportedYet: ['Nothing reported yet', 'Belum ada laporan'],
};

const textsIn = (index: 0 | 1) =>
  Object.fromEntries(Object.entries(TEXTS).map(([key, pair]) => [key, pair[index]])) as Record<FixedText, string>;

const EN: DigestLabels = {
  ...textsIn(0),
  months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  engineTag: (engine, model) => (engine === 'openai' ? `Summarized by AI (${model})` : 'Summarized by the built-in engine'),
};

const ID: DigestLabels = {
  ...textsIn(1),
  months: ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'],
  engineTag: (engine, model) => (engine === 'openai' ? `Diringkas oleh AI (${model})` : 'Diringkas oleh mesin bawaan'),
};

/** The fixed digest text for a language. */
export function labelsFor(language: Language): DigestLabels {
  return language === 'id' ? ID : EN;
}

const ISO_DATE = /^(\d{4})-(\d{2})(?:-(\d{2}))?(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * "2025-05-06" → "6 May 2025" (en) / "6 Mei 2025" (id); "2025-05" → "May 2025". Anything that is not
 * an ISO date (the model may write "Tuesday" or "early May") is returned cleaned but unchanged.
 * The calendar date is taken as written, not converted to UTC: a Jakarta article stamped
 * 2025-05-06T06:00+07:00 was published on 6 May for its readers.
 */
export function formatDate(iso: string, language: Language): string {
  const text = cleanText(iso);
  const match = ISO_DATE.exec(text);
  if (!match) return text;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const monthName = labelsFor(language).months[month - 1];
  if (monthName === undefined) return text;
  if (match[3] === undefined) return `${monthName} ${year}`;
  const day = Number(match[3]);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (day < 1 || check.getUTCMonth() !== month - 1) return text;
  return `${day} ${monthName} ${year}`;
}

/**
 * "Vladimir Putin (President of Russia)". The country is added only when the role does not already
 * name it, so the line stays short: "Sergey Lavrov (Foreign Minister, Russia)".
 */
export function describePerson(person: Person): string {
  const name = cleanText(person.name);
  const role = cleanText(person.role);
  const country = cleanText(person.country);
  const details =
    role && country && !role.toLowerCase().includes(country.toLowerCase())
      ? `${role}, ${country}`
      : role || country;
  // A body named after its country ("Oman", country "Oman") needs no brackets.
  return details && details.toLowerCase() !== name.toLowerCase() ? `${name} (${details})` : name;
}

/**
 * The countries line's content: the digest's states, cleaned and without repeats, or none when
 * the `who` line already names every one of them (a person's country or office, or a state acting), so a
 * two-leader call does not spend a line repeating "Russia, Iran".
 */
export function countriesToShow(who: readonly Person[], countries: readonly string[]): string[] {
  const key = (s: string) => s.toLowerCase();
  const seen = new Set<string>();
  const list = countries.map(cleanText).filter((country) => {
    if (!country || seen.has(key(country))) return false;
    seen.add(key(country));
    return true;
  });
  const shown = who.map(describePerson).join('; ');
  const inWho = (country: string) =>
    new RegExp(`(?<![\\p{L}\\p{N}])${country.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}(?![\\p{L}\\p{N}])`, 'iu').test(shown);
  return list.some((country) => !inWho(country)) ? list : [];
}

/** What the credit line calls the source: publisher, else the site's host, else the title. */
export function creditName(source: DigestSource, language: Language): string {
  const labels = labelsFor(language);
  const publisher = cleanText(source.publisher);
  if (publisher) return publisher;
  const url = linkableUrl(source.url);
  if (url) return displayHost(url) ?? url;
  const title = cleanText(source.title);
  if (title) return title;
  return source.url ? labels.webPage : labels.pastedText;
}
