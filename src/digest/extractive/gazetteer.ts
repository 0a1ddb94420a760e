import type { Language } from '../schema.js';
import { CITY_ROWS } from './gazetteer-cities.js';
import { COUNTRY_ROWS } from './gazetteer-data.js';

export type PlaceKind = 'country' | 'organisation' | 'city';

/** A country, organisation or city known in both languages. */
export interface PlaceEntry {
  key: string;
  kind: PlaceKind;
  /** English name; `enThe` says it reads "the United States" inside a role ("President of the United States"). */
  en: string;
  enThe?: boolean;
  /** Indonesian name. */
  id: string;
  /** Surface forms matched case-sensitively in text (names, abbreviations, English adjectives). */
  aliases: string[];
  /** For a city: the key of its country. */
  country?: string;
  /** For a seat of government ("White House", "Kremlin"): the English name of the state it speaks for. */
  seatOf?: string;
}

const org = (key: string, en: string, id: string, aliases: string[], enThe = true, seatOf?: string): PlaceEntry => ({
  key,
  kind: 'organisation',
  en,
  id,
  aliases: [en, id, ...aliases],
  enThe,
  ...(seatOf ? { seatOf } : {}),
});

const rows = (table: string) =>
  table
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.split('|').map((cell) => cell.trim()));
const forms = (cell: string | undefined) => (cell ? cell.split(',').map((f) => f.trim()).filter((f) => f !== '') : []);

const COUNTRIES: PlaceEntry[] = rows(COUNTRY_ROWS).map(([key = '', en = '', id = '', other]) => {
  const enThe = en.startsWith('*');
  const name = en.replace(/^\*/u, '');
  return { key, kind: 'country', en: name, id, aliases: [name, id, ...forms(other)], enThe };
});

const CITIES: PlaceEntry[] = rows(CITY_ROWS).map(([en = '', id = '', country = '', other]) => ({
  key: `city:${en}`,
  kind: 'city',
  en,
  id,
  country,
  aliases: [en, id, en.toUpperCase(), id.toUpperCase(), ...forms(other)],
}));

const ORGANISATIONS: PlaceEntry[] = [
  org('UNSC', 'UN Security Council', 'Dewan Keamanan PBB', ['DK PBB', 'United Nations Security Council', 'Security Council']),
  org('UN', 'United Nations', 'PBB', ['UN', 'U.N.', 'Perserikatan Bangsa-Bangsa']),
  org('ASEAN', 'ASEAN', 'ASEAN', [], false),
  org('EU', 'European Union', 'Uni Eropa', ['EU', 'UE']),
  org('NATO', 'NATO', 'NATO', [], false),
  org('OIC', 'OIC', 'OKI', ['Organisation of Islamic Cooperation', 'Organization of Islamic Cooperation', 'Organisasi Kerja Sama Islam'], false),
  org('G20', 'G20', 'G20', ['G-20'], false),
  org('G7', 'G7', 'G7', ['G-7'], false),
  org('BRICS', 'BRICS', 'BRICS', [], false),
  org('IAEA', 'IAEA', 'IAEA', ['International Atomic Energy Agency', 'Badan Energi Atom Internasional'], false),
  org('WHO', 'WHO', 'WHO', ['World Health Organization', 'Organisasi Kesehatan Dunia'], false),
  org('APEC', 'APEC', 'APEC', [], false),
  org('KEMLU', 'Indonesian Foreign Ministry', 'Kementerian Luar Negeri RI', ['Kemlu', 'Kemenlu', 'Kemlu RI', 'Kemenlu RI'], true, 'Indonesia'),
  org('KREMLIN', 'Kremlin', 'Kremlin', [], true, 'Russia'),
  org('WHITEHOUSE', 'White House', 'Gedung Putih', [], true, 'United States'),
];

/** Every sovereign state, the organisations diplomatic news names, and major cities (data in gazetteer-data.ts and gazetteer-cities.ts). */
export const GAZETTEER: readonly PlaceEntry[] = [...COUNTRIES, ...ORGANISATIONS, ...CITIES];

