/**
 * When the "Reading…" placeholder is worth a message. Under a burst every placeholder takes a slot of
 * Telegram's ~30 messages/s that an answer needs, so it goes out only for a digest that is slow
 * (not ready within `delayMs`) and only while the send queue is not backlogged; otherwise "typing…"
 * (a chat action, outside the flood limits) carries the wait and the first reply is the digest itself.
 */
export interface PlaceholderPolicy {
  /** How long a digest may take before the placeholder is sent; 0 sends it before any work. Default 1500. */
  delayMs?: number;
  /** Send-queue depth above which no placeholder is sent. Default 30: a second's worth of sends at 30/s. */
  maxQueueDepth?: number;
}

/** The runner's timers, injected so tests decide when "later" is. */
export interface RunnerTimers {
  /** Calls `fn` once after `ms`; the returned function cancels it. */
  after(ms: number, fn: () => void): () => void;
  /** Calls `fn` every `ms`; the returned function stops it. */
  every(ms: number, fn: () => void): () => void;
}

export const DEFAULT_PLACEHOLDER_DELAY_MS = 1500;
export const DEFAULT_PLACEHOLDER_MAX_QUEUE_DEPTH = 30;

// unref: a pending placeholder or typing refresh must not keep a stopping process alive.
export const realTimers: RunnerTimers = {
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
  every(ms, fn) {
    const timer = setInterval(fn, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};

/** Resolves true when `work` is still running after `ms` (then the placeholder is due), false when it settled first. */
export function stillRunningAfter(work: Promise<unknown>, ms: number, timers: RunnerTimers): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const cancel = timers.after(ms, () => resolve(true));
    void work.then(
      () => (cancel(), resolve(false)),
      () => (cancel(), resolve(false)),
    );
  });
}
