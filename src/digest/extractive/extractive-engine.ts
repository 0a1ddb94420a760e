import { AppError } from '../../errors/app-error.js';
import type { Article } from '../../ingest/article.js';
import type { DigestEngine, EngineRequest, EngineResult } from '../engine.js';
import type { DigestDraft, EvidencedItem, Language } from '../schema.js';
import { agreementClause, isAgreement, isNextStep, isPastSigning, isPhoneCall } from './cues.js';
import { dayOfDate, dayOfIso, findDates, formatDay, type CalendarDay } from './dates.js';
import { findPlaces, lookupPlace, placeName } from './gazetteer.js';
import { extractPeople, shortenTitledNames } from './people.js';
import { chooseSummarySentences } from './scoring.js';
import { looksLikePublisher, parseDateline, splitSentences, stripDateline, type Dateline, type SentenceSpan } from './sentences.js';

/** What the extractive engine needs from the world: only a clock, for articles without a date. */
export interface ExtractiveEngineDeps {
  now: () => Date;
}

export const EXTRACTIVE_MODEL = 'extractive-v1';

// Pasted pages still carry these trailers; they are never part of the story.
const TRAILER =
  /^(?:baca\s+juga|lihat\s+juga|simak\s+juga|baca\s+selengkapnya|read\s+(?:also|more)|also\s+read|sumber|source|penerjemah|pewarta|reporter|editor|copyright|hak\s+cipta|©)\b/iu;

// ", sebut Kremlin dalam satu pernyataan, Selasa." — the attribution tail adds nothing to a one-liner.
const ATTRIBUTION_TAIL =
  /,\s*(?:sebut|kata|ujar|ungkap|jelas|tutur|tulis|terang|menurut|demikian|said|says|according\s+to|the\s+\p{L}+\s+said)(?![\p{L}])[^.!?]*[.!?]?\s*$/iu;

