import type { Language, Person } from '../schema.js';
import { findPlaces, lookupPlace, placeName, placeNameInPhrase, type PlaceEntry } from './gazetteer.js';

/** An office in both languages, with the ways articles write it. */
export interface RoleEntry {
  key: string;
  en: string;
  id: string;
  /** Surface forms, matched case-insensitively; the longest wins. */
  forms: string[];
  /** The country an office implies when none is written ("Secretary of State" is American). */
  impliedCountry?: string;
}

const role = (key: string, en: string, id: string, forms: string[], impliedCountry?: string): RoleEntry => ({
  key,
  en,
  id,
  forms: [en, id, ...forms],
  ...(impliedCountry ? { impliedCountry } : {}),
});

export const ROLES: readonly RoleEntry[] = [
  role('president', 'President', 'Presiden', []),
  role('vicePresident', 'Vice President', 'Wakil Presiden', ['Wapres', 'Vice-President']),
  role('primeMinister', 'Prime Minister', 'Perdana Menteri', ['PM', 'Premier']),
  role('deputyPrimeMinister', 'Deputy Prime Minister', 'Wakil Perdana Menteri', []),
  role('foreignMinister', 'Foreign Minister', 'Menteri Luar Negeri', ['Menlu', 'Foreign Secretary', 'Minister of Foreign Affairs', 'Menteri Urusan Luar Negeri']),
  role('secretaryOfState', 'Secretary of State', 'Menteri Luar Negeri', [], 'US'),
  role('deputyForeignMinister', 'Deputy Foreign Minister', 'Wakil Menteri Luar Negeri', ['Wamenlu']),
  role('defenceMinister', 'Defence Minister', 'Menteri Pertahanan', ['Menhan', 'Defense Minister', 'Minister of Defence', 'Minister of Defense']),
  role('defenseSecretary', 'Defense Secretary', 'Menteri Pertahanan', ['Secretary of Defense', 'Secretary of War'], 'US'),
  role('financeMinister', 'Finance Minister', 'Menteri Keuangan', ['Menkeu', 'Minister of Finance']),
  role('tradeMinister', 'Trade Minister', 'Menteri Perdagangan', ['Mendag', 'Minister of Trade']),
  role('energyMinister', 'Energy Minister', 'Menteri Energi', ['Minister of Energy']),
  role('interiorMinister', 'Interior Minister', 'Menteri Dalam Negeri', ['Mendagri', 'Home Minister']),
  role('deputyMinister', 'Deputy Minister', 'Wakil Menteri', ['Wamen']),
  role('ambassador', 'Ambassador', 'Duta Besar', ['Dubes']),
  role('secretaryGeneral', 'Secretary-General', 'Sekretaris Jenderal', ['Sekjen', 'Secretary General']),
  role('king', 'King', 'Raja', []),
  role('queen', 'Queen', 'Ratu', []),
  role('crownPrince', 'Crown Prince', 'Putra Mahkota', []),
  role('emir', 'Emir', 'Emir', []),
  role('sultan', 'Sultan', 'Sultan', []),
  role('chancellor', 'Chancellor', 'Kanselir', []),
  role('supremeLeader', 'Supreme Leader', 'Pemimpin Tertinggi', []),
  role('spokesperson', 'Spokesperson', 'Juru Bicara', ['Jubir', 'spokesman', 'spokeswoman']),
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

const roleByForm = new Map<string, RoleEntry>();
for (const r of ROLES) for (const f of r.forms) if (!roleByForm.has(f.toLowerCase())) roleByForm.set(f.toLowerCase(), r);
// Each word's first letter either case ("foreign minister Sergei Lavrov"); the `i` flag would also make \p{Lu} match lower case.
const caseless = (form: string) =>
  form
    .split(' ')
    .map((w) => (/^\p{L}/u.test(w) ? `[${w[0]!.toUpperCase()}${w[0]!.toLowerCase()}]${escape(w.slice(1))}` : escape(w)))
    .join('\\s+');
const roleAlternatives = [...roleByForm.keys()]
  .sort((a, b) => b.length - a.length)
  .map((form) => (form.length <= 3 ? escape(form.toUpperCase()) : caseless(form)))
  .join('|');

// A place written before a role, English style: "U.S. Secretary…", "Iran's President", "UN Secretary-General".
const PLACE_BEFORE = /((?:[\p{Lu}][\p{L}.\-]*\s+){0,2}[\p{Lu}][\p{L}.\-]*?)(?:'s|’s)?\s+$/u;
// Name words: capitalised, or a particle inside a name ("bin", "al-", "de", "van").
// A dot only after an initial ("J. Smith"): "Sugiono. Prime Minister…" must stop at the sentence end.
const NAME_WORD = String.raw`[\p{Lu}](?:\.(?:\p{Lu}\.)*|[\p{L}'’\-]*)`;
const PARTICLE = String.raw`(?:bin|binti|al|el|de|da|dos|van|der|von|la|le)`;
// Names never run across a line break: "Presiden Turki\nMengingat…" is a heading, then a new sentence.
const GAP = String.raw`[^\S\n]+`;
const NAME = String.raw`${NAME_WORD}(?:${GAP}(?:${PARTICLE}${GAP})?${NAME_WORD}){0,3}`;

const ROLE_RE = new RegExp(
  String.raw`(?<![\p{L}])(?<role>${roleAlternatives})${GAP}(?<name>${NAME})`,
  'gu',
);

// Capitalised words that follow a role but are not names: days, months, sentence words.
const NOT_NAME = new Set(
  (
    'Senin Selasa Rabu Kamis Jumat Sabtu Minggu Monday Tuesday Wednesday Thursday Friday Saturday Sunday ' +
    'Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember ' +
    'January February March June July August October December The Dan Yang Di Ke Dari Untuk Dalam Pada Itu Ini ' +
    'Said Says On In At And Of For To With Has Have Had Is Was Will Would Republik Republic Federation Federasi ' +
    // Corporate titles: "Presiden Direktur PT …" is a company officer, not a head of state.
    'Direktur Director Komisaris PT Tbk CEO Executive Eksekutif'
  ).split(/\s+/u),
);

const mentionsPlace = (text: string, key: string) => findPlaces(text).some((m) => m.entry.key === key);

interface Mention {
  name: string;
  role: RoleEntry | null;
  place: PlaceEntry | null;
  index: number;
  /** Where the whole "Russian President Vladimir Putin" phrase starts and where the name ends. */
  phraseStart: number;
  nameEnd: number;
}

function cleanName(raw: string): string | null {
  const words = raw.split(/\s+/u);
  const kept: string[] = [];
  for (const w of words) {
    // Initials keep their dots ("Retno L.P. Marsudi").
    const bare = /^(?:\p{Lu}\.)+$/u.test(w) ? w : w.replace(/[.,;:]+$/u, '');
    if (NOT_NAME.has(bare) || lookupPlace(bare) || roleByForm.has(bare.toLowerCase())) break;
    kept.push(bare);
    if (bare !== w) break;
  }
  // Trailing particles are not part of the name.
  while (kept.length > 0 && new RegExp(`^${PARTICLE}$`, 'iu').test(kept[kept.length - 1]!)) kept.pop();
  const name = kept.join(' ');
  if (name.length < 3 || !/^\p{Lu}/u.test(name)) return null;
  return name;
}

/** Splits "Rusia Vladimir" style runs: the longest leading part that is a known place. */
function leadingPlace(words: string): { place: PlaceEntry; rest: string } | null {
  const parts = words.split(/\s+/u);
  for (let n = parts.length; n >= 1; n--) {
    const candidate = parts.slice(0, n).join(' ');
    const place = lookupPlace(candidate) ?? lookupPlace(candidate.replace(/(?:'s|’s)$/u, ''));
    if (place && place.kind !== 'city') return { place, rest: parts.slice(n).join(' ') };
  }
  return null;
}

function trailingPlace(words: string): PlaceEntry | null {
  const parts = words.split(/\s+/u);
  for (let n = 1; n <= parts.length; n++) {
    const place = lookupPlace(parts.slice(parts.length - n).join(' '));
    if (place && place.kind !== 'city') return place;
  }
  return null;
}

function findMentions(text: string): Mention[] {
  const mentions: Mention[] = [];
  for (const m of text.matchAll(ROLE_RE)) {
    const groups = m.groups ?? {};
    const roleText = groups['role'] ?? '';
    const r = roleByForm.get(roleText.replace(/\s+/gu, ' ').toLowerCase()) ?? null;
    let place: PlaceEntry | null = null;
    // Indonesian puts the place after the role: "Presiden Rusia Vladimir Putin", "Menlu RI Sugiono".
    let nameText = groups['name'] ?? '';
    const lead = leadingPlace(nameText);
    if (lead) {
      place = lead.place;
      nameText = lead.rest;
    }
    let phraseStart = m.index;
    if (!place) {
      const window = text.slice(Math.max(0, m.index - 40), m.index);
      const before = PLACE_BEFORE.exec(window);
      if (before) {
        place = trailingPlace(before[1]!);
        if (place) phraseStart = m.index - window.length + before.index;
      }
    }
    // "Secretary of State" means the American one only in a story about the US (Indonesia has a State Secretary too).
    if (!place && r?.impliedCountry && mentionsPlace(text, r.impliedCountry)) place = lookupPlace(r.impliedCountry) ?? null;
    const name = cleanName(nameText);
    if (!name) continue;
    const nameGroupStart = m.index + m[0].length - (groups['name'] ?? '').length;
    const nameEnd = text.indexOf(name, nameGroupStart) + name.length;
    mentions.push({ name, role: r, place, index: m.index, phraseStart, nameEnd });
  }
  return mentions;
}

const lastWord = (name: string) => name.split(/\s+/u).pop() ?? name;

/** "Presiden Rusia Vladimir Putin dan …" → "Putin dan …": titles shortened to surnames, for headlines. */
export function shortenTitledNames(text: string): string {
  let out = '';
  let last = 0;
  for (const m of findMentions(text)) {
    if (m.phraseStart < last) continue;
    out += text.slice(last, m.phraseStart) + lastWord(m.name);
    last = m.nameEnd;
  }
  return out + text.slice(last);
}

/** The role written in the digest language: "President of Russia" / "Presiden Rusia". */
export function describeRole(r: RoleEntry, place: PlaceEntry | null, language: Language): string {
  const title = language === 'id' ? r.id : r.en;
  if (!place) return title;
  return language === 'id' ? `${title} ${placeName(place, language)}` : `${title} of ${placeNameInPhrase(place, language)}`;
}

/**
 * People named with a title or office ("Presiden Rusia Vladimir Putin", "U.S. Secretary of State Marco Rubio"),
 * merged by surname ("Presiden Putin" joins "Vladimir Putin"), ordered by first mention, at most `limit`.
 */
export function extractPeople(text: string, language: Language, limit = 6): Person[] {
  const people: { name: string; role: RoleEntry | null; place: PlaceEntry | null }[] = [];
  for (const mention of findMentions(text)) {
    const same = people.find(
      (p) =>
        p.name === mention.name ||
        lastWord(p.name) === lastWord(mention.name) ||
        p.name.startsWith(`${mention.name} `) ||
        mention.name.startsWith(`${p.name} `),
    );
    if (same) {
      if (mention.name.length > same.name.length) same.name = mention.name;
      same.role ??= mention.role;
      same.place ??= mention.place;
      continue;
    }
    people.push({ name: mention.name, role: mention.role, place: mention.place });
  }
  return people.slice(0, limit).map((p) => ({
    name: p.name,
    role: p.role ? describeRole(p.role, p.place, language) : null,
    country: p.place ? placeName(p.place, language) : null,
  }));
}
