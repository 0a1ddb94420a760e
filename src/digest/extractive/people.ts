import type { Language, Person } from '../schema.js';
import { findPlaces, isVenueMention, lookupPlace, placeName, type PlaceEntry } from './gazetteer.js';
import { mentionsInSentence, type NameMention } from './name-mentions.js';
import { describeRole, type RoleEntry } from './roles.js';
import { splitSentences } from './sentences.js';

export { describeRole, ROLES, type RoleEntry } from './roles.js';

const mentionsPlace = (text: string, key: string) => findPlaces(text).some((m) => m.entry.key === key);

const lastWord = (name: string) => name.split(/\s+/u).pop() ?? name;
const PARTICLE = /^(?:bin|binti|al|el|de|da|dos|das|van|der|von|la|le|du|ibn)$/iu;
const nameWords = (name: string) => name.split(/\s+/u).filter((w) => w.length >= 3 && !PARTICLE.test(w));

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

/**
 * The word a story calls a person by: the part of the full name it uses on its own most often ("Xi said",
 * "Mr Anwar", "Prabowo menerima"), else the last word. Family names come first in Chinese, Korean and
 * Vietnamese names and Malay and Javanese names have none, so "the last word" alone would write "Jinping".
 */
function shortName(name: string, story: string): string {
  const parts = name.split(/\s+/u);
  let best = parts[parts.length - 1] ?? name;
  let bestCount = 0;
  if (parts.length < 2 || story === '') return best;
  parts.forEach((part, i) => {
    if (part.length < 2 || PARTICLE.test(part)) return;
    const prev = parts[i - 1];
    const next = parts[i + 1];
    // Alone: not right after the previous part of the name, nor right before the next one.
    const alone = new RegExp(
      `${prev ? `(?<!${escapeRe(prev)}\\s)` : ''}(?<![\\p{L}\\p{N}])${escapeRe(part)}(?![\\p{L}\\p{N}])${next ? `(?!\\s${escapeRe(next)})` : ''}`,
      'gu',
    );
    let count = 0;
    for (const _ of story.matchAll(alone)) count += 1;
    if (count > bestCount) {
      best = part;
      bestCount = count;
    }
  });
  return best;
}

/**
 * "Presiden Rusia Vladimir Putin dan …" → "Putin dan …": titles shortened to the name the story uses, for
 * headlines. `story` is the whole text (to see which short name it uses); without it, the last word.
 */
export function shortenTitledNames(text: string, story = ''): string {
  let out = '';
  let last = 0;
  for (const m of mentionsInSentence(text, 0)) {
    if (!m.role || m.phraseStart < last) continue;
    out += text.slice(last, m.phraseStart) + shortName(m.name, story);
    last = m.nameEnd;
  }
  return out + text.slice(last);
}

interface Candidate {
  name: string;
  role: RoleEntry | null;
  place: PlaceEntry | null;
  first: number;
  /** Position of the first mention in the text, for the final order. */
  position: number;
  count: number;
  acting: boolean;
  /** An official (office and country known) whose statement the story reports. */
  speaks: boolean;
  speaker: boolean;
  titled: boolean;
  /** Named with an office or an honorific at least once (not only as an untitled actor). */
  official: boolean;
}

/** Whether a mention and a known person are the same: the full name, the surname, or one word of the full name. */
function sameAs(known: string, mention: string): boolean {
  if (known === mention || lastWord(known) === lastWord(mention)) return true;
  const k = nameWords(known);
  const m = nameWords(mention);
  // "President Lula" is "Luiz Inácio Lula da Silva"; "Foreign Minister Retno" is "Retno Marsudi".
  if (m.length === 1 && k.includes(m[0]!)) return true;
  if (k.length === 1 && m.includes(k[0]!)) return true;
  return false;
}

// The sentence reports the event itself: the people in it are its principals.
const EVENT =
  /(?<![\p{L}])(?:met|meets?|meeting|spoke|speaks?|call(?:ed|s)?|telephone|phone|conversation|talks|hosted|hosts?|received|welcomed|signed|signs?|signing|visit(?:ed|s|ing)?|held|convened|lunch|dinner|luncheon|bertemu|pertemuan|menerima|menelepon|telepon|berbicara|menandatangani|penandatanganan|berkunjung|kunjungan|mengunjungi|menggelar|bertatap\s+muka|menjamu|bermain|mengusir|meminta\s+maaf)(?![\p{L}])/iu;
