/** What `trimToTokenBudget` returns. */
export interface TrimResult {
  text: string;
  /** True when part of the text was cut off (the text then ends with the marker line). */
  trimmed: boolean;
}

/** The line that tells the model (and a reader of the request) that the article goes on. */
export const TRIM_MARKER = '[…]';

const CJK = /[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF]/u;

/**
 * A cheap token estimate, no tokenizer needed. BPE tokenizers of the GPT family average about
 * 4 characters per token on English and a little less on Indonesian; other alphabets (Cyrillic,
 * Arabic…) take about 2 characters per token and CJK about one. It is a budget guard, not a bill:
 * keep OPENAI_MAX_INPUT_TOKENS well under the model's context window.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(rawTokens(text));
}

/** Un-rounded estimate: additive, so a growing prefix can be measured piece by piece. */
function rawTokens(text: string): number {
  let latin = 0;
  let other = 0;
  let cjk = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code <= 0x024f || (code >= 0x2000 && code <= 0x206f)) latin += 1;
    else if (CJK.test(char)) cjk += 1;
    else other += 1;
  }
  return latin / 4 + other / 2 + cjk;
}

const MARKER_TOKENS = estimateTokens(`\n\n${TRIM_MARKER}`);

/** Sentences with their trailing spaces, so joining a prefix gives back the exact original text. */
function sentencesOf(paragraph: string): string[] {
  const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
  return [...segmenter.segment(paragraph)].map((s) => s.segment);
}

/** The longest run of whole sentences from the start of `paragraph` that fits `budget`. */
function leadSentences(paragraph: string, budget: number): string {
  let kept = '';
  let used = 0;
  for (const sentence of sentencesOf(paragraph)) {
    used += rawTokens(sentence);
    if (used > budget) break;
    kept += sentence;
  }
  return kept.trimEnd();
}

/** A hard cut at the last word boundary that fits; only for a first sentence longer than the whole budget. */
function leadWords(paragraph: string, budget: number): string {
  let kept = '';
  let used = 0;
  for (const word of paragraph.split(/(?<=\s)/)) {
    used += rawTokens(word);
    if (used > budget) break;
    kept += word;
  }
  return kept.trimEnd();
}

/**
 * Keeps the lead of a news article within `maxTokens` (estimated): whole paragraphs from the start
 * while they fit, then as many whole sentences of the next paragraph as fit, then a "[…]" line.
 * News puts the essentials first, so the lead is the part worth paying for.
 */
export function trimToTokenBudget(text: string, maxTokens: number): TrimResult {
  if (estimateTokens(text) <= maxTokens) return { text, trimmed: false };
  const budget = Math.max(0, maxTokens - MARKER_TOKENS);
  // Odd indexes are the separators (line breaks), so the kept text keeps its own layout.
  const parts = text.split(/(\n(?:[ \t]*\n)*)/);
  let kept = '';
  let used = 0;
  for (let i = 0; i < parts.length; i += 2) {
    const paragraph = parts[i] ?? '';
    const separator = i === 0 ? '' : (parts[i - 1] ?? '');
    const cost = rawTokens(separator + paragraph);
    if (used + cost <= budget) {
      kept += separator + paragraph;
      used += cost;
      continue;
    }
    const room = budget - used - rawTokens(separator);
    const partial = leadSentences(paragraph, room) || (kept.trim() === '' ? leadWords(paragraph, room) : '');
    if (partial) kept += separator + partial;
    break;
  }
  kept = kept.trimEnd();
  return { text: kept === '' ? TRIM_MARKER : `${kept}\n\n${TRIM_MARKER}`, trimmed: true };
}