const FUNCTION_WORD_END = /\s+(?:dan|yang|di|ke|dari|untuk|dengan|pada|atau|serta|the|and|of|to|in|on|for|with|a|an|or)$/iu;
const OPEN_QUOTE = /^["“‘']/u;

const words = (text: string) => text.split(/\s+/u).filter((w) => w !== '');

function truncateWords(text: string, max: number): string {
  const ws = words(text);
  if (ws.length <= max) return text;
  let cut = ws.slice(0, max).join(' ').replace(/[,;:–—-]+$/u, '');
  while (FUNCTION_WORD_END.test(cut)) cut = cut.replace(FUNCTION_WORD_END, '');
  return `${cut}…`;
}

/** The lead as a one-line statement: no dateline, no "…, said X" tail. */
function cleanLead(sentence: string): string {
  let s = stripDateline(sentence).trim();
  const withoutTail = s.replace(ATTRIBUTION_TAIL, '.');
  if (words(withoutTail).length >= 5) s = withoutTail;
  return s;
}

function titleCase(word: string): string {
  return word === word.toUpperCase() ? word.toLowerCase().replace(/(^|[\s-])\p{L}/gu, (c) => c.toUpperCase()) : word;
}

/** A quoted sentence reduced to its quote: `"Kami sepakat…," kata dia.` → `Kami sepakat…`. Evidence stays verbatim. */
function quotedCore(sentence: string): string {
  if (!OPEN_QUOTE.test(sentence)) return sentence;
  const close = /["”’'](?=[\s,.;:]|$)/gu;
  let last: RegExpExecArray | null = null;
  close.lastIndex = 1;
  for (let m = close.exec(sentence); m; m = close.exec(sentence)) last = m;
  if (!last || last.index < 2) return sentence;
  return sentence.slice(1, last.index).replace(/[,;:]+$/u, '').trim();
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
export function makeHeadline(article: Article, lead: string): string {
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
  return compress(shortenTitledNames(cleanLead(lead)).replace(/[.!?]+$/u, ''), 12);
}

// Places where a long lead can be cut and still read as a statement.
const CLAUSE_BREAK = /(?:,|\s+(?:yang|berdasarkan|setelah|sebelum|karena|untuk|which|who|after|before|because|following|amid|as|to))\s/giu;

/** A lead shortened to `max` words, preferably at a clause boundary. */
function compress(text: string, max: number): string {
  if (words(text).length <= max) return text;
  let best: string | null = null;
  for (const m of text.matchAll(CLAUSE_BREAK)) {
    const head = text.slice(0, m.index).trim();
    const n = words(head).length;
    if (n > max) break;
    if (n >= 5) best = head;
  }
  return best ?? truncateWords(text, max);
}

function resolveWhen(spans: SentenceSpan[], dateline: Dateline | null, anchor: CalendarDay | null, publishedDay: CalendarDay | null): string | null {
  // The event date is in the lead ("…, Selasa."); later sentences date background events.
  for (const span of spans.slice(0, 2)) {
    const dates = findDates(span.text, anchor);
    const event = dates.find((d) => !/^\s*(?:lalu|silam)/iu.test(span.text.slice(d.end)));
    if (event) return event.date;
  }
  // "ISTANBUL, 23 Februari 2016 (Antara) -": the filing date is the next best thing.
  const filed = dateline ? findDates(dateline.raw, anchor)[0] : undefined;
  if (filed) return filed.date;
  return publishedDay ? formatDay(publishedDay) : null;
}

function resolveWhere(spans: SentenceSpan[], dateline: Dateline | null, language: Language): string | null {
  let place: string | null = null;
  if (dateline?.city) {
    const entry = lookupPlace(dateline.city) ?? lookupPlace(titleCase(dateline.city));
    place = entry ? placeName(entry, language) : titleCase(dateline.city);
  } else {
    const lead = spans.slice(0, 2).map((s) => s.text).join(' ');
    const city = findPlaces(lead).find((m) => m.entry.kind === 'city');
    if (city) place = placeName(city.entry, language);
  }
  const byPhone = spans.slice(0, 3).some((s) => isPhoneCall(s.text));
  if (byPhone) {
    const label = language === 'id' ? 'Melalui telepon' : 'By phone';
    return place ? `${label} (${place})` : label;
  }
  return place;
}

/** Dates the sentence names that fall before the event day: a sign it recalls an earlier signing. */
function mentionsEarlierDate(sentence: string, anchor: CalendarDay | null, when: string | null): boolean {
  if (!when) return false;
  return findDates(sentence, anchor).some((d) => d.kind === 'day-month' && d.date < when);
}

function hasFutureDate(sentence: string, anchor: CalendarDay | null): boolean {
  if (!anchor) return false;
  const today = formatDay(anchor);
  return findDates(sentence, anchor).some((d) => d.date > today);
}

function backgroundItem(sentence: string, anchor: CalendarDay | null): { key: string; text: string; dated: boolean } {
  const clause = agreementClause(sentence);
  const base = (clause ?? quotedCore(stripDateline(sentence))).replace(/[.,;:]+$/u, '');
  const dates = findDates(base, anchor).filter((d) => d.kind === 'day-month');
  const text = dates[0] ? `${base} (${dates[0].date})` : base;
  const key = (clause ? words(clause).slice(0, 4) : words(base).slice(0, 6)).join(' ').toLowerCase();
  return { key, text: truncateWords(text, 40), dated: dates.length > 0 };
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
    const spans = splitSentences(article.text).filter((s) => !TRAILER.test(s.text));
    const dateline = spans[0] ? parseDateline(spans[0].text) : null;
    // Some sites put the dateline on a line of its own ("ISTANBUL, 23 Februari 2016 (Antara) -").
    if (spans[0] && dateline && stripDateline(spans[0].text) === '') spans.shift();
    const lead = spans[0];
    if (!lead) throw new AppError('NOT_AN_ARTICLE', 'The article has no text to summarize.');

    const publishedDay = article.publishedAt ? dayOfIso(article.publishedAt) : null;
    const anchor = publishedDay ?? dayOfDate(deps.now());
    const storyText = spans.map((s) => s.text).join('\n');

    const choice = chooseSummarySentences(
      spans.map((s) => s.text),
      { title: article.title, maxSentences: 3 },
    );
    const when = resolveWhen(spans, dateline, anchor, publishedDay);

    const agreements: EvidencedItem[] = [];
    const nextSteps: EvidencedItem[] = [];
    const background: { key: string; text: string; dated: boolean }[] = [];
    for (const span of spans) {
      const sentence = span.text;
      const past = isPastSigning(sentence) || (isAgreement(sentence) && mentionsEarlierDate(sentence, anchor, when));
      if (past) {
        const item = backgroundItem(sentence, anchor);
        const same = background.findIndex((b) => b.key === item.key);
        // The same treaty is often recalled twice; keep the mention that dates it.
        if (same >= 0) {
          if (item.dated && !background[same]!.dated) background[same] = item;
        } else background.push(item);
        continue;
      }
      if (isAgreement(sentence)) agreements.push(asItem(sentence));
      else if (isNextStep(sentence, hasFutureDate(sentence, anchor))) nextSteps.push(asItem(sentence));
    }

    const draft: DigestDraft = {
      headline: makeHeadline(article, lead.text),
      summary: choice.sentences.join(' '),
      who: extractPeople(storyText, language),
      what: truncateWords(cleanLead(lead.text), 30),
      when,
      where: resolveWhere(spans, dateline, language),
      agreements: agreements.slice(0, 5),
      nextSteps: nextSteps.slice(0, 5),
      background: background.slice(0, 3).map((b) => b.text),
    };
    const notes = articleLanguage === language ? [] : [untranslatedNote(language, articleLanguage)];
    return { draft, notes };
  }

  return { name: 'extractive', model: EXTRACTIVE_MODEL, generate };
}