// A sentence about a later, separate event ("working towards a meeting between A and B in November", "looks forward
// to welcoming…"): its people are not the principals of the event reported. Meetings scheduled within a visit
// ("dijadwalkan bertemu…") are part of it and still count.
const LATER_EVENT =
  /(?<![\p{L}])(?:towards?\s+(?:a|an|the)\s+(?:\p{L}+\s+)?(?:meeting|visit|summit)|look(?:s|ing)?\s+forward|upcoming|next\s+(?:meeting|summit|round))(?![\p{L}])/iu;
// People who only accompany, attend or comment.
const BYSTANDER = /(?:accompanied\s+by|joined\s+by|attended\s+by|witnessed\s+by|attributable\s+to|along\s+with|including|didampingi|turut\s+(?:hadir|bergabung)|dihadiri)\s*$/iu;

/**
 * The principals of the story: people who call, meet, sign or host, or whose statement is the news.
 * Names come with a title or office ("Presiden Rusia Vladimir Putin", "President Tokayev of Kazakhstan"),
 * an honorific ("Mr Tokayev"), or none when they act ("Joko Widodo met…"); later mentions by surname or
 * first name join the full name. People in the lead, who act in an event sentence, or recur, rank first;
 * spokespeople and attendees rank last. At most `limit`, in order of first mention. The article's `title`
 * may complete their offices and countries.
 */
export function extractPeople(text: string, language: Language, limit = 5, title: string | null = null): Person[] {
  const kept = rankPeople(text)
    .filter((r) => r.score >= PRINCIPAL_SCORE)
    .slice(0, limit);
  if (title) completeFromTitle(title, kept);
  assignOtherSide(text, kept);
  return kept
    .sort((a, b) => a.position - b.position)
    .map((p) => ({
      name: p.name,
      role: p.role ? describeRole(p.role, p.place, language) : null,
      country: p.place ? placeName(p.place, language) : null,
    }));
}

const PRINCIPAL_SCORE = 3;

/**
 * A readout names the guest's country ("President Kenyatta of Kenya") but rarely the host's own
 * ("President Biden"). The first principal without a country gets the country the story names most
 * often besides the principals' own, if it clearly leads; a pair like "U.S.-Kenyan" counts extra.
 */
function assignOtherSide(text: string, principals: Candidate[]): void {
  const missing = principals.filter((p) => !p.place).sort((a, b) => a.position - b.position)[0];
  const taken = new Set(principals.flatMap((p) => (p.place ? [p.place.key] : [])));
  if (!missing || taken.size === 0) return;
  const counts = new Map<string, { entry: PlaceEntry; n: number }>();
  const places = findPlaces(text);
  places.forEach((found, i) => {
    // "the White House", "Kremlin" speak for their state; "in New Delhi, India", "di Filipina" only say where.
    const entry = found.entry.seatOf ? lookupPlace(found.entry.seatOf) : found.entry;
    if (!entry || entry.kind !== 'country' || taken.has(entry.key) || (!found.entry.seatOf && isVenueMention(text, found, places[i - 1]))) return;
    const m = { ...found, entry };
    // "U.S.-Kenyan partnership", "U.S.–Vietnam": a pair with a principal's country names the other side.
    const partner = [places[i - 1], places[i + 1]].find(
      (p) => p && taken.has(p.entry.key) && /^\s*[-–]\s*$/u.test(text.slice(Math.min(p.end, m.end), Math.max(p.start, m.start))),
    );
    const c = counts.get(m.entry.key) ?? { entry: m.entry, n: 0 };
    c.n += partner ? 3 : 1;
    counts.set(m.entry.key, c);
  });
  const [best, second] = [...counts.values()].sort((a, b) => b.n - a.n);
  if (best && (best.n >= 2 || !second) && (!second || best.n > second.n)) missing.place = best.entry;
}

/**
 * Headlines often carry the office and country the text leaves out ("Readout of the President's Meeting
 * with President Vo Van Thuong of Vietnam"): they complete people already found, never add one.
 */
function completeFromTitle(title: string, principals: Candidate[]): void {
  for (const mention of mentionsInSentence(title, 0)) {
    const same = principals.find((p) => sameAs(p.name, mention.name));
    if (!same) continue;
    same.role ??= mention.role;
    same.place ??= mention.place;
  }
}

