import type { Language } from '../schema.js';
import { lookupPlace, placeName } from './gazetteer.js';

// The sentence reports the event, so "in <City>" there is its venue (not "invested in Indonesia").
const EVENT =
  /(?<![\p{L}])(?:met|meets?|meeting|held|holds?|hosted|hosts?|signed|signing|visit(?:ed|s|ing)?|convened|gathered|lunch(?:ed)?|dinner|luncheon|summit|talks|engage[ds]?|arrived|received|welcomed|bertemu|pertemuan|menggelar|digelar|berlangsung|menandatangani|penandatanganan|ditandatangani|berkunjung|kunjungan|mengunjungi|menerima|bermain|tiba|rapat|konferensi|KTT)(?![\p{L}])/iu;

// "in Kuala Lumpur", "at the White House", "di Istana Merdeka, Jakarta": a capitalised run after the preposition,
// with up to two more comma-separated capitalised parts ("in Hanoi, Vietnam", "in Washington, D.C.").
const PART = String.raw`(?:\p{Lu}[\p{L}.'’\-]*|D\.C\.)(?:\s+(?:(?:of|do|de|da|dan)\s+)?(?:the\s+)?\p{Lu}[\p{L}.'’\-]*)*`;
const VENUE = new RegExp(String.raw`(?<![\p{L}])(?:in|at|di|in\s+the|at\s+the)\s+(?<venue>${PART}(?:,\s+${PART}){0,2})`, 'gu');
// "his first state visit to Canada", "kunjungan kenegaraan ke Rusia": the visited place is where it happened.
const VISIT_TO = new RegExp(
  String.raw`(?<![\p{L}])(?:visit(?:s|ed|ing)?|trip|kunjungan|berkunjung|lawatan|melawat)(?:\s+[\p{Ll}\-]+){0,3}?\s+(?:to|ke)\s+(?<venue>${PART}(?:,\s+${PART}){0,2})`,
  'gu',
);
// A meeting held by video link has no venue.
const VIRTUAL = /(?<![\p{L}])(?:virtual(?:ly)?\s+meeting|met\s+virtually|video\s*conference|videoconference|video\s+call|secara\s+virtual|pertemuan\s+virtual|konferensi\s+video|secara\s+daring)(?![\p{L}])/iu;

// Places named after a venue word are buildings and grounds, kept as written.
const VENUE_WORD =
  /(?<![\p{L}])(?:House|Palace|Club|Hall|Centre|Center|Office|Hotel|Residence|Building|Ministry|Embassy|Istana|Gedung|Kantor|Kementerian|Kedutaan|Wisma|Balai|Hotel)(?![\p{L}])/u;
const NOT_A_PLACE = /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu|January|February|March|April|May|June|July|August|September|October|November|December|Januari|Februari|Maret|Mei|Juni|Juli|Agustus|Oktober|Desember)\b/u;

/** Each comma part in the digest language when the gazetteer knows it ("AS" → "United States"); "D.C." stays with Washington. */
function render(parts: string[], language: Language): string {
  const out: string[] = [];
  for (const part of parts) {
    const entry = lookupPlace(part) ?? lookupPlace(part.replace(/^the\s+/iu, ''));
    out.push(entry ? placeName(entry, language) : part.replace(/^the\s+/iu, ''));
  }
  return out.join(', ');
}

/**
 * The venue the opening sentences give: "in <City>", "at <Building>", "di <Kota>" in a sentence that
 * reports the event. Only a known place (a city or country from the gazetteer) or a named building
 * counts, so "in Washington, D.C." → "Washington, D.C.", "at the White House" → "White House"; then "a visit to
 * <Country>". A meeting held by video gets "Virtual meeting".
 */
export function findVenue(sentences: readonly string[], language: Language): string | null {
  for (const sentence of sentences) {
    if (VIRTUAL.test(sentence)) return language === 'id' ? 'Pertemuan virtual' : 'Virtual meeting';
    if (!EVENT.test(sentence)) continue;
    for (const m of [...sentence.matchAll(VENUE), ...sentence.matchAll(VISIT_TO)]) {
      const raw = m.groups?.['venue'] ?? '';
      const parts = raw
        .split(/,\s+/u)
        // A final period ends the sentence, except in initials ("D.C.").
        .map((p) => (/^(?:\p{Lu}\.)+$/u.test(p) ? p : p.replace(/[.]+$/u, '')).trim())
        .filter((p) => p !== '');
      if (parts.length === 0 || NOT_A_PLACE.test(parts[0]!)) continue;
      // Keep parts up to the last known place: "in Jakarta, Indonesia" but not "in Jakarta, Sugiono said".
      let last = -1;
      parts.forEach((p, i) => {
        const entry = lookupPlace(p) ?? lookupPlace(p.replace(/^the\s+/iu, ''));
        if ((entry && entry.kind !== 'organisation') || entry?.key === 'WHITEHOUSE' || entry?.key === 'KREMLIN' || VENUE_WORD.test(p) || (i > 0 && p === 'D.C.')) last = i;
      });
      if (last < 0) continue;
      return render(parts.slice(0, last + 1), language);
    }
  }
  return null;
}
