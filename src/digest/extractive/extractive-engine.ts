import { AppError } from '../../errors/app-error.js';
import type { Article } from '../../ingest/article.js';
import type { DigestEngine, EngineRequest, EngineResult } from '../engine.js';
import type { DigestDraft, EvidencedItem, Language } from '../schema.js';
import { cleanLead, compress, quotedCore, stripAttribution, truncateWords, words } from './clauses.js';
import { agreementClause, concludedClauses, isNextStep, isPastSigning, isPhoneCall } from './cues.js';
import { dayOfDate, dayOfIso, describeUnresolved, findDatePhrases, findDates, formatDay, type CalendarDay } from './dates.js';
import { describeEvent } from './event.js';
import { lookupPlace, placeName } from './gazetteer.js';
import { chooseKeyPoints } from './key-points.js';
import { findParticipants } from './participants.js';
import { extractPeople, shortenTitledNames, statesIn } from './people.js';
import { chooseSummarySentences } from './scoring.js';
import { findVenue } from './venue.js';
import { looksLikePublisher, parseDateline, splitSentences, stripDateline, type Dateline, type SentenceSpan } from './sentences.js';

/**
 * What the extractive engine needs from the world: only a clock, to tell whether a dated plan in an
 * undated article lies ahead. It never dates the event: that would invent a date for pasted text.
 */
export interface ExtractiveEngineDeps {
  now: () => Date;
}

export const EXTRACTIVE_MODEL = 'extractive-v2';

// Pasted pages still carry these trailers; they are never part of the story.
const TRAILER =
  /^(?:baca\s+juga|lihat\s+juga|simak\s+juga|baca\s+selengkapnya|read\s+(?:also|more)|also\s+read|sumber|source|penerjemah|pewarta|reporter|editor|copyright|hak\s+cipta|©)\b/iu;

function titleCase(word: string): string {
  return word === word.toUpperCase() ? word.toLowerCase().replace(/(^|[\s-])\p{L}/gu, (c) => c.toUpperCase()) : word;
}

function asItem(sentence: string): EvidencedItem {
  // stripDateline keeps a suffix of the sentence, so the evidence is still verbatim.
  const evidence = quotedCore(stripDateline(sentence));
  let text = evidence.replace(/[,;:]+$/u, '');
  if (!/[.!?…]$/u.test(text)) text += '.';
  return { text: truncateWords(text, 45), evidence };
}

const LANGUAGE_NAMES: Record<Language, Record<Language, string>> = {
  en: { en: 'English', id: 'Indonesian' },
  id: { en: 'Inggris', id: 'Indonesia' },
};

function untranslatedNote(digestLanguage: Language, articleLanguage: Language): string {
  const name = LANGUAGE_NAMES[digestLanguage][articleLanguage];
  return digestLanguage === 'id'
    ? `Peringkas bawaan tidak bisa menerjemahkan: kutipan tetap dalam bahasa ${name}.`
    : `The built-in summarizer cannot translate: quoted content stays in ${name}.`;
}

/** The headline: the article title without the site's name, or a compressed lead. */
export function makeHeadline(article: Article, lead: string, story = ''): string {
  const title = article.title?.trim();
  if (title) {
    const parts = title.split(/\s+[-–—|]\s+/u);
    if (parts.length > 1) {
      const last = parts[parts.length - 1]!.trim();
      const publisher = article.publisher?.trim().toLowerCase();
      // "… - ANTARA News", "… | Kompas.com": a short last segment naming the site.
      const isSite =
        (publisher !== undefined && (last.toLowerCase() === publisher || publisher.includes(last.toLowerCase()) || last.toLowerCase().includes(publisher))) ||
        looksLikePublisher(last) ||
        (words(last).length <= 3 && /^[\p{Lu}\p{N}][\p{L}\p{N}.]*(?:\s+[\p{Lu}\p{N}][\p{L}\p{N}.]*)*$/u.test(last) && /news|times|post|media|online|tv|\p{Lu}{3,}/u.test(last));
      if (isSite) parts.pop();
    }
    const cleaned = parts.join(' - ').trim();
    if (cleaned !== '') return truncateWords(cleaned, 12);
  }
  return compress(shortenTitledNames(cleanLead(lead), story).replace(/[.!?]+$/u, ''), 12);
}

/**
 * The event day. Day names and "kemarin" resolve only against the publication day: pasted text has
 * none, and resolving against today's clock would invent a date. Then `when` is the day name (or
 * "17 January") in the digest language, as the article gives it.
 */