/** Everyone named in the text with how strongly they look like a principal, best first. */
export function rankPeople(text: string): (Candidate & { score: number })[] {
  const sentences = splitSentences(text);
  const people: Candidate[] = [];
  const pending: { mention: NameMention; event: boolean }[] = [];
  sentences.forEach((span, index) => {
    const event = EVENT.test(span.text) && !LATER_EVENT.test(span.text);
    let previous = null as { end: number; bystander: boolean } | null;
    for (const mention of mentionsInSentence(span.text, span.start)) {
      const before = text.slice(Math.max(span.start, mention.phraseStart - 40), mention.phraseStart);
      // "witnessed by A and B": everyone in the list after "by" only looks on.
      const listed: boolean = previous?.bystander === true && /^\s*(?:,|and|dan|&|,\s*and)\s*$/u.test(text.slice(previous.end, mention.phraseStart));
      const isBystander: boolean = BYSTANDER.test(before) || listed;
      previous = { end: mention.nameEnd, bystander: isBystander };
      const same = people.find((p) => sameAs(p.name, mention.name));
      if (same) {
        if (mention.name.split(/\s+/u).length > same.name.split(/\s+/u).length) same.name = mention.name;
        same.role ??= mention.role;
        same.place ??= mention.place;
        same.count++;
        same.acting ||= event && !isBystander;
        same.speaks ||= mention.speaks;
        same.titled ||= !mention.bare;
        same.official ||= mention.role !== null || mention.honorific;
        continue;
      }
      // A name with no title that does not act ("Trump", "Abe") waits until a full name or a title vouches for it.
      if (mention.bare) {
        pending.push({ mention, event });
        continue;
      }
      people.push({
        name: mention.name,
        role: mention.role,
        place: mention.place,
        first: index,
        position: mention.nameStart,
        count: 1,
        acting: event && !isBystander,
        speaks: mention.speaks,
        speaker: mention.role?.speaker === true || isBystander,
        titled: !mention.bare,
        official: mention.role !== null || mention.honorific,
      });
    }
  });
  for (const { mention, event } of pending) {
    const same = people.find((p) => sameAs(p.name, mention.name));
    if (same) {
      same.count++;
      same.acting ||= event;
    }
  }
  for (const p of people) {
    // "Secretary of State" means the American one only in a story about the US (Indonesia has a State Secretary too).
    if (!p.place && p.role?.impliedCountry && mentionsPlace(text, p.role.impliedCountry)) p.place = lookupPlace(p.role.impliedCountry) ?? null;
  }
  // The lead is the first sentence that names anyone: some stories open with a finding, not an actor.
  const lead = Math.min(...people.filter((p) => p.titled).map((p) => p.first));
  const score = (p: Candidate) =>
    (p.first === lead ? 4 : p.first === lead + 1 ? 2 : 0) +
    Math.min(p.count - 1, 3) +
    (p.acting ? 2 : 0) +
    (p.role ? 1 : 0) +
    (p.place ? 1 : 0) +
    (p.speaks && p.role && p.place ? 1 : 0) -
    (p.speaker ? 6 : 0);
  // A name with no title at all is a principal only when it acts in an event sentence ("Joko Widodo met…"):
  // in general news such runs are as often a county, a railway or a product.
  const eligible = (p: Candidate) => p.official || p.acting;
  return people
    .filter(eligible)
    .map((p) => ({ ...p, score: score(p) }))
    .sort((a, b) => b.score - a.score || a.position - b.position);
}

/**
 * When no person acts, the states the opening names are the actors: "the governments of the United
 * States and Germany released…", "Indonesia and Malaysia signed…". Each is written as a `who` entry
 * whose name is the country (no role). At most `limit`, in order of mention.
 */
export function statesIn(opening: string, language: Language, limit = 6): Person[] {
  const seen = new Set<string>();
  const out: Person[] = [];
  for (const m of findPlaces(opening)) {
    if (m.entry.kind !== 'country' || seen.has(m.entry.key)) continue;
    seen.add(m.entry.key);
    const name = placeName(m.entry, language);
    out.push({ name, role: null, country: name });
  }
  return out.slice(0, limit);
}
