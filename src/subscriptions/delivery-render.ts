import type { Logger } from '../core/logger.js';
import { describeError } from '../core/logger.js';
import type { DigestService } from '../digest/digest-service.js';
import { renderDigestHtml } from '../digest/render/html.js';
import type { Digest, Language } from '../digest/schema.js';
import { type CitedItem, hostOf, pickPrimary, renderBatch, renderStoryFallback, renderStoryMessage, slotHeading, type StoryGroup } from './batch-render.js';
import type { DeliveryRecord, FeedItemRecord, FeedRecord, SubscriptionRepository } from './repositories.js';

/** What rendering a delivery reads: the stories' items, their feeds and the digests of their articles. */
export interface DeliveryRenderDeps {
  repo: SubscriptionRepository;
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

/** The message parts of a delivery, or null when there is nothing left to send (its items are gone). */
export async function renderDelivery(
  repo: SubscriptionRepository,
  delivery: DeliveryRecord,
  language: Language,
  memo: RunMemo,
): Promise<string[] | null> {
  if (delivery.kind === 'slot') {
    const stories: StoryGroup[] = [];
    for (const storyId of delivery.storyIds) {
      const cited = await cite(await repo.itemsOfStory(storyId), memo);
      if (cited.length > 0) stories.push(cited);
    }
    const parts = renderBatch({ language, heading: slotHeading(delivery.ref, language), stories });
    return parts.length > 0 ? parts : null;
  }
  const storyId = delivery.storyIds[0] ?? delivery.ref;
  const cited = await cite(await repo.itemsOfStory(storyId), memo);
  // A preview leads with the very item the chat subscribed to.
  const previewId = delivery.kind === 'preview' ? Number(delivery.ref.replace(/^item:/, '')) : Number.NaN;
  const primary = cited.find((c) => c.item.id === previewId) ?? pickPrimary(cited, language);
  if (!primary) return null;
  const digest = primary.item.url ? await memo.digest(primary.item.url, language) : null;
  return digest ? renderStoryMessage(renderDigestHtml(digest), cited, primary, language) : renderStoryFallback(cited, primary, language);
}
