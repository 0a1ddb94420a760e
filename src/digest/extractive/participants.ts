import type { Language, Person } from '../schema.js';
import { findPlaces, isVenueMention, lookupPlace, placeName, type PlaceEntry, type PlaceMention } from './gazetteer.js';
import { OFFICE_WORDS } from './roles.js';

/** What `findParticipants` reads: the story as the engine split it, and the principals it found. */
export interface ParticipantsInput {
  /** The story's sentences, datelines stripped, in order. */
  sentences: readonly string[];
  title: string | null;
  /** The principals found; their countries come first. */
  who: readonly Person[];
  language: Language;
}

/** Sentences whose party cues count: the lead paragraph reports the event, later ones mostly background. */
const OPENING = 3;
/** Attendance lists and "the two countries" sentences may come a little later ("The summit was attended by …"). */
const BODY = 10;
/** More would not fit one line of the digest; a summit of more states is reported by its organisation. */
const MAX_COUNTRIES = 20;

// Between two states of one list: commas, "and", "the", brackets ("(UAE)"), and official long forms
// ("the Federal Republic of", "the Government of the", "United States of America").
// An organisation's members may stand in the list too ("leaders of the Association of Southeast Asian Nations (ASEAN)
// member states and Timor-Leste", "negara-negara anggota ASEAN dan Timor Leste"): the states after them still count.
const LIST_GAP =
  /^(?:\s*(?:\([^()]{0,40}\)|,|;|and|dan|serta|&|the|of|America|Republic|Kingdom|Federal|Federative|State|Commonwealth|Sultanate|Principality|Islamic|Democratic|Socialist|People['’]s|Governments?|Pemerintah|Republik|Kerajaan|[“”"]|(?:\p{Lu}[\p{L}.'’-]*\s+(?:of\s+)?){0,6}(?:\([^()]{1,20}\)\s+)?member\s+(?:states|countries|nations)|(?:negara-negara|negara)\s+anggota(?:\s+\p{Lu}[\p{L}.'’-]*){0,6}))*\s*$/u;

// A cue right before a list of states that attend: "heads of state from", "delegations from", "Foreign ministers
// attended for", "delegasi (dari)", "dihadiri … dari". These count anywhere in the first paragraphs.
const ATTENDANCE = [
  String.raw`(?:leaders|heads?\s+of\s+(?:state|government)(?:\s+and\s+government)?|delegations?|delegates)\s+from`,
  String.raw`delegations?\s+of`,
  String.raw`(?:attended|represented)\s+(?:by\s+[\p{Ll}\s]{0,40}?\s+)?(?:for|from)`,
  String.raw`delegasi(?:\s+dari)?`,
  String.raw`(?:dihadiri|hadir)\s+(?:oleh\s+)?[\p{Ll}\s]{0,40}?\s*dari`,
];
// In the opening also who the parties are: "the Governments of", "leaders of", "pemerintah", "para pemimpin".
const PARTIES = [
  String.raw`(?:governments?|leaders?|presidents|prime\s+ministers|representatives|(?:foreign\s+|defen[cs]e\s+|trade\s+)?ministers|officials|counterparts)\s+(?:of|from)`,
  String.raw`(?:pemerintah|perwakilan|para\s+pemimpin|pemimpin|kepala\s+(?:negara|pemerintahan)|menteri(?:\s+luar\s+negeri|\s+pertahanan|\s+perdagangan)?|pejabat)(?:\s+dari)?`,
];
const ATTENDANCE_CUE = new RegExp(ATTENDANCE.join('|'), 'giu');
// In the opening also the parties an event is "between" or "from": later in the story such phrases are
// as often other talks ("encouraged talks between A and B").
const LIST_CUE = new RegExp(
  [
    ...ATTENDANCE,
    ...PARTIES,
    // "Joint Statement from/by the United States and Norway", "Pernyataan Bersama A dan B"
    String.raw`(?:joint\s+)?(?:statement|declaration|communiqu[eé])\s+(?:from|by|of)`,
    String.raw`pernyataan\s+bersama(?:\s+(?:dari|antara))?`,
    // "talks between A and B", "pertemuan antara A dan B": an event word first, so "trade between A and B" is no party.
    String.raw`(?:talks|meeting|call|conversation|summit|dialogue|consultations|agreement|memorandum(?:\s+of\s+understanding)?|MoU|statement|relations)\s+(?:held\s+)?between`,
    String.raw`(?:pertemuan|perundingan|pembicaraan|percakapan|dialog|konsultasi|kesepakatan|perjanjian|nota\s+kesepahaman|MoU|kerja\s+sama|hubungan)(?:\s+bilateral)?\s+antara`,
  ].join('|'),
  'giu',
);
// "delegations from Islamic countries such as A, B …", "negara-negara Islam seperti A, B …"
const LIST_INTRO =
  /^\s*(?:the\s+)?(?:(?:\p{L}+\s+){0,2}(?:countries|nations|states)\s+(?:such\s+as|including|like)|negara-negara(?:\s+\p{L}+){0,2}\s+(?:seperti|yaitu|yakni|termasuk)|negara(?:\s+\p{L}+){0,2}\s+(?:seperti|yaitu|yakni))?\s*/iu;
// "Mexico and Panama attended as observers": observers do not take part.
const OBSERVERS = /^[^.;]{0,60}?(?<![\p{L}])(?:as\s+(?:an?\s+)?observers?|sebagai\s+(?:negara\s+)?(?:pengamat|peninjau))(?![\p{L}])/iu;

// "A-B talks", "United States-Australia-Japan Joint Statement", "U.S.-China Economic and Trade Meeting".
const COMPOUND_EVENT_AFTER =
  /^(?:\s+[\p{Lu}\p{Ll}]+){0,4}?\s+(?:talks|meeting|summit|dialogue|consultations|call|joint\s+statement|statement|declaration|communiqu[eé]|strategic\s+consultative\s+group|negotiations)(?![\p{L}])/iu;
// "pertemuan Indonesia-Malaysia", "KTT ASEAN-AS", "pernyataan bersama RI-Jepang"
const COMPOUND_EVENT_BEFORE =
  /(?<![\p{L}])(?:pertemuan|perundingan|pembicaraan|percakapan|dialog|konsultasi|KTT|pernyataan\s+bersama|negosiasi)(?:\s+(?:bilateral|trilateral|tingkat\s+tinggi))?\s+$/iu;
const DASH = /^\s*[-–—]\s*$/u;

// "the two leaders", "both countries", "kedua negara": with exactly that many states in the sentence, those are the parties.
const COUNTED_PARTIES: [RegExp, number][] = [
  [/(?<![\p{L}])(?:the\s+two\s+(?:leaders|countries|nations|governments|sides|presidents|ministers)|both\s+(?:countries|nations|governments|sides|leaders)|kedua\s+(?:negara|pemimpin|pemerintah|pihak|presiden|menteri|kepala\s+negara)|dua\s+negara)(?![\p{L}])/iu, 2],
  [/(?<![\p{L}])(?:(?:the|their|our)\s+three\s+(?:leaders|countries|nations|governments)|ketiga\s+(?:negara|pemimpin|pemerintah))(?![\p{L}])/iu, 3],
];

// The words that may come before a state heading the lead's subject: titles ("Pangeran mahkota Arab Saudi"),
// "the Government of", "Delegasi". Anything else makes the state part of another name ("CNN Indonesia",
// "Masyarakat Transportasi Indonesia", "Timnas Indonesia") or of a phrase ("talks in Indonesia").
const SUBJECT_HEAD_WORDS = new Set([...OFFICE_WORDS, 'of', 'the', 'governments', 'delegation', 'delegasi', 'pemerintah', 'kerajaan', 'republik', 'para', 'kepala', 'negara']);
const SUBJECT_WORDS = 6;
// The lead's state acts as a party only in a sentence that reports a diplomatic act or statement; "Jepang masih
// jadi destinasi favorit" or "Indonesia meloloskan tujuh wakil" make it a topic or a team.
const PARTY_ACT =
  /(?<![\p{L}])(?:met|meet|meets|signed|signs|agreed|agree|agrees|announced|announces|issued|issue|released|launched|pledged|vowed|swore|called\s+(?:on|for)|urged|condemned|welcomed|expelled|recalled|summoned|held|hold|hosted|reaffirmed|committed|commit|decided|declared|protested|rejected|bertemu|menandatangani|sepakat|menyepakati|bersepakat|mengumumkan|mengeluarkan|meluncurkan|berjanji|bersumpah|mendesak|mengecam|menyambut|mengusir|memanggil|menarik|menggelar|menjamu|menegaskan|memutuskan|menolak|memprotes|menyatakan|meminta\s+maaf)(?![\p{L}])/iu;

const isState = (m: PlaceMention) => m.entry.kind === 'country';

/** Longest run of list words between two states ("), the Federal Republic of "). */
const MAX_GAP = 80;

/** Index of the first mention starting at or after `at` (mentions are in text order). */
function firstAtOrAfter(places: readonly PlaceMention[], at: number): number {
  let lo = 0;
  let hi = places.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (places[mid]!.start < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** States in a list that starts at `from`: each next state follows the previous one with only list words between. */
function listAt(text: string, places: readonly PlaceMention[], from: number): PlaceEntry[] {
  const out: PlaceEntry[] = [];
  let cursor = from + (LIST_INTRO.exec(text.slice(from))?.[0].length ?? 0);
  for (let i = firstAtOrAfter(places, cursor); i < places.length; i++) {
    const m = places[i]!;
    if (m.start < cursor) continue;
    const gap = text.slice(cursor, m.start);
    // "(ASEAN)" inside a name of the list: the bracket is read with the gap after it.
    if (/\([^()]*$/u.test(gap) && /^[^()]{0,20}\)/u.test(text.slice(m.end))) continue;
    if (gap.length > MAX_GAP || !LIST_GAP.test(gap)) break;
    if (m.entry.kind === 'city') break;
    // An organisation in the list ("the Governments of …, the European Union, …") is a party but not a state.
    if (isState(m)) out.push(m.entry);
    // "the United Arab Emirates (UAE)": the bracket repeats the state; the list goes on after it.
    cursor = m.end + (/^\s*\([^()]{0,40}\)/u.exec(text.slice(m.end))?.[0].length ?? 0);
  }
  if (OBSERVERS.test(text.slice(cursor))) return [];
  return out;
}

/** States listed after a party cue: "the Governments of A, B and C", "delegasi dari A dan B". */
function cuedLists(text: string, places: readonly PlaceMention[], cues: RegExp = LIST_CUE): PlaceEntry[] {
  const out: PlaceEntry[] = [];
  for (const cue of text.matchAll(cues)) out.push(...listAt(text, places, cue.index + cue[0].length));
  return out;
}

/** States joined by dashes before an event word ("U.S.-China talks") or after one ("pertemuan RI-Malaysia"). */
function compounds(text: string, places: readonly PlaceMention[]): PlaceEntry[] {
  const out: PlaceEntry[] = [];
  let i = 0;
  while (i < places.length) {
    let j = i;
    while (j + 1 < places.length && DASH.test(text.slice(places[j]!.end, places[j + 1]!.start))) j++;
    if (j > i) {
      const run = places.slice(i, j + 1);
      const event = COMPOUND_EVENT_AFTER.test(text.slice(run[j - i]!.end)) || COMPOUND_EVENT_BEFORE.test(text.slice(0, run[0]!.start));
      if (event) out.push(...run.filter(isState).map((m) => m.entry));
    }
    i = j + 1;
  }
  return out;
}

/** States heading the lead's subject: "Indonesia and Malaysia signed …", "Pangeran mahkota Arab Saudi bersumpah …". */
function leadSubject(lead: string, places: readonly PlaceMention[]): PlaceEntry[] {
  const first = places.find(isState);
  if (!first || !PARTY_ACT.test(lead)) return [];
  const head = lead.slice(0, first.start).split(/\s+/u).filter(Boolean);
  if (head.length > SUBJECT_WORDS || !head.every((word) => SUBJECT_HEAD_WORDS.has(word.toLowerCase()))) return [];
  const list = [first.entry, ...listAt(lead, places, first.end)];
  // "Indonesia Corruption Watch said", "Russian state media reported": the state names something else that speaks.
  const rest = lead.slice(first.end);
  if (/^\s+\p{Lu}/u.test(rest) && list.length === 1) return [];
  if (/^\s*(?:state\s+)?(?:media|television|TV|news|press|outlets?|newspapers?)(?![\p{L}])/iu.test(rest)) return [];
  return list;
}

/** "The two leaders … the United States and Brazil": a counted party word with exactly that many states named. */
function countedParties(sentence: string, places: readonly PlaceMention[]): PlaceEntry[] {
  const named = places.filter((m, i) => isState(m) && !isVenueMention(sentence, m, places[i - 1]));
  const states = [...new Map(named.map((m) => [m.entry.key, m.entry])).values()];
  return COUNTED_PARTIES.some(([cue, n]) => cue.test(sentence) && states.length === n) ? states : [];
}

/**
 * The states taking part in the event, in the digest language: the countries of the principals first,
 * then the states the headline and opening name as parties ("the Governments of A, B and C", "talks
 * between A and B", "A-B talks", "Joint Statement from A and B", the lead's subject), the states whose
 * delegations or leaders attend ("heads of state from A, B and C", "dihadiri delegasi dari A dan B"),
 * and those of a "the two leaders"/"kedua negara" sentence. A state named only as the venue ("in
 * Jakarta, Indonesia"), as an observer, as a topic, or in later talks of others is not one.
 */
export function findParticipants({ sentences, title, who, language }: ParticipantsInput): string[] {
  const found = new Map<string, PlaceEntry>();
  const add = (entries: readonly PlaceEntry[]) => {
    for (const entry of entries) if (entry.kind === 'country' && !found.has(entry.key)) found.set(entry.key, entry);
  };
  add(who.flatMap((p) => [p.country, p.name]).flatMap((name) => (name ? [lookupPlace(name)].filter((e) => e !== undefined) : [])));
  const opening = [...(title ? [title] : []), ...sentences.slice(0, OPENING)];
  for (const text of opening) {
    const places = findPlaces(text);
    add(cuedLists(text, places));
    add(compounds(text, places));
  }
  if (sentences[0]) add(leadSubject(sentences[0], findPlaces(sentences[0])));
  for (const sentence of sentences.slice(OPENING, BODY)) add(cuedLists(sentence, findPlaces(sentence), ATTENDANCE_CUE));
  for (const sentence of sentences.slice(0, BODY)) add(countedParties(sentence, findPlaces(sentence)));
  return [...found.values()].slice(0, MAX_COUNTRIES).map((entry) => placeName(entry, language));
}