function resolveWhen(spans: SentenceSpan[], dateline: Dateline | null, publishedDay: CalendarDay | null, language: Language): string | null {
  // The event date is in the opening ("…, Selasa.", "met this afternoon"); later sentences date background events.
  for (const span of spans.slice(0, 3)) {
    const phrases = findDatePhrases(span.text, publishedDay);
    const event = phrases.find((d) => !/^\s*(?:lalu|silam)/iu.test(span.text.slice(d.end)));
    if (!event) continue;
    if (event.date) return event.date;
    const written = describeUnresolved(event, language);
    if (written) return written;
  }
  // An opening without a date: Indonesian news often dates the event further down, "di Jedah, Senin (16/10/17)".
  for (const span of spans.slice(3, 8)) {
    const explicit = findDatePhrases(span.text, publishedDay).find(
      (d) => d.date && /\(/u.test(d.text) && !/^\s*(?:lalu|silam)/iu.test(span.text.slice(d.end)) && !/(?:sebelumnya|earlier|previously)/iu.test(span.text.slice(0, d.start)),
    );
    if (explicit?.date) return explicit.date;
  }
  // "ISTANBUL, 23 Februari 2016 (Antara) -": the filing date is the next best thing.
  const filed = dateline ? findDates(dateline.raw, publishedDay)[0] : undefined;
  if (filed) return filed.date;
  return publishedDay ? formatDay(publishedDay) : null;
}

function resolveWhere(spans: SentenceSpan[], dateline: Dateline | null, title: string | null, language: Language): string | null {
  // The venue the opening sentences name ("met … in Kuala Lumpur") beats the dateline, which says where the story was filed.
  let place = findVenue(spans.slice(0, 3).map((s) => stripDateline(s.text)), language);
  if (!place && dateline?.city) {
    const entry = lookupPlace(dateline.city) ?? lookupPlace(titleCase(dateline.city));
    place = entry ? placeName(entry, language) : titleCase(dateline.city);
  }
  // Last, the headline: "Joint Statement on the Trade Meeting in Geneva".
  if (!place && title) place = findVenue([title], language);
  const byPhone = spans.slice(0, 3).some((s) => isPhoneCall(s.text));
  if (byPhone) {
    const label = language === 'id' ? 'Melalui telepon' : 'By phone';
    return place ? `${label} (${place})` : label;
  }
  return place;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/u;

/** Dates the sentence names that fall before the event day: a sign it recalls an earlier signing. */
function mentionsEarlierDate(sentence: string, anchor: CalendarDay | null, when: string | null): boolean {
  if (!when || !ISO_DAY.test(when)) return false;
  return findDates(sentence, anchor).some((d) => d.kind === 'day-month' && d.date < when);
}

/** Whether the sentence names a date after `today` (the publication day, else the clock for dates with a year). */
function hasFutureDate(sentence: string, anchor: CalendarDay | null, today: CalendarDay): boolean {
  const day = formatDay(today);
  return findDates(sentence, anchor).some((d) => d.date > day);
}

interface BackgroundItem {
  key: string;
  text: string;
  dated: boolean;
}

/**
 * A background line from a sentence recalling an earlier signing. A day and month the publication
 * date lets us place get their year written in ("17 Januari" → "17 Januari 2025"); without a
 * publication date they stay as written.
 */
function backgroundItem(sentence: string, anchor: CalendarDay | null): BackgroundItem {
  const clause = agreementClause(sentence);
  let text = stripAttribution(clause ?? quotedCore(stripDateline(sentence))).replace(/[.,;:]+$/u, '');
  const dates = findDatePhrases(text, anchor).filter((d) => d.kind === 'day-month');
  const first = dates[0];
  if (first?.date && !/\d{4}/u.test(first.text)) {
    const year = first.date.slice(0, 4);
    // "17 Januari" → "17 Januari 2025"; "January 17" → "January 17, 2025".
    const withYear = /^\d/u.test(first.text) ? `${first.text} ${year}` : `${first.text}, ${year}`;
    text = text.slice(0, first.start) + withYear + text.slice(first.end);
  }
  const key = (clause ? words(clause).slice(0, 4) : words(text).slice(0, 6)).join(' ').toLowerCase();
  return { key, text: truncateWords(text, 40), dated: dates.length > 0 };
}

/** Summary sentences for display: the scorer's choice, without "…, sebut Kremlin dalam satu pernyataan, Selasa." tails. */
function displaySummary(sentences: readonly string[]): string {
  return sentences.map((sentence) => stripAttribution(sentence)).join(' ');
}

// With key points carrying the other facts, two summary sentences keep the digest on one phone screen.
const SUMMARY_SENTENCES_WITH_KEY_POINTS = 2;
const SUMMARY_SENTENCES = 3;
const MIN_KEY_POINTS_FOR_SHORT_SUMMARY = 2;

// News articles run to 30,000 characters at most; past this the cue and name scans cost seconds
// (a 1.27 MB pasted page took 6.5 s) and the lead-aware scorer would not pick from the tail anyway.
export const MAX_ARTICLE_CHARS = 60_000;

/** The article's first MAX_ARTICLE_CHARS, cut at a line (else a space) so the evidence stays verbatim. */
function readablePart(text: string): { text: string; cut: boolean } {
  if (text.length <= MAX_ARTICLE_CHARS) return { text, cut: false };
  const head = text.slice(0, MAX_ARTICLE_CHARS);
  const line = head.lastIndexOf('\n');
  const space = head.lastIndexOf(' ');
  const end = line > MAX_ARTICLE_CHARS / 2 ? line : space > 0 ? space : MAX_ARTICLE_CHARS;
  return { text: head.slice(0, end), cut: true };
}

/**
 * The built-in summarizer: no network, deterministic. Picks summary sentences with the lead-aware
 * scorer and fills the digest fields from cue phrases, a gazetteer and a role vocabulary.
 */
export function createExtractiveEngine(deps: ExtractiveEngineDeps): DigestEngine {
  async function generate({ article, language }: EngineRequest): Promise<EngineResult> {
    const articleLanguage = article.language;
    if (articleLanguage !== 'en' && articleLanguage !== 'id') {
      throw new AppError('UNSUPPORTED_LANGUAGE', `The built-in summarizer only reads English and Indonesian, not "${articleLanguage}".`, {
        details: { language: articleLanguage },
      });
    }
    const read = readablePart(article.text);
    const spans = splitSentences(read.text).filter((s) => !TRAILER.test(s.text));
    const dateline = spans[0] ? parseDateline(spans[0].text) : null;
    // Some sites put the dateline on a line of its own ("ISTANBUL, 23 Februari 2016 (Antara) -").
    if (spans[0] && dateline && stripDateline(spans[0].text) === '') spans.shift();
    const lead = spans[0];
    if (!lead) throw new AppError('NOT_AN_ARTICLE', 'The article has no text to summarize.');

    const publishedDay = article.publishedAt ? dayOfIso(article.publishedAt) : null;
    const today = publishedDay ?? dayOfDate(deps.now());
    const texts = spans.map((s) => s.text);
    const storyText = texts.join('\n');
    const when = resolveWhen(spans, dateline, publishedDay, language);
    const people = extractPeople(storyText, language, undefined, article.title);
    // A joint statement of governments names no person: the states are the actors.
    const who = people.length > 0 ? people : statesIn(texts.slice(0, 2).map(stripDateline).join(' '), language);

    const agreements: EvidencedItem[] = [];
    const nextSteps: EvidencedItem[] = [];
    const background: BackgroundItem[] = [];
    const used = new Set<number>();
    spans.forEach((span, index) => {
      const sentence = span.text;
      // An outcome dated before the event is a recalled one; each clause is judged by its own date.
      const concluded = concludedClauses(sentence);
      const past = isPastSigning(sentence) || (concluded.length > 0 && concluded.every((clause) => mentionsEarlierDate(clause, publishedDay, when)));
      if (past) {
        used.add(index);
        const item = backgroundItem(sentence, publishedDay);
        const same = background.findIndex((b) => b.key === item.key);
        // The same treaty is often recalled twice; keep the mention that dates it.
        if (same >= 0) {
          if (item.dated && !background[same]!.dated) background[same] = item;
        } else background.push(item);
        return;
      }
      if (concluded.length > 0) {
        agreements.push(asItem(sentence));
        used.add(index);
      } else if (isNextStep(sentence, hasFutureDate(sentence, publishedDay, today))) {
        nextSteps.push(asItem(sentence));
        used.add(index);
      }
    });
    const keptAgreements = agreements.slice(0, 5);
    const keptNextSteps = nextSteps.slice(0, 5);
    const keptBackground = background.slice(0, 3).map((b) => b.text);

    // Key points take what the summary leaves out; when they carry at least two facts the summary
    // can stop at two sentences (bench/rouge.ts reports that setting next to the three-sentence one).
    const pick = (maxSentences: number) => {
      const choice = chooseSummarySentences(texts, { title: article.title, maxSentences });
      const taken = new Set([...used, ...choice.indices]);
      const told = [...choice.sentences, ...keptAgreements.map((a) => a.evidence), ...keptNextSteps.map((n) => n.evidence), ...keptBackground];
      return { choice, keyPoints: chooseKeyPoints(texts, taken, told) };
    };
    let picked = pick(SUMMARY_SENTENCES_WITH_KEY_POINTS);
    if (picked.keyPoints.length < MIN_KEY_POINTS_FOR_SHORT_SUMMARY) picked = pick(SUMMARY_SENTENCES);

    const draft: DigestDraft = {
      headline: makeHeadline(article, lead.text, storyText),
      summary: displaySummary(picked.choice.sentences),
      who,
      countries: findParticipants({ sentences: texts.map(stripDateline), title: article.title, who, language }),
      what: describeEvent(texts.slice(0, 3), who, language),
      when,
      where: resolveWhere(spans, dateline, article.title, language),
      agreements: keptAgreements,
      nextSteps: keptNextSteps,
      keyPoints: picked.keyPoints,
      background: keptBackground,
    };
    const notes = articleLanguage === language ? [] : [untranslatedNote(language, articleLanguage)];
    if (read.cut) notes.push(language === 'id' ? 'Artikelnya sangat panjang; hanya bagian awalnya yang dibaca.' : 'The article is very long; only its first part was read.');
    return { draft, notes };
  }

  return { name: 'extractive', model: EXTRACTIVE_MODEL, generate };
}
