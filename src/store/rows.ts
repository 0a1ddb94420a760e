import { QuietHoursSchema, ScheduleSchema } from '../subscriptions/schedule.js';
import type { DigestInput } from '../digest/digest-service.js';
import { type Digest, StoredDigestSchema } from '../digest/schema.js';
import type { Selectable } from 'kysely';
import type { ChatSettings, StoredDigestJob } from './repositories.js';
import type { Database } from './schema.js';
import type { DeliveryRecord, DeliverySettings, FeedItemRecord, FeedRecord } from '../subscriptions/repositories.js';

// Rows as the typed schema selects them, and their mapping to the records the ports speak.
type Row<T extends keyof Database> = Selectable<Database[T]>;
export type FeedRow = Row<'feeds'>;
export type SettingsRow = Row<'delivery_settings'>;
export type ItemRow = Row<'feed_items'>;
export type DeliveryRow = Row<'deliveries'>;
export type JobRow = Row<'digest_jobs'>;

/** snake_case column names as the camelCase record keys they map to. */
type Camel<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;
type Camelized<T> = { [K in keyof T as Camel<K & string>]: T[K] };

/** A row with camelCase keys: the record shape, for tables whose columns map one to one. */
function camelize<T extends object>(row: T): Camelized<T> {
  const record: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) record[key.replace(/_(\w)/g, (_, c: string) => c.toUpperCase())] = value;
  return record as Camelized<T>;
}

export const toJob = ({ claimed_by, claim_until, ...row }: JobRow): StoredDigestJob => camelize(row);
export const toItem = ({ routed, ...row }: ItemRow): FeedItemRecord => camelize(row);
export const toFeed = ({ fetched_at, lease_owner, lease_until, created_at, ...row }: FeedRow): FeedRecord => ({ ...camelize(row), lastFetchedAt: fetched_at });

/** Delivery settings of a chat that never changed them. */
export const defaultDeliverySettings = (chatId: number, timeZone: string): DeliverySettings => ({
  chatId, schedule: { mode: 'instant' }, timeZone, quiet: null, paused: false, blocked: false, lastSlotCheckAt: null, language: null,
});

export const toDeliverySettings = (row: SettingsRow): DeliverySettings => {
  // A damaged or outdated JSON value falls back to the default rather than breaking delivery.
  const schedule = ScheduleSchema.safeParse(parseJson(row.schedule));
  const quiet = row.quiet === null ? null : QuietHoursSchema.safeParse(parseJson(row.quiet));
  return {
    chatId: row.chat_id,
    schedule: schedule.success ? schedule.data : { mode: 'instant' },
    timeZone: row.time_zone,
    quiet: quiet?.success ? quiet.data : null,
    paused: row.paused === 1,
    blocked: row.blocked === 1,
    lastSlotCheckAt: row.last_slot_check_at,
    language: row.language === 'en' || row.language === 'id' ? row.language : null,
  };
};

/** Columns of each delivery setting (an update writes only these). */
export const SETTINGS_COLUMNS = {
  schedule: 'schedule', timeZone: 'time_zone', quiet: 'quiet', paused: 'paused', blocked: 'blocked',
  lastSlotCheckAt: 'last_slot_check_at', language: 'language',
} as const satisfies Record<keyof Omit<DeliverySettings, 'chatId'>, keyof SettingsRow>;

export const toSettingsRow = (settings: DeliverySettings): SettingsRow => ({
  chat_id: settings.chatId,
  schedule: JSON.stringify(settings.schedule),
  time_zone: settings.timeZone,
  quiet: settings.quiet === null ? null : JSON.stringify(settings.quiet),
  paused: settings.paused ? 1 : 0,
  blocked: settings.blocked ? 1 : 0,
  last_slot_check_at: settings.lastSlotCheckAt,
  language: settings.language,
});

/** Whitelist: keys of a feed update become column names in SQL text, never anything else. */
export const FEED_COLUMNS: Record<string, keyof FeedRow> = {
  etag: 'etag', lastModified: 'last_modified', nextPollAt: 'next_poll_at', consecutiveFailures: 'consecutive_failures',
  disabledAt: 'disabled_at', lastError: 'last_error', title: 'title', lastFetchedAt: 'fetched_at',
};

export function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export const toDelivery = ({ claimed_by, claim_until, story_ids, ...row }: DeliveryRow): DeliveryRecord => {
  const ids = parseJson(story_ids);
  return { ...camelize(row), storyIds: Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [] };
};

export type ChatSettingsRow = Pick<Row<'chat_settings'>, 'language' | 'auto_summary'>;

/** Defaults (no language, no autosummary) for a chat without a row. */
export const toChatSettings = (chatId: number, row: ChatSettingsRow | undefined): ChatSettings => ({
  chatId,
  language: row?.language === 'en' || row?.language === 'id' ? row.language : null,
  autoSummary: row ? row.auto_summary === 1 : false,
});

/** A cached digest; a row from before `countries` reads with none; a damaged or foreign one is a miss, not a crash. */
export function parseStoredDigest(text: string): Digest | undefined {
  const parsed = StoredDigestSchema.safeParse(parseJson(text));
  return parsed.success ? parsed.data : undefined;
}

/** A stored digest request (the language button's key); undefined when damaged. */
export function parseStoredInput(text: string): DigestInput | undefined {
  return (parseJson(text) ?? undefined) as DigestInput | undefined;
}
