import { findPlaces, lookupPlace, type PlaceEntry, type PlaceMention } from './gazetteer.js';
import { NAME_AFTER_HEAD, OFFICE_WORDS, ORGANISATION_WORDS, roleIn, type RoleEntry } from './roles.js';

/** One person named in a sentence, with the title or office written around the name. */
export interface NameMention {
  name: string;
  role: RoleEntry | null;
  place: PlaceEntry | null;
  /** A title without an office ("Mr", "Bapak", "His Majesty"): still a person. */
  honorific: boolean;
  /** Named with nothing around it: only a person when it acts ("Joko Widodo met…") or joins a known name. */
  bare: boolean;
  /** The statement is theirs: "X said", "X mengatakan", "kata X". */
  speaks: boolean;
  /** Where the whole "Russian President Vladimir Putin" phrase starts and where the name ends (in the text). */
  phraseStart: number;
  nameStart: number;
  nameEnd: number;
}

interface Token {
  raw: string;
  /** Without surrounding punctuation and a possessive "'s". */
  bare: string;
  start: number;
  end: number;
  /** A comma, colon, bracket, quote or sentence end right after the token. */
  breakAfter: boolean;
  /** A name word taken into a body's name ("Pemberantasan" in "Komisi Pemberantasan Korupsi"). */
  organisationName?: boolean;
  /** Written with a possessive "'s": "the king's Twitter feed" owns what follows, it does not title it. */
  possessive?: boolean;
  kind: 'name' | 'month' | 'organisation' | 'office' | 'place' | 'honorific' | 'connector' | 'particle' | 'other';
}

const CONNECTORS = new Set(['of', 'for', 'and', 'the', 'on', '&', 'dan', 'untuk', 'urusan']);
const PARTICLES = new Set(['bin', 'binti', 'al', 'el', 'de', 'da', 'dos', 'das', 'van', 'der', 'von', 'la', 'le', 'du', 'ibn']);
const HONORIFICS = new Set(['mr', 'ms', 'mrs', 'dr', 'sir', 'dame', 'bapak', 'pak', 'ibu', 'bu', 'his', 'her', 'majesty', 'highness', 'excellency', 'yang', 'mulia', 'h', 'hj']);
// Capitalised words that start sentences or name days and months, never names.
const STOP = new Set(
  (
    'the a an on in at as by for with from to of and or but if this that these those today yesterday tomorrow tonight ' +
    'he she they we it its his her their our you i following during after before while when since both each all also ' +
    'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september ' +
    'october november december senin selasa rabu kamis jumat sabtu minggu januari februari maret mei juni juli agustus ' +
    'oktober desember di ke dari dalam pada itu ini yang para dan namun sementara kedua pihak sebelumnya menurut ' +
    'readout joint statement memorandum understanding mou said says will would there here however meanwhile further ' +
    'pursuant recognizing recalling reflecting noting welcoming we our mr. together lunch dinner ' +
    'bahkan selain sedangkan adapun kemudian lalu tetapi karena jika meski walau saat ketika sejak setelah sebelum usai ' +
    'selama dengan bagi oleh menurutnya tak tidak hal hingga sampai nomor tolak'
  ).split(/\s+/u),
);
// "PT Isuzu Astra Motor": a company's name follows, so the chunk ends here.
const COMPANY_PREFIX = new Set(['pt', 'cv', 'tbk', 'inc', 'ltd']);
// Regnal numbers: "King Mohammed VI", "King Abdullah II".
const ROMAN = /^(?:I{2,3}|IV|VI{0,3}|IX|XI{0,3})$/u;
// Months that are also surnames ("Theresa May"): a name only right after a given name.
const MONTH_SURNAMES = new Set(['May', 'April', 'June', 'August']);
const SUFFIX = /^(?:Jr|Sr)\.?$/u;
const OFFICE_MORPHOLOGY = /(?:tions?|ments?|ity|ics|ance|ence|ship|ness|ism)$/u;
/** The first word after a bare name that shows it acts: "Joko Widodo met…", "Prabowo Subianto menerima…". */
const ACTION =
  /^(?:met|meets|spoke|speaks|called|calls|had|has|held|holds|signed|signs|visited|visits|said|says|told|thanked|thanks|welcomed|welcomes|received|receives|hosted|hosts|discussed|agreed|expressed|congratulated|arrived|announced|emphasized|emphasised|stressed|noted|reaffirmed|underscored|urged|invited|launched|joined|led|paid|made|will|would|also|bertemu|menerima|mengatakan|menyatakan|melakukan|menandatangani|berkunjung|mengunjungi|menelepon|berbicara|menyampaikan|mengucapkan|menegaskan|tiba|menggelar|membahas|mengundang|menyambut|menjamu|bermain|datang|meminta|memberikan)$/u;

