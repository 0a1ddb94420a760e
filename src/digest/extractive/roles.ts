import type { Language } from '../schema.js';
import { placeName, placeNameInPhrase, type PlaceEntry } from './gazetteer.js';

/** An office in both languages, with the ways articles write it. */
export interface RoleEntry {
  key: string;
  en: string;
  id: string;
  /** Surface forms, matched case-insensitively; the longest wins. */
  forms: string[];
  /** The country an office implies when none is written ("Secretary of State" is American). */
  impliedCountry?: string;
  /** Not a principal: speaks for someone else. */
  speaker?: boolean;
}

const role = (key: string, en: string, id: string, forms: string[], extra: Partial<RoleEntry> = {}): RoleEntry => ({
  key,
  en,
  id,
  forms: [en, id, ...forms],
  ...extra,
});

export const ROLES: readonly RoleEntry[] = [
  role('president', 'President', 'Presiden', ['President-elect', 'Presiden terpilih']),
  role('vicePresident', 'Vice President', 'Wakil Presiden', ['Wapres', 'Vice-President']),
  role('primeMinister', 'Prime Minister', 'Perdana Menteri', ['PM', 'Premier']),
  role('deputyPrimeMinister', 'Deputy Prime Minister', 'Wakil Perdana Menteri', ['Vice Premier']),
  role('foreignMinister', 'Foreign Minister', 'Menteri Luar Negeri', ['Menlu', 'Foreign Secretary', 'Minister of Foreign Affairs', 'Minister for Foreign Affairs', 'Menteri Urusan Luar Negeri']),
  role('secretaryOfState', 'Secretary of State', 'Menteri Luar Negeri', [], { impliedCountry: 'US' }),
  role('deputyForeignMinister', 'Deputy Foreign Minister', 'Wakil Menteri Luar Negeri', ['Wamenlu']),
  role('defenceMinister', 'Defence Minister', 'Menteri Pertahanan', ['Menhan', 'Defense Minister', 'Minister of Defence', 'Minister of Defense']),
  role('defenseSecretary', 'Defense Secretary', 'Menteri Pertahanan', ['Secretary of Defense', 'Secretary of War'], { impliedCountry: 'US' }),
  role('financeMinister', 'Finance Minister', 'Menteri Keuangan', ['Menkeu', 'Minister of Finance']),
  role('treasurySecretary', 'Treasury Secretary', 'Menteri Keuangan', ['Secretary of the Treasury'], { impliedCountry: 'US' }),
  role('tradeMinister', 'Trade Minister', 'Menteri Perdagangan', ['Mendag', 'Minister of Trade']),
  role('energyMinister', 'Energy Minister', 'Menteri Energi', ['Minister of Energy']),
  role('interiorMinister', 'Interior Minister', 'Menteri Dalam Negeri', ['Mendagri', 'Home Minister']),
  role('labourMinister', 'Manpower Minister', 'Menteri Ketenagakerjaan', ['Menaker', 'Minister of Manpower', 'Labour Minister', 'Labor Minister']),
  role('nsa', 'National Security Advisor', 'Penasihat Keamanan Nasional', ['National Security Adviser']),
  role('tradeRepresentative', 'Trade Representative', 'Perwakilan Dagang', []),
  role('minister', 'Minister', 'Menteri', []),
  role('deputyMinister', 'Deputy Minister', 'Wakil Menteri', ['Wamen']),
  role('ambassador', 'Ambassador', 'Duta Besar', ['Dubes']),
  role('envoy', 'Envoy', 'Utusan Khusus', ['Special Envoy', 'Special Presidential Envoy']),
  role('secretaryGeneral', 'Secretary-General', 'Sekretaris Jenderal', ['Sekjen', 'Secretary General']),
  role('secretary', 'Secretary', 'Menteri', []),
  role('king', 'King', 'Raja', []),
  role('queen', 'Queen', 'Ratu', []),
  role('crownPrince', 'Crown Prince', 'Putra Mahkota', []),
  role('prince', 'Prince', 'Pangeran', []),
  role('emir', 'Emir', 'Emir', []),
  role('sultan', 'Sultan', 'Sultan', []),
  role('chancellor', 'Chancellor', 'Kanselir', []),
  role('supremeLeader', 'Supreme Leader', 'Pemimpin Tertinggi', []),
  role('general', 'General', 'Jenderal', ['Gen.']),
  role('director', 'Director', 'Direktur', []),
  role('advisor', 'Advisor', 'Penasihat', ['Adviser']),
  role('governor', 'Governor', 'Gubernur', []),
  role('chair', 'Chairman', 'Ketua', ['Chair', 'Chairwoman', 'Chairperson']),
  role('spokesperson', 'Spokesperson', 'Juru Bicara', ['Jubir', 'spokesman', 'spokeswoman'], { speaker: true }),
];

export const roleByForm = new Map<string, RoleEntry>();
for (const r of ROLES) for (const f of r.forms) if (!roleByForm.has(f.toLowerCase())) roleByForm.set(f.toLowerCase(), r);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
const ROLE_FORMS = new RegExp(
  `(?<![\\p{L}])(?:${[...roleByForm.keys()]
    .sort((a, b) => b.length - a.length)
    .map((f) => escape(f).replace(/\s+/gu, '\\s+'))
    .join('|')})(?![\\p{L}])`,
  'giu',
);

