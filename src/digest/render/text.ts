import { AppError } from '../../errors/app-error.js';
import { type Digest, DigestSchema, type EvidencedItem } from '../schema.js';
import { cleanText, shortenAtWord } from './escape.js';
import { EVIDENCE_DISPLAY_CHARS, keyPointLines, textIsEvidence } from './html.js';
import { countriesToShow, creditName, describePerson, formatDate, labelsFor } from './labels.js';

/**
 * The digest as plain text for the CLI: the same layout as the Telegram message, without markup,
 * with the source URL printed in full. Control characters are stripped so article text cannot
 * smuggle terminal escape sequences.
 */
export function renderDigestText(digest: Digest): string {
  const labels = labelsFor(digest.language);
  const blocks: string[] = [];

  const headline = cleanText(digest.headline);
  if (headline) blocks.push(headline);
  const summary = cleanText(digest.summary);
  if (summary) blocks.push(summary);

  const facts: string[] = [];
  const people = digest.who.map(describePerson).filter((person) => person !== '');
  if (people.length > 0) facts.push(`${labels.who}: ${people.join('; ')}`);
  const countries = countriesToShow(digest.who, digest.countries);
  if (countries.length > 0) facts.push(`${labels.countries}: ${countries.join(', ')}`);
  const what = cleanText(digest.what);
  if (what) facts.push(`${labels.what}: ${what}`);
  const when = digest.when ? formatDate(digest.when, digest.language) : '';
  const where = cleanText(digest.where);
  const whenWhere = [when ? `${labels.when}: ${when}` : '', where ? `${labels.where}: ${where}` : ''].filter(Boolean);
  if (whenWhere.length > 0) facts.push(whenWhere.join(' · '));
  if (facts.length > 0) blocks.push(facts.join('\n'));

  const keyPoints = keyPointLines(digest.keyPoints);
  if (keyPoints.length > 0) blocks.push([labels.keyPoints, ...keyPoints.map((item) => `• ${item}`)].join('\n'));

  for (const [title, items] of [
    [labels.agreements, digest.agreements],
    [labels.nextSteps, digest.nextSteps],
  ] as const) {
    const lines = items.flatMap(evidencedItemLines);
    if (lines.length > 0) blocks.push([title, ...lines].join('\n'));
  }

  const background = digest.background.map(cleanText).filter(Boolean);
  if (background.length > 0) blocks.push([labels.background, ...background.map((item) => `• ${item}`)].join('\n'));

  const notes = digest.notes.map(cleanText).filter(Boolean);
  if (notes.length > 0) blocks.push([labels.notes, ...notes.map((note) => `- ${note}`)].join('\n'));

  blocks.push(creditLine(digest));
  return blocks.join('\n\n');
}

function evidencedItemLines(item: EvidencedItem): string[] {
  const text = cleanText(item.text);
  if (!text) return [];
  const evidence = cleanText(item.evidence);
  if (textIsEvidence(text, evidence)) return [`• “${shortenAtWord(evidence, EVIDENCE_DISPLAY_CHARS)}”`];
  return evidence ? [`• ${text}`, `  “${shortenAtWord(evidence, EVIDENCE_DISPLAY_CHARS)}”`] : [`• ${text}`];
}

function creditLine(digest: Digest): string {
  const labels = labelsFor(digest.language);
  const url = cleanText(digest.source.url).replace(/\s/g, '');
  const name = creditName(digest.source, digest.language);
  const parts = [`${labels.source}: ${url ? `${name} <${url}>` : name}`];
  if (digest.source.publishedAt) {
    const date = formatDate(digest.source.publishedAt, digest.language);
    if (date) parts.push(date);
  }
  parts.push(labels.engineTag(digest.engine, cleanText(digest.model)));
  return parts.join(' · ');
}

/** The digest as pretty JSON (`--format json`), validated first so only schema-conformant data leaves. */
export function renderDigestJson(digest: Digest): string {
  const result = DigestSchema.safeParse(digest);
  if (!result.success) {
    throw new AppError('INTERNAL', `Digest does not match the schema: ${result.error.message}`, { cause: result.error });
  }
  return JSON.stringify(result.data, null, 2);
}
