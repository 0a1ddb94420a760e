import { labelsFor } from '../digest/render/labels.js';
import type { Language } from '../digest/schema.js';
import { cleanText, escapeHtml, escapeHtmlAttribute, linkableUrl, shortenAtWord } from '../digest/render/escape.js';
import { splitTelegramHtml, TELEGRAM_MESSAGE_LIMIT, telegramTextLength } from '../digest/render/split.js';
import { displayHost as hostOf } from '../ingest/urls.js';
import type { FeedItemRecord } from './repositories.js';

/** A feed item with the name of the source that published it, ready to be cited. */
export interface CitedItem {
  item: FeedItemRecord;
  /** Feed title, else the item's host name (e.g. "ANTARA News — World", "reuters.com"). */
  source: string;
}

/** One story in a batch: its items, the one to show first. */
export type StoryGroup = readonly CitedItem[];

/** Fixed text of subscription messages, in one language. */
export interface DeliveryLabels {
  alsoReportedBy: string;
  batchTitle: string;
  stories(count: number): string;
  continued: string;
  /** Under the headline and summary when the article itself could not be read or summarized. */
  digestUnavailable: string;
  source: string;
  months: readonly string[];
}

const EN: DeliveryLabels = {
  alsoReportedBy: 'Also reported by',
  batchTitle: 'News digest',
  stories: (count) => (count === 1 ? '1 story' : `${count} stories`),
  continued: 'continued',
  digestUnavailable: 'The full article could not be read, so this is the feed’s own summary.',
  source: 'Source',
  months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

const ID: DeliveryLabels = {
  alsoReportedBy: 'Juga diberitakan oleh',
  batchTitle: 'Rangkuman berita',
  stories: (count) => `${count} berita`,
  continued: 'lanjutan',
  digestUnavailable: 'Artikel lengkapnya tidak dapat dibaca, jadi ini ringkasan dari feed-nya.',
  source: 'Sumber',
  months: ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'],
};

export function deliveryLabels(language: Language): DeliveryLabels {
  return language === 'id' ? ID : EN;
}

/** One line of summary in a batch: a headline list, not a digest. */
export const BATCH_SUMMARY_CHARS = 220;
/** Summary shown when the article could not be digested. */
export const FALLBACK_SUMMARY_CHARS = 600;
const SOURCE_CHARS = 60;

export { displayHost as hostOf } from '../ingest/urls.js';

/** `<a href>name</a>` when the URL is a plain http(s) link, else the escaped name alone. */
function linked(text: string, url: string | null): string {
  const href = linkableUrl(url);
  return href ? `<a href="${escapeHtmlAttribute(href)}">${escapeHtml(text)}</a>` : escapeHtml(text);
}

const sourceName = (cited: CitedItem) =>
  shortenAtWord(cleanText(cited.source) || hostOf(cited.item.url) || '?', SOURCE_CHARS);

/**
 * The item to lead a story with: the first one written in the reader's language (so the digest
 * quotes read naturally), else the first seen.
 */
export function pickPrimary(items: readonly CitedItem[], language: Language): CitedItem | undefined {
  return items.find((cited) => cited.item.language?.toLowerCase().startsWith(language)) ?? items[0];
}

/** The other items of a story, one per source+link, the primary left out. */
export function othersOf(items: readonly CitedItem[], primary: CitedItem): CitedItem[] {
  const seen = new Set<string>([`${sourceName(primary)}|${primary.item.url ?? ''}`]);
  return items.filter((cited) => {
    const key = `${sourceName(cited)}|${cited.item.url ?? ''}`;
    if (cited === primary || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** "Also reported by: <a>ANTARA</a>, <a>Reuters</a>" — empty when there is no other source. */
export function renderAlsoReported(others: readonly CitedItem[], language: Language): string {
  if (others.length === 0) return '';
  const links = others.map((cited) => linked(sourceName(cited), cited.item.url));
  return `<i>${escapeHtml(deliveryLabels(language).alsoReportedBy)}:</i> ${links.join(', ')}`;
}

/**
 * A story digest citing every source: the digest HTML (already rendered and escaped by
 * renderDigestHtml) followed by the other feeds' items of the story. Split for Telegram.
 */
export function renderStoryMessage(digestHtml: string, items: readonly CitedItem[], primary: CitedItem, language: Language): string[] {
  const also = renderAlsoReported(othersOf(items, primary), language);
  return splitTelegramHtml(also ? `${digestHtml}\n\n${also}` : digestHtml);
}

/** The message for a story whose article could not be digested: the feed's own title, summary and link. */
export function renderStoryFallback(items: readonly CitedItem[], primary: CitedItem, language: Language): string[] {
  const labels = deliveryLabels(language);
  const title = cleanText(primary.item.title) || hostOf(primary.item.url) || '?';
  const summary = shortenAtWord(cleanText(primary.item.summary), FALLBACK_SUMMARY_CHARS);
  const blocks = [`<b>${linked(title, primary.item.url)}</b>`];
  if (summary) blocks.push(escapeHtml(summary));
  blocks.push(`${escapeHtml(labels.source)}: ${linked(sourceName(primary), primary.item.url)}`);
  const also = renderAlsoReported(othersOf(items, primary), language);
  if (also) blocks.push(also);
  blocks.push(`<i>${escapeHtml(labels.digestUnavailable)}</i>`);
  return splitTelegramHtml(blocks.join('\n\n'));
}

/** "2025-05-06T07:30@Asia/Jakarta" (a slot key) → "6 May 2025, 07:30" / "6 Mei 2025, 07.30"; else null. */
export function slotHeading(slotKey: string, language: Language): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})@/.exec(slotKey);
  if (!match) return null;
  const [, year, month, day, hour, minute] = match as unknown as [string, string, string, string, string, string];
  const monthName = deliveryLabels(language).months[Number(month) - 1];
  if (!monthName) return null;
  // Indonesian writes times with a dot (07.30).
  const time = language === 'id' ? `${hour}.${minute}` : `${hour}:${minute}`;
  return `${Number(day)} ${monthName} ${year}, ${time}`;
}

/** Input of {@link renderBatch}. */
export interface BatchInput {
  language: Language;
  /** Shown after the title, e.g. the slot's local date and time. */
  heading: string | null;
  stories: readonly StoryGroup[];
  /**
   * Per story (same order), the headline of the chat's earlier message of it, or null: a story the chat
   * already had is folded into one line (headline, source, "Earlier: …") instead of a full entry.
   */
  earlier?: readonly (string | null)[];
}

function renderStoryBlock(story: StoryGroup, index: number, language: Language, earlier: string | null = null): string {
  const primary = pickPrimary(story, language);
  if (!primary) return '';
  const title = cleanText(primary.item.title) || hostOf(primary.item.url) || '?';
  const lines = [`${index}. <b>${linked(title, primary.item.url)}</b> — <i>${escapeHtml(sourceName(primary))}</i>`];
  if (earlier !== null) return `${lines[0]} · <i>${escapeHtml(`${labelsFor(language).earlier} ${cleanText(earlier)}`)}</i>`;
  const summary = shortenAtWord(cleanText(primary.item.summary), BATCH_SUMMARY_CHARS);
  if (summary) lines.push(escapeHtml(summary));
  const also = renderAlsoReported(othersOf(story, primary), language);
  if (also) lines.push(also);
  return lines.join('\n');
}

/**
 * The batched message of a schedule slot: a title, then one block per story (headline linked to
 * the article, one-line summary, the other sources). Messages are cut between stories so no story is
 * split across two messages; only a single story longer than a whole message is split inside.
 */
export function renderBatch(input: BatchInput, limit = TELEGRAM_MESSAGE_LIMIT): string[] {
  const labels = deliveryLabels(input.language);
  const blocks = input.stories.map((story, i) => renderStoryBlock(story, i + 1, input.language, input.earlier?.[i] ?? null)).filter(Boolean);
  if (blocks.length === 0) return [];
  const title = `<b>${escapeHtml(labels.batchTitle)}${input.heading ? ` · ${escapeHtml(input.heading)}` : ''}</b>\n${escapeHtml(labels.stories(blocks.length))}`;
  const continued = `<i>(${escapeHtml(labels.continued)})</i>`;
  const fits = (html: string) => telegramTextLength(html) <= limit && html.length <= limit;

  const messages: string[] = [];
  let current = title;
  for (const block of blocks) {
    const joined = `${current}\n\n${block}`;
    if (fits(joined)) {
      current = joined;
      continue;
    }
    messages.push(current);
    const fresh = `${continued}\n\n${block}`;
    if (fits(fresh)) {
      current = fresh;
      continue;
    }
    // A single story longer than a message: split inside it, keep its last piece open for the next.
    const pieces = splitTelegramHtml(fresh, limit);
    messages.push(...pieces.slice(0, -1));
    current = pieces.at(-1) ?? '';
  }
  if (current) messages.push(current);
  return messages;
}
