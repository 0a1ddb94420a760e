import type { Language, Person } from '../schema.js';
import { cleanLead, truncateWords, words } from './clauses.js';
import { isAgreement, isPhoneCall } from './cues.js';
import { findPlaces, placeName } from './gazetteer.js';

/** The kinds of event the built-in engine can name in its own words. */
export type EventKind = 'call' | 'signing' | 'visit' | 'meeting' | 'talks' | 'statement';

const SIGNING = /(?<![\p{L}])(?:menandatangani|meneken|penandatanganan|signed|signing|inked)(?![\p{L}])/iu;
const VISIT = /(?<![\p{L}])(?:kunjungan|berkunjung|mengunjungi|visit(?:s|ed|ing)?)(?![\p{L}])/iu;
const MEETING = /(?<![\p{L}])(?:bertemu|pertemuan|menerima|bertatap\s+muka|met|meets?|meeting|received|hosted)(?![\p{L}])/iu;
const STATEMENT = /(?<![\p{L}])(?:joint\s+statement|joint\s+declaration|pernyataan\s+bersama|deklarasi\s+bersama)(?![\p{L}])/iu;
const TALKS = /(?<![\p{L}])(?:pembicaraan|perundingan|berunding|talks|held\s+talks)(?![\p{L}])/iu;

/** What kind of event the opening sentences report, or null when none of the cues fits. */
export function detectEvent(opening: readonly string[]): EventKind | null {
  const lead = opening[0] ?? '';
  // The call is often only mentioned in the second or third sentence ("…melalui sambungan telepon").
  if (opening.some(isPhoneCall)) return 'call';
  if (SIGNING.test(lead) && isAgreement(lead)) return 'signing';
  if (MEETING.test(lead)) return 'meeting';
  if (VISIT.test(lead)) return 'visit';
  if (TALKS.test(lead)) return 'talks';
  if (STATEMENT.test(lead)) return 'statement';
  return null;
}

function joinNames(names: readonly string[], language: Language): string {
  if (names.length <= 1) return names[0] ?? '';
  const and = language === 'id' ? 'dan' : 'and';
  if (names.length === 2) return `${names[0]} ${and} ${names[1]}`;
  return `${names.slice(0, -1).join(', ')}${language === 'id' ? ',' : ''} ${and} ${names[names.length - 1]}`;
}

/** The event as a short phrase in the digest language: "Phone call between A and B". */
function template(kind: EventKind, actors: readonly string[], language: Language): string | null {
  const list = joinNames(actors, language);
  if (actors.length >= 2) {
    const between = language === 'id' ? list : `between ${list}`;
    switch (kind) {
      case 'call':
        return language === 'id' ? `Percakapan telepon ${between}` : `Phone call ${between}`;
      case 'signing':
        return language === 'id' ? `Penandatanganan kesepakatan oleh ${list}` : `Agreement signed by ${list}`;
      case 'meeting':
      case 'visit':
        return language === 'id' ? `Pertemuan ${between}` : `Meeting ${between}`;
      case 'talks':
        return language === 'id' ? `Pembicaraan ${between}` : `Talks ${between}`;
      case 'statement':
        return language === 'id' ? `Pernyataan bersama ${list}` : `Joint statement by ${list}`;
    }
  }
  if (actors.length === 1 && kind === 'visit') return language === 'id' ? `Kunjungan ${list}` : `Visit by ${list}`;
  return null;
}

/** Who takes part, as named in the opening: people first, else the countries or bodies named there. */
function actorsIn(opening: string, who: readonly Person[], language: Language): string[] {
  const people = who.filter((p) => opening.includes(p.name)).map((p) => p.name);
  if (people.length >= 2) return people.slice(0, 3);
  const places: string[] = [];
  for (const m of findPlaces(opening)) {
    if (m.entry.kind === 'city') continue;
    const name = placeName(m.entry, language);
    if (!places.includes(name)) places.push(name);
  }
  if (people.length === 1) return places.length >= 2 ? places.slice(0, 3) : people;
  return places.slice(0, 3);
}

// Where a lead clause ends as an event description: a comma, or the "on the basis of" tail.
const LEAD_CLAUSE_END = /,|\s(?:berdasarkan|based\s+on|sesuai\s+dengan|in\s+line\s+with|under\s+the)\s/giu;
const NAME_ONLY = /^(?:[\p{Lu}][\p{L}.'’\-]*\s*){1,4}$/u;

/** "Kepala kru Movistar Yamaha, Ramon Forcada, tak mau…": commas around a name are not clause ends. */
function isAppositiveComma(text: string, index: number): boolean {
  const before = text.slice(0, index);
  const after = text.slice(index + 1);
  const next = after.indexOf(',');
  if (next > 0 && NAME_ONLY.test(after.slice(0, next).trim())) return true;
  const previous = before.lastIndexOf(',');
  return previous >= 0 && NAME_ONLY.test(before.slice(previous + 1).trim());
}

/** A lead cut down to its first clause of at least six words, at most `max` words, without the final stop. */
export function leadClause(lead: string, max = 15): string {
  const clean = cleanLead(lead).trim().replace(/[.!?]+$/u, '');
  for (const m of clean.matchAll(LEAD_CLAUSE_END)) {
    if (m[0] === ',' && isAppositiveComma(clean, m.index)) continue;
    const head = clean.slice(0, m.index).trim();
    const n = words(head).length;
    // A short head is usually only the subject ("Pabrikan otomotif asal China, Wuling akan…").
    if (n < 6) continue;
    if (n > max) break;
    return head;
  }
  return truncateWords(clean, max);
}

/**
 * `what` for the digest: a template in the digest language when the event kind and at least two
 * actors are clear (one for a visit), else the lead's first clause.
 */
export function describeEvent(opening: readonly string[], who: readonly Person[], language: Language): string {
  const kind = detectEvent(opening);
  if (kind) {
    const actors = actorsIn(opening.slice(0, 2).join(' '), who, language);
    const phrase = template(kind, actors, language);
    if (phrase) return phrase;
  }
  return leadClause(opening[0] ?? '');
}
