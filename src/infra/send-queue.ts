import { AppError } from '../errors/app-error.js';
import { type LimitBackend, createLocalLimits } from './limits/limit-backend.js';
import { type Slot, type WindowLimit, waitInWindow } from './limits/window-store.js';

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
  /** Send times still inside the chat's window. */
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
 * A per-chat FIFO lane in front of the limits: the lane holds its turn until the real send is done and
 * spaces sends from their *completion*. Each send then takes the global slot (and, while the limits are
 * shared, the chat's slot) at the very instant it goes: the limits grant "now", never a later time, so a
 * late timer cannot bunch sends into one second.
 */
export function createSendQueue(options: SendQueueOptions = {}): SendQueue {
  const globalPerSecond = options.globalPerSecond ?? 30;
  const privateMinGapMs = options.privateMinGapMs ?? Math.ceil(1000 / Math.max(options.privatePerSecond ?? 1, 0.001));
  const groupPerMinute = options.groupPerMinute ?? 20;
  const groupMinGapMs = options.groupMinGapMs ?? 1000;
  const maxRetries = options.maxRetries ?? 3;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const limits = options.limits ?? createLocalLimits();

  // Telegram counts sends as they arrive, in any sliding second. A grant is followed by the send at once,
  // but a busy event loop or the network can still delay one send behind later ones: one step of headroom
  // here, three when several instances share the limit (their delays add up).
  const headroom = limits.clustered ? 3 : 1;
  const global: Slot = {
    key: 'send:global',
    limit: { windowMs: 1000, max: Math.max(1, globalPerSecond - headroom), minGapMs: Math.floor(1000 / globalPerSecond) },
  };
  // Groups: a sliding 60 s window of groupPerMinute sends plus a small gap, rather than a flat 3 s
  // spacing. A reply or two then goes out at once, as users expect, and only a long burst is stretched
  // to 20/min, which is what Telegram enforces.
  const chatLimit = (group: boolean): WindowLimit =>
    group ? { windowMs: GROUP_WINDOW_MS, max: groupPerMinute, minGapMs: groupMinGapMs } : { windowMs: privateMinGapMs, max: 1 };
  const lanes = new Map<string, ChatLane>();
  let depth = 0;
  let stopped = false;

  async function sendWithRetries<T>(chatId: number | string, lane: ChatLane, group: boolean, call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const wait = waitInWindow(lane.sentAt, chatLimit(group), now());
      if (wait > 0) await sleep(wait);
      try {
        // Across instances the chat's slot is shared too. One chat's work is claimed by one instance at a
        // time, so it only matters when a chat changes hands; locally the lane is stricter (from completion).
        await limits.take(limits.mode() === 'redis' ? [{ key: `send:chat:${chatId}`, limit: chatLimit(group) }, global] : [global]);
        const result = await call();
        lane.sentAt.push(now());
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
      if (!options.limits) await limits.close();
    },
  };
}
