import { cleanText, escapeHtml, escapeHtmlAttribute, linkableUrl } from '../digest/render/escape.js';
import { renderDigestHtml } from '../digest/render/html.js';
import { describePerson, labelsFor } from '../digest/render/labels.js';
import { splitTelegramHtml } from '../digest/render/split.js';
import type { Digest, Language } from '../digest/schema.js';
import type { ChatButton } from './chat-sender.js';
import { type CitedItem, renderAlsoReported, renderStoryFallback } from './batch-render.js';
import { diffStory, type StoryDiff } from './story-diff.js';
import type { DeliveredStoryDigest, StoryRepository } from './story-repository.js';

/** What delivery needs of the story table: whether a chat had a story, its earlier digests, recording one. */
export type DeliveryStories = Pick<StoryRepository, 'received' | 'digestsOf' | 'recordDigest' | 'followersOf'>;

/** "Follow this story" under a delivered digest: `sf:<story id>`; "Stop following" in /stories: `su:<story id>`. */
export const FOLLOW_DATA = /^sf:([A-Za-z0-9_:-]{1,48})$/;
export const UNFOLLOW_DATA = /^su:([A-Za-z0-9_:-]{1,48})$/;

/** The button's data, or null when the story id does not fit 64 bytes (the button is then left out). */
export function followCallbackData(storyId: string, follow = true): string | null {
  const data = `${follow ? 'sf' : 'su'}:${storyId}`;
  return (follow ? FOLLOW_DATA : UNFOLLOW_DATA).test(data) && Buffer.byteLength(data) <= 64 ? data : null;
}

export function parseFollowCallbackData(data: string): { storyId: string; follow: boolean } | null {
  const follow = FOLLOW_DATA.exec(data);
  if (follow) return { storyId: follow[1] as string, follow: true };
  const unfollow = UNFOLLOW_DATA.exec(data);
  return unfollow ? { storyId: unfollow[1] as string, follow: false } : null;
}

/** The Follow button row, or none when the id does not fit. */
export function followButtons(storyId: string, language: Language): ChatButton[][] {
  const data = followCallbackData(storyId);
  return data ? [[{ text: `➕ ${labelsFor(language).followStory}`, data }]] : [];
}

/** A follow-up delivery's ref: the story and the item that brought it (a chat gets one message per story and item). */
export const followUpRef = (storyId: string, itemId: number) => `${storyId}+${itemId}`;

/** The story id and item id of a follow-up ref, or null for a first delivery. */
export function parseFollowUpRef(ref: string): { storyId: string; itemId: number } | null {
  const match = /^(.+)\+(\d+)$/.exec(ref);
  return match ? { storyId: match[1] as string, itemId: Number(match[2]) } : null;
}

function linked(text: string, url: string | null): string {
  const href = linkableUrl(url);
  return href ? `<a href="${escapeHtmlAttribute(href)}">${escapeHtml(text)}</a>` : escapeHtml(text);
}

/** "Earlier: <headline>" linked to the earlier article. */
export function earlierLine(earlier: Pick<DeliveredStoryDigest, 'headline' | 'url'>, language: Language): string {
  return `<i>${escapeHtml(labelsFor(language).earlier)}</i> ${linked(cleanText(earlier.headline) || '…', earlier.url)}`;
}

/** "Nothing new beyond “<earlier headline>”." */
export function nothingNewLine(earlierHeadline: string, language: Language): string {
  return `<i>${escapeHtml(`${labelsFor(language).nothingNewBeyond} “${cleanText(earlierHeadline)}”.`)}</i>`;
}

/** The What's new block: the diff's agreements, next steps, people and countries as bullet lines. */
export function renderWhatsNew(diff: StoryDiff, language: Language): string {
  const labels = labelsFor(language);
  const lines = [
    ...diff.agreements.map((item) => `• ${escapeHtml(labels.agreements)}: ${escapeHtml(cleanText(item.text))}`),
    ...diff.nextSteps.map((item) => `• ${escapeHtml(labels.nextSteps)}: ${escapeHtml(cleanText(item.text))}`),
    ...(diff.people.length > 0 ? [`• ${escapeHtml(labels.who)}: ${escapeHtml(diff.people.map(describePerson).join('; '))}`] : []),
    ...(diff.countries.length > 0 ? [`• ${escapeHtml(labels.countries)}: ${escapeHtml(diff.countries.map(cleanText).join(', '))}`] : []),
  ];
  return [`<b>🆕 ${escapeHtml(labels.whatsNew)}</b>`, ...lines].join('\n');
}

/**
 * A repeat this soon after the chat's last message of the story is not sent: wire copies of one report
 * land within hours, and a "nothing new" line for each would be noise. Later repeats are sent (one line).
 */
export const FOLD_REPEATS_WITHIN_MS = 6 * 3_600_000;

/** What a follow-up message says, and what it replies to. */
export interface FollowUpMessage {
  /** Empty for a repeat folded into the earlier message (see {@link FOLD_REPEATS_WITHIN_MS}). */
  parts: string[];
  /** The chat's latest earlier message of the story: the follow-up is sent as a reply to it. */
  replyTo: number | null;
  isRepeat: boolean;
}

/**
 * A follow-up of a story the chat already received: What's new (diffStory against the chat's
 * earlier digests, no model call), the digest, the other sources and "Earlier: …"; or, when the item
 * only repeats, one line: its headline and "Nothing new beyond “…”". Without a digest (the article
 * could not be read) the feed's own summary goes out under the same link back.
 */
export function renderFollowUp(input: {
  digest: Digest | null;
  primary: CitedItem;
  others: readonly CitedItem[];
  earlier: readonly DeliveredStoryDigest[];
  language: Language;
  /** When the item was routed to the chat (the delivery's creation): a repeat soon after the last message is folded. */
  at?: number;
}): FollowUpMessage {
  const { digest, primary, earlier, language } = input;
  const last = earlier.at(-1);
  const replyTo = last?.messageId ?? null;
  const back = last ? earlierLine(last, language) : '';
  const earlierDigests = earlier.flatMap((entry) => (entry.digest ? [entry.digest] : []));
  if (!digest) {
    const parts = renderStoryFallback([primary, ...input.others], primary, language);
    return { parts: back ? [...parts.slice(0, -1), `${parts.at(-1) ?? ''}\n\n${back}`] : parts, replyTo, isRepeat: false };
  }
  const diff = diffStory(digest, earlierDigests);
  if (diff.isRepeat && last) {
    if (input.at !== undefined && input.at - last.sentAt < FOLD_REPEATS_WITHIN_MS) return { parts: [], replyTo, isRepeat: true };
    const title = cleanText(digest.headline) || cleanText(primary.item.title) || '…';
    const line = `<b>${linked(title, primary.item.url ?? digest.source.url)}</b> — <i>${escapeHtml(cleanText(primary.source))}</i>\n${nothingNewLine(last.headline, language)}`;
    return { parts: [line], replyTo, isRepeat: true };
  }
  const also = renderAlsoReported(input.others, language);
  const blocks = [...(earlierDigests.length > 0 ? [renderWhatsNew(diff, language)] : []), renderDigestHtml(digest), ...(also ? [also] : []), ...(back ? [back] : [])];
  return { parts: splitTelegramHtml(blocks.join('\n\n')), replyTo, isRepeat: false };
}
