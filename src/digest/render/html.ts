import type { Digest, EvidencedItem } from '../schema.js';
import { cleanText, escapeHtml, escapeHtmlAttribute, linkableUrl, shortenAtWord } from './escape.js';
import { countriesToShow, creditName, describePerson, formatDate, labelsFor } from './labels.js';

/** Quotes longer than this are shortened on screen; the full quote stays in the JSON output. */
export const EVIDENCE_DISPLAY_CHARS = 200;

/** Key points longer than this are shortened on screen, so each stays about one or two phone lines. */
export const KEY_POINT_DISPLAY_CHARS = 160;

/** Key points as displayed: cleaned, empty ones dropped, long ones cut at a word. Shared with the text renderer. */
export function keyPointLines(items: readonly string[]): string[] {
  return items
    .map(cleanText)
    .filter(Boolean)
    .map((item) => shortenAtWord(item, KEY_POINT_DISPLAY_CHARS));
}

/**
 * Whether an item's text is its evidence verbatim (the built-in engine quotes the article): then the
 * quote is shown once, in quotation marks, instead of twice.
 */
export function textIsEvidence(text: string, evidence: string): boolean {
  const norm = (s: string) => s.replace(/^["“‘']+|["”’'.,;:!?\s]+$/gu, '').toLowerCase();
  return evidence !== '' && norm(text) === norm(evidence);
}

/**
 * The digest as Telegram HTML (`parse_mode: "HTML"`), laid out for a phone screen. Uses only tags the
 * Bot API accepts (b, i, a, blockquote expandable); every piece of content is escaped, and the only
 * link is the digest's own http(s) source URL.
 */
export function renderDigestHtml(digest: Digest): string {
  const labels = labelsFor(digest.language);
  const blocks: string[] = [];

  const headline = cleanText(digest.headline);
  if (headline) blocks.push(`<b>${escapeHtml(headline)}</b>`);
  const summary = cleanText(digest.summary);
  if (summary) blocks.push(escapeHtml(summary));

  const facts: string[] = [];
  const people = digest.who.map(describePerson).filter((person) => person !== '');
  if (people.length > 0) facts.push(`${label(labels.who)} ${escapeHtml(people.join('; '))}`);
  const countries = countriesToShow(digest.who, digest.countries);
  if (countries.length > 0) facts.push(`${label(labels.countries)} ${escapeHtml(countries.join(', '))}`);
  const what = cleanText(digest.what);
  if (what) facts.push(`${label(labels.what)} ${escapeHtml(what)}`);
  const when = digest.when ? formatDate(digest.when, digest.language) : '';
  const where = cleanText(digest.where);
  const whenWhere = [
    when ? `${label(labels.when)} ${escapeHtml(when)}` : '',
    where ? `${label(labels.where)} ${escapeHtml(where)}` : '',
  ].filter(Boolean);
  if (whenWhere.length > 0) facts.push(whenWhere.join(' · '));
  if (facts.length > 0) blocks.push(facts.join('\n'));

  const keyPoints = keyPointLines(digest.keyPoints);
  if (keyPoints.length > 0) {
    blocks.push([`<b>${escapeHtml(labels.keyPoints)}</b>`, ...keyPoints.map((item) => `• ${escapeHtml(item)}`)].join('\n'));
  }

  for (const [title, items] of [
    [labels.agreements, digest.agreements],
    [labels.nextSteps, digest.nextSteps],
  ] as const) {
    const lines = items.flatMap(evidencedItemLines);
    if (lines.length > 0) blocks.push([`<b>${escapeHtml(title)}</b>`, ...lines].join('\n'));
  }

  const background = digest.background.map(cleanText).filter(Boolean);
  if (background.length > 0) {
    blocks.push([`<b>${escapeHtml(labels.background)}</b>`, ...background.map((item) => `• ${escapeHtml(item)}`)].join('\n'));
  }

  const notes = digest.notes.map(cleanText).filter(Boolean);
  if (notes.length > 0) {
    // Notes are caveats about the digest itself; italics set them apart without spending a heading line.
    blocks.push(notes.map((note) => `<i>${escapeHtml(note)}</i>`).join('\n'));
  }

  blocks.push(creditLine(digest));
  return blocks.join('\n\n');
}

const label = (text: string) => `<b>${escapeHtml(text)}:</b>`;

// The quote sits in an expandable blockquote so long evidence collapses instead of filling the screen.
function evidencedItemLines(item: EvidencedItem): string[] {
  const text = cleanText(item.text);
  if (!text) return [];
  const evidence = cleanText(item.evidence);
  if (textIsEvidence(text, evidence)) return [`• “${escapeHtml(shortenAtWord(evidence, EVIDENCE_DISPLAY_CHARS))}”`];
  const lines = [`• ${escapeHtml(text)}`];
  if (evidence) {
    const quote = shortenAtWord(evidence, EVIDENCE_DISPLAY_CHARS);
    lines.push(`<blockquote expandable>“${escapeHtml(quote)}”</blockquote>`);
  }
  return lines;
}

function creditLine(digest: Digest): string {
  const labels = labelsFor(digest.language);
  const name = escapeHtml(creditName(digest.source, digest.language));
  const url = linkableUrl(digest.source.url);
  const parts = [`${escapeHtml(labels.source)}: ${url ? `<a href="${escapeHtmlAttribute(url)}">${name}</a>` : name}`];
  if (digest.source.publishedAt) {
    const date = formatDate(digest.source.publishedAt, digest.language);
    if (date) parts.push(escapeHtml(date));
  }
  parts.push(escapeHtml(labels.engineTag(digest.engine, cleanText(digest.model))));
  return parts.join(' · ');
}
