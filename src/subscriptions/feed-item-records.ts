import { createHash } from 'node:crypto';
import type { FeedItem, ParsedFeed } from './feed-parser.js';
import { itemIdentity } from './item-identity.js';
import type { FeedItemRecord } from './repositories.js';
import type { StoryClusterer } from './story-clusters.js';
import type { StoryService } from './story-service.js';

/** A feed item as stored by addItems, before the database gives it its ids. */
export type NewFeedItemRecord = Omit<FeedItemRecord, 'id' | 'feedId'>;

/** A short id for an item, used as the story id when it starts a story (fits callback data and refs). */
export function itemKey(feedId: number, identity: string): string {
  return createHash('sha256').update(`${feedId}\n${identity}`).digest('base64url').slice(0, 16);
}

/** Where story ids come from: the persisted stories when wired (issue 13), else the in-memory clusterer, else one story per item. */
export interface ItemRecordDeps {
  clusterer?: StoryClusterer | undefined;
  stories?: Pick<StoryService, 'assignAll'> | undefined;
}

/** Turns a parsed feed into records, oldest first, each with its story id. */
export function createItemRecords(deps: ItemRecordDeps) {
  const { clusterer, stories } = deps;

  function toRecords(feedId: number, parsed: ParsedFeed, at: number): NewFeedItemRecord[] {
    const language = parsed.language?.split('-')[0] ?? null;
    return parsed.items
      .slice()
      .reverse()
      .map((item: FeedItem) => {
        const identity = itemIdentity(item);
        const id = itemKey(feedId, identity);
        const storyId = clusterer && !stories ? clusterer.assign({ id, title: item.title, summary: item.summary, publishedAt: item.publishedAt, language }).storyId : id;
        return {
          identity,
          url: item.link,
          title: item.title,
          summary: item.summary === '' ? null : item.summary,
          publishedAt: item.publishedAt,
          language,
          storyId,
          firstSeenAt: at,
        };
      });
  }

  return {
    /** One story assignment (one database lock) per feed poll when the stories are persisted. */
    async of(feedId: number, parsed: ParsedFeed, at: number): Promise<NewFeedItemRecord[]> {
      const records = toRecords(feedId, parsed, at);
      if (!stories) return records;
      const ids = await stories.assignAll(
        records.map((r) => ({ id: r.storyId, title: r.title, summary: r.summary ?? '', publishedAt: r.publishedAt, language: r.language })),
      );
      return records.map((record, index) => ({ ...record, storyId: ids[index] ?? record.storyId }));
    },
  };
}