/** One occurrence of a gazetteer entry in a text. */
export interface PlaceMention {
  entry: PlaceEntry;
  surface: string;
  start: number;
  end: number;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

const byAlias = new Map<string, PlaceEntry>();
for (const entry of GAZETTEER) for (const alias of entry.aliases) if (!byAlias.has(alias)) byAlias.set(alias, entry);
// Longest alias first so "Dewan Keamanan PBB" wins over "PBB" and "Korea Selatan" over "Korea".
const aliasPattern = [...byAlias.keys()].sort((a, b) => b.length - a.length).map(escape).join('|');
// Every alias starts with a capital (tests/digest/extractive/gazetteer.test.ts checks it): the lookahead lets the
// engine skip the ~900 alternatives at every lower-case position, which is most of a text.
const PLACE_RE = new RegExp(`(?<![\\p{L}\\p{N}])(?=\\p{Lu})(?:${aliasPattern})(?![\\p{L}\\p{N}])`, 'gu');

/** Surface forms that look like a place but are not one in this context. */
function isFalsePositive(text: string, start: number, end: number, surface: string): boolean {
  const before = text.slice(Math.max(0, start - 12), start).toLowerCase();
  const after = text.slice(end, end + 12);
  // "bahasa Inggris" is the English language, not the United Kingdom.
  if (/bahasa\s+$/u.test(before)) return true;
  // "South American nations", "Latin America": a continent or region, not the United States.
  if ((surface === 'American' || surface === 'America') && /(?:south|north|central|latin|pan)[\s-]$/u.test(before)) return true;
  // "South China Sea", "Java Sea": a sea or strait named after a country.
  if (/^\s+(?:Sea|Ocean|Strait|Straits|Gulf)\b/u.test(after) || /(?:Laut|Selat|Teluk)\s+$/u.test(text.slice(Math.max(0, start - 8), start))) return true;
  // Football clubs: "AS Roma", "AS Monaco".
  if (surface === 'AS' && /^\s+(?:Roma|Monaco|Saint)/u.test(after)) return true;
  if (/(?:^|\s)AS\s+$/u.test(text.slice(Math.max(0, start - 4), start))) return true;
  // "US" as a pronoun only appears in all-caps headlines; "WHO" likewise ("WHO IS…").
  if ((surface === 'US' || surface === 'WHO') && /^\s+[A-Z]{2,}/u.test(after)) return true;
  return false;
}

/** All gazetteer mentions in `text`, left to right, without overlaps. */
export function findPlaces(text: string): PlaceMention[] {
  const out: PlaceMention[] = [];
  for (const match of text.matchAll(PLACE_RE)) {
    const surface = match[0];
    const start = match.index;
    const end = start + surface.length;
    if (isFalsePositive(text, start, end, surface)) continue;
    const entry = byAlias.get(surface);
    if (entry) out.push({ entry, surface, start, end });
  }
  return out;
}

/**
 * "in Jakarta, Indonesia", "di Filipina": a place named as where something happened, not a side in it.
 * `previous` is the mention before it. "in the U.S.-China relationship" and "in Indonesia's …" are not venues.
 */
export function isVenueMention(text: string, mention: PlaceMention, previous: PlaceMention | undefined): boolean {
  if (/^(?:\s*[-–]|['’]s)/u.test(text.slice(mention.end))) return false;
  if (/(?<![\p{L}])(?:in|at|di)\s+(?:the\s+)?$/u.test(text.slice(Math.max(0, mention.start - 8), mention.start))) return true;
  return previous?.entry.kind === 'city' && /^,\s*$/u.test(text.slice(previous.end, mention.start));
}

/** The entry whose alias is exactly `surface`, if any. */
export function lookupPlace(surface: string): PlaceEntry | undefined {
  return byAlias.get(surface.trim());
}

/** The entry's name in a language. */
export function placeName(entry: PlaceEntry, language: Language): string {
  return language === 'id' ? entry.id : entry.en;
}

/** "the United States" / "Russia", for English phrases like "President of …". */
export function placeNameInPhrase(entry: PlaceEntry, language: Language): string {
  return language === 'en' && entry.enThe ? `the ${entry.en}` : placeName(entry, language);
}
