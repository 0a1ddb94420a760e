import Bottleneck from 'bottleneck';
import { AppError } from '../errors/app-error.js';
import type { LimitBackend, SharedLimiterGroup } from './shared-limits.js';

/** Runs Bot API calls within Telegram's flood limits. */
export interface SendQueue {
  /** Runs one Bot API call for chatId within Telegram's limits; a 429 is waited out (retry_after) and retried up to maxRetries. */
  run<T>(chatId: number | string, call: () => Promise<T>): Promise<T>;
  /** Calls waiting or running. */
  depth(): number;
  /** Stop accepting; resolve when queued calls finished (bounded by timeoutMs). */
  stop(timeoutMs?: number): Promise<void>;
}

/** Options of {@link createSendQueue}; the defaults are Telegram's documented flood limits. */
export interface SendQueueOptions {
  /** Telegram: about 30 messages per second overall (default 30). */
  globalPerSecond?: number;
  /** Telegram: about 1 message per second in one private chat (default 1). */
  privatePerSecond?: number;
  /** The same limit as a gap, for tests that want a short one; wins over privatePerSecond. */
  privateMinGapMs?: number;
  /** Telegram: at most 20 messages per minute in a group or channel (default 20). */
  groupPerMinute?: number;
  /** Spacing inside a group, so a burst of 20 is not sent in one second (default 1000). */
  groupMinGapMs?: number;
  /** How many times a 429 is waited out before the error is passed on. */
  maxRetries?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  onRetry?: (info: { chatId: number | string; retryAfterSec: number; attempt: number }) => void;
  /**
   * Shares the limits with every instance through Redis (createLimitBackend): the global rate and
   * each chat's spacing, whenever Redis answers. Without it they are per process.
   */
  limits?: LimitBackend;
}

interface ChatLane {
  tail: Promise<unknown>;
  pending: number;
  /** Send times inside the current window (groups) or the last one (private chats). */
  sentAt: number[];
}

const GROUP_WINDOW_MS = 60_000;

/** Seconds to wait from a Telegram 429, in any of the shapes telegraf and the raw API use; else null. */
export function retryAfterSeconds(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null;
  const e = error as { code?: unknown; error_code?: unknown; response?: { error_code?: unknown; parameters?: { retry_after?: unknown } }; parameters?: { retry_after?: unknown } };
  const code = e.response?.error_code ?? e.error_code ?? e.code;
  if (code !== 429) return null;
  const retryAfter = e.response?.parameters?.retry_after ?? e.parameters?.retry_after;
  return typeof retryAfter === 'number' && retryAfter >= 0 ? retryAfter : 1;
}

// Groups, supergroups and channels have negative ids (or are addressed by @username).
const isGroupChat = (chatId: number | string) => (typeof chatId === 'number' ? chatId < 0 : !/^\d+$/.test(chatId));

/**
 * A global bottleneck limiter (Telegram's ~30/s) behind a per-chat FIFO lane. The lane holds its
 * slot until the real send is done and spaces sends from their *completion*: chaining a
 * Bottleneck.Group into the global limiter counts minTime from the hand-off instead, so two sends to
 * one chat could go out milliseconds apart whenever the global limiter is busy.
 */
