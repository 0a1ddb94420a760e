import type { Logger } from '../core/logger.js';
import { describeError } from '../core/logger.js';
import type { DigestService } from '../digest/digest-service.js';
import { renderDigestHtml } from '../digest/render/html.js';
import type { Digest, Language } from '../digest/schema.js';
import { cleanText } from '../digest/render/escape.js';
import { type CitedItem, hostOf, othersOf, pickPrimary, renderBatch, renderStoryFallback, renderStoryMessage, slotHeading, type StoryGroup } from './batch-render.js';
import { type DeliveryStories, parseFollowUpRef, renderFollowUp } from './delivery-follow-up.js';
import type { DeliveryRecord, FeedItemRecord, FeedRecord, SubscriptionRepository } from './repositories.js';

/** What rendering a delivery reads: the stories' items, their feeds and the digests of their articles. */
export interface DeliveryRenderDeps {
  repo: SubscriptionRepository;
  /** The story table: follow-ups, "Earlier: …" and the record of what each chat received. Without it every delivery stands alone. */
  stories?: DeliveryStories;
  digestService: DigestService;
  logger: Pick<Logger, 'warn'>;
}

/** Per run: one digest (or one failure) per URL and language, and each feed read once. */
export interface RunMemo {
  digest(url: string, language: Language): Promise<Digest | null>;
  feed(feedId: number): Promise<FeedRecord | undefined>;
}

function memoize<K, V>(cache: Map<K, Promise<V>>, key: K, load: () => Promise<V>): Promise<V> {
  let job = cache.get(key);
  if (!job) {
    job = load();
    cache.set(key, job);
  }
  return job;
}

export function createRunMemo(deps: DeliveryRenderDeps): RunMemo {
  const digests = new Map<string, Promise<Digest | null>>();
  const feeds = new Map<number, Promise<FeedRecord | undefined>>();
  return {
    digest: (url, language) =>
      memoize(digests, `${language}|${url}`, () =>
        deps.digestService.digest({ input: { kind: 'url', url }, language }).then(
          (outcome) => outcome.digest,
          (error: unknown) => {
            deps.logger.warn({ url, language, err: describeError(error) }, 'feed item could not be digested; sending its feed summary');
            return null;
          },
        ),
      ),
    feed: (feedId) => memoize(feeds, feedId, () => deps.repo.getFeed(feedId)),
  };
}

async function cite(items: readonly FeedItemRecord[], memo: RunMemo): Promise<CitedItem[]> {
  return Promise.all(
    items.map(async (item) => {
      const feed = await memo.feed(item.feedId);
      return { item, source: feed?.title ?? hostOf(item.url) ?? hostOf(feed?.url) ?? '' };
    }),
  );
}

/** A delivery ready to send: its parts, what it replies to, and the stories it showed (for the story table). */
export interface RenderedDelivery {
  parts: string[];
  /** The chat's earlier message of the story (a follow-up is a reply to it). */
  replyTo: number | null;
  shown: ShownStory[];
}

/** One story a delivery showed: recorded per chat so a later item of it becomes a follow-up. */
export interface ShownStory {
  storyId: string;
  headline: string;
  url: string | null;
  digest: Digest | null;
}

const shownOf = (storyId: string, primary: CitedItem, digest: Digest | null): ShownStory => ({
  storyId,
  headline: cleanText(digest?.headline) || cleanText(primary.item.title),
  url: primary.item.url,
  digest,
});

async function renderSlot(repo: SubscriptionRepository, delivery: DeliveryRecord, language: Language, memo: RunMemo, stories?: DeliveryStories): Promise<RenderedDelivery | null> {
  const groups: StoryGroup[] = [];
  const earlier: (string | null)[] = [];
  const shown: ShownStory[] = [];
  for (const storyId of delivery.storyIds) {
    const cited = await cite(await repo.itemsOfStory(storyId), memo);
    const primary = pickPrimary(cited, language);
    if (!primary) continue;
    groups.push(cited);
    earlier.push((await stories?.digestsOf(delivery.chatId, storyId))?.at(-1)?.headline ?? null);
    shown.push(shownOf(storyId, primary, null));
  }
  const parts = renderBatch({ language, heading: slotHeading(delivery.ref, language), stories: groups, earlier });
  return parts.length > 0 ? { parts, replyTo: null, shown } : null;
}

/**
 * The message parts of a delivery, or null when there is nothing left to send (its items are gone).
 * A follow-up ref (story + item, see followUpRef) leads with that item and says what it adds to the
 * digests of the story the chat already received.
 */
export async function renderDelivery(
  repo: SubscriptionRepository,
  delivery: DeliveryRecord,
  language: Language,
  memo: RunMemo,
  stories?: DeliveryStories,
): Promise<RenderedDelivery | null> {
  if (delivery.kind === 'slot') return renderSlot(repo, delivery, language, memo, stories);
  const followUp = delivery.kind === 'story' ? parseFollowUpRef(delivery.ref) : null;
  const storyId = followUp?.storyId ?? delivery.storyIds[0] ?? delivery.ref;
  const cited = await cite(await repo.itemsOfStory(storyId), memo);
  // A preview leads with the very item the chat subscribed to, a follow-up with the item that brought it.
  const leadId = delivery.kind === 'preview' ? Number(delivery.ref.replace(/^item:/, '')) : (followUp?.itemId ?? Number.NaN);
  const primary = cited.find((c) => c.item.id === leadId) ?? pickPrimary(cited, language);
  if (!primary) return null;
  const digest = primary.item.url ? await memo.digest(primary.item.url, language) : null;
  if (followUp && stories) {
    const earlier = await stories.digestsOf(delivery.chatId, storyId);
    // Only items that came after the earlier messages are cited as the other sources of the follow-up.
    const since = earlier.at(0)?.sentAt ?? 0;
    const others = othersOf(cited.filter((c) => c.item.firstSeenAt >= since), primary);
    const message = renderFollowUp({ digest, primary, others, earlier, language, at: delivery.createdAt });
    return { parts: message.parts, replyTo: message.replyTo, shown: [shownOf(storyId, primary, digest)] };
  }
  const parts = digest ? renderStoryMessage(renderDigestHtml(digest), cited, primary, language) : renderStoryFallback(cited, primary, language);
  return { parts, replyTo: null, shown: [shownOf(storyId, primary, digest)] };
}