const SPEECH = /^(?:said|says|told|stated|announced|mengatakan|menyatakan|menegaskan|menyampaikan|mengungkapkan|menjelaskan|membantah)$/u;
const SPEECH_BEFORE = /^(?:kata|ujar|ucap|tutur|said|says)$/u;

function classify(bare: string, inPlace: boolean): Token['kind'] {
  const lower = bare.toLowerCase();
  if (inPlace) return 'place';
  if (CONNECTORS.has(lower) && bare === lower) return 'connector';
  if (PARTICLES.has(lower) && bare === lower) return 'particle';
  if (HONORIFICS.has(lower.replace(/\.$/u, '')) && /^\p{Lu}/u.test(bare)) return 'honorific';
  if (OFFICE_WORDS.has(lower)) return 'office';
  if (!/^\p{Lu}/u.test(bare)) return 'other';
  if (ORGANISATION_WORDS.has(lower)) return COMPANY_PREFIX.has(lower) ? 'other' : 'organisation';
  if (STOP.has(lower) || /\p{N}/u.test(bare)) return MONTH_SURNAMES.has(bare) ? 'month' : 'other';
  if (ROMAN.test(bare)) return 'name';
  // "EAS", "PGII": acronyms name bodies and programmes, not people.
  if (/^\p{Lu}{2,6}$/u.test(bare)) return 'other';
  if (lookupPlace(bare)) return 'place';
  // "Indonesian-Malaysian", "U.S.-Vietnam": compounds of places are adjectives, not names.
  if (bare.includes('-') && bare.split(/[-–]/u).every((part) => part === '' || lookupPlace(part))) return 'place';
  if (OFFICE_MORPHOLOGY.test(lower)) return 'office';
  return 'name';
}

