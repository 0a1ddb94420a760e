import type { Language } from '../schema.js';

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
}

const country = (key: string, en: string, id: string, aliases: string[], enThe = false): PlaceEntry => ({
  key,
  kind: 'country',
  en,
  id,
  aliases: [en, id, ...aliases],
  enThe,
});
const org = (key: string, en: string, id: string, aliases: string[], enThe = true): PlaceEntry => ({
  key,
  kind: 'organisation',
  en,
  id,
  aliases: [en, id, ...aliases],
  enThe,
});
const city = (en: string, id: string, aliases: string[] = []): PlaceEntry => ({
  key: `city:${en}`,
  kind: 'city',
  en,
  id,
  aliases: [en, id, en.toUpperCase(), id.toUpperCase(), ...aliases],
});

export const GAZETTEER: readonly PlaceEntry[] = [
  country('RU', 'Russia', 'Rusia', ['Russian', 'Russian Federation', 'Federasi Rusia']),
  country('US', 'United States', 'Amerika Serikat', ['AS', 'U.S.', 'US', 'USA', 'America', 'American', 'Amerika'], true),
  country('IR', 'Iran', 'Iran', ['Iranian']),
  country('CN', 'China', 'Tiongkok', ['Cina', 'Chinese', 'RRT']),
  country('JP', 'Japan', 'Jepang', ['Japanese']),
  country('KR', 'South Korea', 'Korea Selatan', ['Korsel', 'South Korean']),
  country('KP', 'North Korea', 'Korea Utara', ['Korut', 'North Korean']),
  country('SA', 'Saudi Arabia', 'Arab Saudi', ['Saudi']),
  country('GB', 'United Kingdom', 'Inggris', ['UK', 'U.K.', 'Britain', 'British', 'Britania Raya'], true),
  country('FR', 'France', 'Prancis', ['Perancis', 'French']),
  country('DE', 'Germany', 'Jerman', ['German']),
  country('NL', 'Netherlands', 'Belanda', ['Dutch'], true),
  country('OM', 'Oman', 'Oman', ['Omani']),
  country('IL', 'Israel', 'Israel', ['Israeli']),
  country('PS', 'Palestine', 'Palestina', ['Palestinian']),
  country('UA', 'Ukraine', 'Ukraina', ['Ukrainian']),
  country('TR', 'Turkey', 'Turki', ['Türkiye', 'Turkish']),
  country('EG', 'Egypt', 'Mesir', ['Egyptian']),
  country('IN', 'India', 'India', ['Indian']),
  country('PK', 'Pakistan', 'Pakistan', ['Pakistani']),
  country('AU', 'Australia', 'Australia', ['Australian']),
  country('MY', 'Malaysia', 'Malaysia', ['Malaysian']),
  country('SG', 'Singapore', 'Singapura', ['Singaporean']),
  country('PH', 'Philippines', 'Filipina', ['Philippine', 'Filipino'], true),
  country('TH', 'Thailand', 'Thailand', ['Thai']),
  country('VN', 'Vietnam', 'Vietnam', ['Vietnamese', 'Viet Nam']),
  country('TL', 'Timor-Leste', 'Timor Leste', ['Timor-Leste', 'East Timor', 'Timor Timur']),
  country('ID', 'Indonesia', 'Indonesia', ['RI', 'Indonesian', 'Republik Indonesia']),
  country('QA', 'Qatar', 'Qatar', ['Qatari']),
  country('AE', 'United Arab Emirates', 'Uni Emirat Arab', ['UEA', 'UAE', 'Emirati'], true),
  country('IT', 'Italy', 'Italia', ['Italian']),
  country('ES', 'Spain', 'Spanyol', ['Spanish']),
  country('CA', 'Canada', 'Kanada', ['Canadian']),
  country('BR', 'Brazil', 'Brasil', ['Brazilian']),
  country('MX', 'Mexico', 'Meksiko', ['Mexican']),
  country('ZA', 'South Africa', 'Afrika Selatan', ['South African']),
  country('SY', 'Syria', 'Suriah', ['Syrian']),
  country('IQ', 'Iraq', 'Irak', ['Iraqi']),
  country('JO', 'Jordan', 'Yordania', ['Jordanian']),
  country('LB', 'Lebanon', 'Lebanon', ['Lebanese']),
  country('AF', 'Afghanistan', 'Afganistan', ['Afghan']),
  country('BN', 'Brunei', 'Brunei Darussalam', ['Brunei']),
  country('MM', 'Myanmar', 'Myanmar', []),
  country('KH', 'Cambodia', 'Kamboja', ['Cambodian']),
  country('LA', 'Laos', 'Laos', []),
  country('NZ', 'New Zealand', 'Selandia Baru', []),
  country('BD', 'Bangladesh', 'Bangladesh', []),
  country('YE', 'Yemen', 'Yaman', ['Yemeni']),
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
  org('KEMLU', 'Indonesian Foreign Ministry', 'Kementerian Luar Negeri RI', ['Kemlu', 'Kemenlu', 'Kemlu RI', 'Kemenlu RI'], true),
  org('KREMLIN', 'Kremlin', 'Kremlin', []),
  org('WHITEHOUSE', 'White House', 'Gedung Putih', []),
  city('Moscow', 'Moskow', ['Moskwa']),
  city('Jakarta', 'Jakarta'),
  city('Tehran', 'Teheran'),
  city('Washington', 'Washington'),
  city('Beijing', 'Beijing'),
  city('Tokyo', 'Tokyo'),
  city('Seoul', 'Seoul'),
  city('London', 'London'),
  city('Paris', 'Paris'),
  city('Berlin', 'Berlin'),
  city('Canberra', 'Canberra'),
  city('Kuala Lumpur', 'Kuala Lumpur'),
  city('Manila', 'Manila'),
  city('Bangkok', 'Bangkok'),
  city('Hanoi', 'Hanoi'),
  city('Riyadh', 'Riyadh'),
  city('Cairo', 'Kairo'),
  city('Ankara', 'Ankara'),
  city('Istanbul', 'Istanbul'),
  city('New Delhi', 'New Delhi'),
  city('Islamabad', 'Islamabad'),
  city('The Hague', 'Den Haag'),
  city('Geneva', 'Jenewa'),
  city('New York', 'New York'),
  city('Brussels', 'Brussel'),
  city('Muscat', 'Muskat'),
  city('Doha', 'Doha'),
  city('Abu Dhabi', 'Abu Dhabi'),
  city('Kyiv', 'Kyiv', ['Kiev', 'Kiev']),
  city('Jerusalem', 'Yerusalem'),
  city('Tel Aviv', 'Tel Aviv'),
  city('Dili', 'Dili'),
  city('Vienna', 'Wina'),
  city('Rome', 'Roma'),
  city('Ottawa', 'Ottawa'),
  city('Denpasar', 'Denpasar'),
  city('Surabaya', 'Surabaya'),
  city('Bandung', 'Bandung'),
];

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
const PLACE_RE = new RegExp(`(?<![\\p{L}\\p{N}])(?:${aliasPattern})(?![\\p{L}\\p{N}])`, 'gu');

/** Surface forms that look like a place but are not one in this context. */
function isFalsePositive(text: string, start: number, end: number, surface: string): boolean {
  const before = text.slice(Math.max(0, start - 12), start).toLowerCase();
  const after = text.slice(end, end + 12);
  // "bahasa Inggris" is the English language, not the United Kingdom.
  if (/bahasa\s+$/u.test(before)) return true;
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