/** A set of the white-space-separated words of `lists`. */
const wordSet = (...lists: string[]): Set<string> => new Set(lists.join(' ').trim().split(/\s+/u));

/**
 * Words of office titles, lower case: they are never part of a person's name even when capitalised
 * ("Deputy National Security Advisor for International Economics Daleep Singh").
 */
export const OFFICE_WORDS = wordSet(
  `president vice presiden wakil prime minister ministers menteri perdana foreign secretary deputy state defence defense
   finance treasury trade energy interior home labour labor manpower national security advisor adviser council senior
   director office commission special presidential envoy representative ambassador dubes duta besar luar biasa berkuasa
   penuh negeri dalam pertahanan keuangan perdagangan koordinator bidang kemaritiman investasi ketenagakerjaan
   sekretaris jenderal sekjen jubir juru bicara king queen crown prince princess emir sultan chancellor supreme leader
   majesty highness excellency royal his her chief executive general governor chair chairman chairwoman chairperson
   head affairs industry economics economic international maritime investment coordinating transborder compact
   negotiations cooperation development commerce justice health education agriculture environment climate
   administration government federal republic kingdom state-owned the raja ratu pangeran putra mahkota kanselir
   gubernur ketua direktur penasihat utusan khusus perwakilan dagang menlu menhan menkeu mendag menaker wapres
   energi sumber daya mineral hukum ham sosial agama kesehatan pendidikan kebudayaan pertanian perindustrian perhubungan
   pariwisata koperasi umum perumahan rakyat badan usaha milik negara sekretariat kabinet riset teknologi lingkungan hidup
   kehutanan kelautan perikanan agraria tata ruang desa tenaga kerja pemuda olahraga komunikasi informatika pembangunan
   nasional perencanaan keamanan politik jaksa agung kolonel laksamana marsekal admiral colonel lieutenant major
   assistant acting interim first lady minister-president areas insular
   utama manager pm premier elect president-elect secretary-general menteri-menteri panglima kepala staf tni polri`,
);

/** Words that turn a capitalised run into an organisation or an event, not a person. */
export const ORGANISATION_WORDS = wordSet(
  `pt tbk inc ltd ministry department agency bank corporation company group university club palace house summit partnership
   dialogue forum union initiative corridor program programme fund council committee organization organisation
   community bloc market nations commonwealth association party embassy airport hotel centre center institute school court assembly parliament congress
   league stadium fc cup team watch rights news times post press service forces army navy police military bureau
   foundation network media television radio channel coalition alliance movement authority
   kementerian kedutaan kantor istana partai universitas bandara komisi dewan badan lembaga majelis yayasan asosiasi
   panitia perusahaan pengadilan mahkamah kejaksaan provinsi kabupaten pemerintah pemkot pemkab pemprov polda polres
   polri kodam tim klub dprd dpr`,
  // Common nouns of places, firms and products: a capitalised run ending in one is not a person.
  `county street road avenue lane square coast express rail railway railways trains airlines airways hospital clinic
   library online corp pro zone zones travel standard park river lake mountain island islands valley bay beach city
   town village district region province station port museum gallery theatre theater church mosque temple cathedral
   stadium arena festival awards prize magazine journal daily tribune herald gazette studio studios records software
   app apps systems technologies labs motors airline bridge tower mall store shop restaurant cafe kitchen`,
);

/** Indonesian heads whose name follows them ("Komisi Pemberantasan Korupsi", "Majelis Ulama Indonesia"). */
export const NAME_AFTER_HEAD = wordSet(
  `kementerian kedutaan kantor istana partai universitas bandara komisi dewan badan lembaga majelis yayasan asosiasi
   panitia perusahaan pengadilan mahkamah kejaksaan provinsi kabupaten pemerintah polda polres kodam tim klub bank`,
);

/** The longest known office named in a title phrase ("Indonesian Foreign Minister" → Foreign Minister). */
export function roleIn(phrase: string): RoleEntry | null {
  let best: { entry: RoleEntry; length: number } | null = null;
  for (const m of phrase.matchAll(ROLE_FORMS)) {
    const entry = roleByForm.get(m[0].replace(/\s+/gu, ' ').toLowerCase());
    // "PM" and other short forms only in capitals; the rest in either case of the first letter.
    if (!entry || (m[0].length <= 3 && m[0] !== m[0].toUpperCase())) continue;
    if (!best || m[0].length > best.length) best = { entry, length: m[0].length };
  }
  return best?.entry ?? null;
}

/** The role written in the digest language: "President of Russia" / "Presiden Rusia". */
export function describeRole(r: RoleEntry, place: PlaceEntry | null, language: Language): string {
  const title = language === 'id' ? r.id : r.en;
  if (!place) return title;
  return language === 'id' ? `${title} ${placeName(place, language)}` : `${title} of ${placeNameInPhrase(place, language)}`;
}