function tokenize(sentence: string, offset: number, places: readonly PlaceMention[]): Token[] {
  const placeSpans = places.map((p) => [p.start - offset, p.end - offset] as const);
  const tokens: Token[] = [];
  // Dashes separate words ("Nguyen Chi Dzung—to"), but hyphens stay inside them ("Kassym-Jomart").
  for (const m of sentence.matchAll(/[^\s—–]+(?:\s*[—–]\s*)?/gu)) {
    const dashed = /[—–]\s*$/u.test(m[0]);
    let raw = m[0].replace(/\s*[—–]\s*$/u, '');
    let start = m.index;
    const lead = /^[("'“‘«[]+/u.exec(raw)?.[0].length ?? 0;
    raw = raw.slice(lead);
    start += lead;
    const trail = /[)"'”’»\],;:!?]+$/u.exec(raw)?.[0] ?? '';
    let core = raw.slice(0, raw.length - trail.length);
    let breakAfter = trail !== '' || dashed || m.index + m[0].length === sentence.length;
    // A final period ends the sentence unless the word is an initial or a dotted abbreviation ("R.", "U.S.", "Mr.").
    if (core.endsWith('.') && !/^(?:\p{Lu}\.)+$|^(?:Mr|Mrs|Ms|Dr|Jr|Sr|St)\.$/u.test(core)) {
      core = core.slice(0, -1);
      breakAfter = true;
    }
    const bare = core.replace(/(?:'s|’s)$/u, '');
    if (bare === '') continue;
    const end = start + bare.length;
    const inPlace = placeSpans.some(([s, e]) => start >= s && end <= e);
    const kind = classify(bare, inPlace);
    // "Biden's call" ends a name; "Iran's President" does not end a title.
    if (bare !== core && kind !== 'place') breakAfter = true;
    tokens.push({ raw: core, bare, start: offset + start, end: offset + end, breakAfter, kind, ...(bare !== core ? { possessive: true } : {}) });
  }
  return tokens;
}

const isNamePart = (t: Token) => t.kind === 'name';

/** People named in one sentence (`offset` is the sentence's position in the whole text). */
export function mentionsInSentence(sentence: string, offset: number): NameMention[] {
  // Places found once per sentence, in text positions: tokens and titles look them up by position.
  const places = findPlaces(sentence).map((p) => ({ ...p, start: p.start + offset, end: p.end + offset }));
  const tokens = tokenize(sentence, offset, places);
  const out: NameMention[] = [];
  // A title phrase that ended at a comma waits for its name: "President of Brazil, Luiz Inácio Lula da Silva".
  let pendingTitle: Token[] | null = null;
  let i = 0;
  // "Komisi Pemberantasan Korupsi": in Indonesian a body's name follows its head word.
  for (let t = 1; t < tokens.length; t++) {
    const previous = tokens[t - 1]!;
    const named = previous.kind === 'organisation' && (NAME_AFTER_HEAD.has(previous.bare.toLowerCase()) || previous.organisationName === true);
    if (named && !previous.breakAfter && tokens[t]!.kind === 'name') {
      tokens[t]!.kind = 'organisation';
      tokens[t]!.organisationName = true;
    }
  }
  // A headline-style line ("Olly Bantu Evakuasi Warga") capitalises every word: no name there acts.
  const capitalised = tokens.filter((t) => /^\p{Lu}/u.test(t.bare)).length;
  const headline = tokens.length >= 4 && capitalised / tokens.length >= 0.8;
  // "Theresa May": a month after a given name is a surname (the chunk below takes it); alone it is a month.
  for (let t = 0; t < tokens.length; t++) if (tokens[t]!.kind === 'month' && tokens[t - 1]?.kind !== 'name') tokens[t]!.kind = 'other';
  while (i < tokens.length) {
    // A chunk: capitalised words, connectors and office words without punctuation between them.
    let j = i;
    while (j < tokens.length && tokens[j]!.kind !== 'other' && !(j > i && tokens[j - 1]!.breakAfter)) j++;
    if (j === i) {
      // Lower-case words other than connectors end a pending title; a name can still follow ("…, Jr. met").
      if (!SUFFIX.test(tokens[i]!.bare)) pendingTitle = null;
      i++;
      continue;
    }
    const chunk = tokens.slice(i, j);
    const before = tokens[i - 1];
    const after = tokens[j];
    let titleStart = 0;
    let foundName = false;
    for (let k = 0; k < chunk.length; ) {
      if (!isNamePart(chunk[k]!)) {
        k++;
        continue;
      }
      let e = k + 1;
      // Particles only inside a name ("Mohammed bin Salman"); a break (comma) ends it.
      while (
        e < chunk.length &&
        !chunk[e - 1]!.breakAfter &&
        (isNamePart(chunk[e]!) || chunk[e]!.kind === 'month' || (chunk[e]!.kind === 'particle' && chunk[e + 1] !== undefined && isNamePart(chunk[e + 1]!)))
      )
        e++;
      const nameTokens = chunk.slice(k, e);
      // Six capitalised words in a row are a headline or a title, not one person's name.
      if (nameTokens.length > 5) {
        titleStart = e;
        k = e;
        continue;
      }
      // "the Andean Community", "Trump National Golf Club": the words name a body or a place, not a person.
      if (chunk[e]?.kind === 'organisation') {
        titleStart = e;
        k = e;
        continue;
      }
      let title = chunk.slice(titleStart, k);
      // "The Secretary and EAS ministers": a title before "and" belongs to someone else when nothing official follows it.
      // "Macron of France and President Biden": the "of France" before "and" was the previous name's.
      const and = title.map((t) => /^(?:and|dan|&)$/u.test(t.bare)).lastIndexOf(true);
      if (and >= 0 && !title.slice(and + 1).some((t) => t.kind === 'office' || t.kind === 'place' || t.kind === 'honorific')) title = [];
      else if (and >= 0 && (and === 0 || (titleStart > 0 && title[0]!.bare === 'of'))) title = title.slice(and + 1);
      if (title.length === 0 && k === 0 && pendingTitle) title = pendingTitle;
      // "Director of Engineering at CloudBees", "president of the California Public Utilities Commission": the
      // words right after "of"/"for"/"the" are what the office is of, not who holds it.
      if (title.length > 0 && title[title.length - 1]!.kind === 'connector') {
        titleStart = e;
        k = e;
        continue;
      }
      const titleText = title.map((t) => t.bare).join(' ');
      const role = roleIn(titleText);
      const honorific = title.some((t) => t.kind === 'honorific');
      // "President Recep Tayyip Erdogan of Türkiye": the country after the name.
      const tail = chunk.slice(e);
      const ofPlace = tail[0]?.bare === 'of' ? tail.find((t) => t.kind === 'place') : undefined;
      const place = placeIn(title, places) ?? (ofPlace ? placeIn(tail, places) : null);
      const next = e === chunk.length ? after : chunk[e];
      const acting = !headline && next !== undefined && ACTION.test(next.bare) && !chunk[e - 1]!.breakAfter;
      const bare = !role && !honorific;
      const named = nameTokens.map((t) => t.bare).join(' ');
      // "F", "Rt": a lone initial or abbreviation is not a name.
      if (named.replace(/[^\p{L}]/gu, '').length < 3) {
        titleStart = e;
        k = e;
        continue;
      }
      {
        out.push({
          name: named,
          role,
          place,
          honorific,
          bare: bare && !(nameTokens.length >= 2 && (acting || (!headline && isAfterWith(before, k)))),
          speaks: (next !== undefined && SPEECH.test(next.bare) && !chunk[e - 1]!.breakAfter) || (k === 0 && title.length === 0 && before !== undefined && SPEECH_BEFORE.test(before.bare)),
          phraseStart: (title[0] ?? nameTokens[0]!).start,
          nameStart: nameTokens[0]!.start,
          nameEnd: nameTokens[nameTokens.length - 1]!.end,
        });
      }
      foundName = true;
      titleStart = e;
      k = e;
    }
    // An appositive title after the name: "Hu Jintao, the President of China, had lunch".
    const last = out[out.length - 1];
    if (!foundName && last && !last.role && last.name.includes(' ') && before?.breakAfter && tokens[i - 1]?.end === last.nameEnd) {
      const text = chunk.map((t) => t.bare).join(' ');
      const role = roleIn(text);
      if (role) {
        last.role = role;
        last.place ??= placeIn(chunk, places);
        last.bare = false;
      }
    }
    const lastOfChunk = chunk[chunk.length - 1]!;
    pendingTitle = !foundName && lastOfChunk.breakAfter && !lastOfChunk.possessive && roleIn(chunk.map((t) => t.bare).join(' ')) ? chunk : null;
    i = j;
  }
  return out;
}

function isAfterWith(before: Token | undefined, k: number): boolean {
  return k === 0 && before !== undefined && !before.breakAfter && /^(?:with|dengan)$/iu.test(before.bare);
}

/** The country (or body) a title phrase names: "People's Republic of China Director…" → China; "U.S.-Israel" → the first. */
function placeIn(tokens: readonly Token[], places: readonly PlaceMention[]): PlaceEntry | null {
  const words = tokens.filter((t) => t.kind === 'place');
  if (words.length === 0) return null;
  const start = words[0]!.start;
  const end = words[words.length - 1]!.end;
  const found = places.find((p) => p.entry.kind !== 'city' && p.start >= start && p.start < end);
  if (found) return found.entry;
  for (const word of words) {
    const entry = lookupPlace(word.bare) ?? lookupPlace(word.bare.split(/[-–]/u)[0] ?? '');
    if (entry && entry.kind !== 'city') return entry;
  }
  return null;
}