export function createSendQueue(options: SendQueueOptions = {}): SendQueue {
  const globalPerSecond = options.globalPerSecond ?? 30;
  const privateMinGapMs = options.privateMinGapMs ?? Math.ceil(1000 / Math.max(options.privatePerSecond ?? 1, 0.001));
  const groupPerMinute = options.groupPerMinute ?? 20;
  const groupMinGapMs = options.groupMinGapMs ?? 1000;
  const maxRetries = options.maxRetries ?? 3;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;

  // minTime spacing rather than a reservoir, one step under the limit: network jitter can bunch
  // evenly spaced sends, and Telegram counts them as they arrive.
  // Shared through Redis, each instance fires its turns from its own timers, and a busy event loop
  // fires a few late ones together: three steps of headroom (27/s) keep any 1-second window within 30.
  const headroom = options.limits?.clustered ? 3 : 1;
  const globalOptions = { minTime: Math.ceil(1000 / Math.max(1, globalPerSecond - headroom)) };
  const global = options.limits ? options.limits.limiter('send:global', globalOptions) : new Bottleneck(globalOptions);
  // Across instances each chat also needs one shared limiter; the local lane below still keeps FIFO order here.
  // Made on the first send while Redis answers (it may come up after start).
  let chats: SharedLimiterGroup | undefined;
  const sharedChats = (): SharedLimiterGroup | undefined => {
    if (!chats && options.limits?.mode() === 'redis') chats = makeChatGroup(options.limits);
    return chats;
  };
  const makeChatGroup = (limits: LimitBackend): SharedLimiterGroup =>
    limits.group('send:chat', {
      // Spacing and a per-minute reservoir, not maxConcurrent: bottleneck frees a running job's
      // capacity only when the job ends, so an instance killed mid-send would block the chat for
      // good. minTime counts from the start of the chat's turn; the local lane keeps the gap from
      // completion inside one instance, and one chat's work is claimed by one instance at a time.
      options: (key) =>
        isGroupChat(key)
          ? { minTime: groupMinGapMs, reservoir: groupPerMinute, reservoirRefreshAmount: groupPerMinute, reservoirRefreshInterval: GROUP_WINDOW_MS }
          : { minTime: privateMinGapMs },
      idleMs: 2 * GROUP_WINDOW_MS,
      timeoutMs: 5 * GROUP_WINDOW_MS,
    });
  const lanes = new Map<string, ChatLane>();
  let depth = 0;
  let stopped = false;

  // Groups: a sliding 60 s window of groupPerMinute sends plus a small gap, rather than a flat
  // 3 s minTime. A reply or two then goes out at once, as users expect, and only a long burst is
  // stretched to 20/min, which is what Telegram enforces.
  function waitMsFor(lane: ChatLane, group: boolean): number {
    const t = now();
    if (!group) {
      const last = lane.sentAt.at(-1);
      return last === undefined ? 0 : Math.max(0, last + privateMinGapMs - t);
    }
    lane.sentAt = lane.sentAt.filter((at) => at > t - GROUP_WINDOW_MS);
    const last = lane.sentAt.at(-1);
    const gap = last === undefined ? 0 : Math.max(0, last + groupMinGapMs - t);
    const oldest = lane.sentAt[0];
    const windowWait = lane.sentAt.length >= groupPerMinute && oldest !== undefined ? oldest + GROUP_WINDOW_MS - t : 0;
    return Math.max(gap, windowWait);
  }

  /** One send through the chat's shared limiter (its turn in the cluster), then the global one. */
  function sendShared<T>(chatKey: string, call: () => Promise<T>, shared: SharedLimiterGroup): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      shared
        .key(chatKey)
        .schedule(async () => {
          try {
            resolve(await global.schedule(call));
          } catch (error) {
            reject(error);
          }
        })
        .catch(reject);
    });
  }

  async function sendWithRetries<T>(chatId: number | string, lane: ChatLane, group: boolean, call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const wait = waitMsFor(lane, group);
      if (wait > 0) await sleep(wait);
      try {
        const shared = sharedChats();
        const result = shared ? await sendShared(String(chatId), call, shared) : await global.schedule(call);
        lane.sentAt.push(now());
        if (!group) lane.sentAt = lane.sentAt.slice(-1);
        return result;
      } catch (error) {
        lane.sentAt.push(now());
        const retryAfter = retryAfterSeconds(error);
        if (retryAfter === null || attempt >= maxRetries) throw error;
        options.onRetry?.({ chatId, retryAfterSec: retryAfter, attempt: attempt + 1 });
        // Only this chat waits: its lane is held, the other chats keep going.
        await sleep(retryAfter * 1000);
      }
    }
  }

  return {
    run(chatId, call) {
      if (stopped) return Promise.reject(new AppError('INTERNAL', 'The send queue is stopped (shutting down); the message was not sent.'));
      const key = String(chatId);
      const group = isGroupChat(chatId);
      let lane = lanes.get(key);
      if (!lane) {
        lane = { tail: Promise.resolve(), pending: 0, sentAt: [] };
        lanes.set(key, lane);
      }
      const current = lane;
      current.pending++;
      depth++;
      const job = current.tail.then(() => sendWithRetries(chatId, current, group, call));
      current.tail = job.catch(() => undefined);
      void current.tail.then(() => {
        current.pending--;
        depth--;
        // Forget idle chats once their spacing no longer matters, so the map does not grow forever.
        if (current.pending === 0) {
          const forget = setTimeout(() => {
            if (current.pending === 0 && lanes.get(key) === current) lanes.delete(key);
          }, group ? GROUP_WINDOW_MS : privateMinGapMs);
          forget.unref?.();
        }
      });
      return job;
    },
    depth: () => depth,
    async stop(timeoutMs = 10_000) {
      stopped = true;
      const drained = Promise.all([...lanes.values()].map((lane) => lane.tail));
      await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref?.())]);
      await global.stop({ dropWaitingJobs: false }).catch(() => undefined);
      await chats?.stop().catch(() => undefined);
    },
  };
}
