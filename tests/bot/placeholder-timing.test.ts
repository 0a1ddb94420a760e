import { Telegram } from 'telegraf';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryDigestJobs } from '../../src/bot/jobs/memory-queue.js';
import type { RunnerTimers } from '../../src/bot/jobs/placeholder-policy.js';
import { TYPING_REFRESH_MS } from '../../src/bot/jobs/runner.js';
import { createTelegramOutbound, type MessageSender } from '../../src/bot/telegram-outbound.js';
import type { DigestService } from '../../src/digest/digest-service.js';
import type { Store } from '../../src/store/repositories.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { type FakeBotApi, startFakeBotApi } from '../support/fake-bot-api.js';
import { sampleDigest } from '../support/sample-digest.js';

// The "Reading…" placeholder costs a message (and, under a burst, an answer's slot at 30/s), so it goes
// out only for a slow digest and an idle send queue. Timers are injected: the test decides when 1.5 s
// or 4.5 s have passed, so nothing here depends on real time.

const CHAT = 4242;
const DELAY_MS = 1500;
const PLACEHOLDER = 'Reading the article…';

/** Timers that fire only when the test says so. */
function manualTimers() {
  const timers: Array<{ ms: number; fn: () => void; repeat: boolean; live: boolean }> = [];
  const add = (ms: number, fn: () => void, repeat: boolean) => {
    const timer = { ms, fn, repeat, live: true };
    timers.push(timer);
    return () => void (timer.live = false);
  };
  const api: RunnerTimers = { after: (ms, fn) => add(ms, fn, false), every: (ms, fn) => add(ms, fn, true) };
  return {
    api,
    /** Fires every live timer of `ms` once; a one-off timer is then spent. */
    fire(ms: number) {
      for (const timer of timers.filter((t) => t.live && t.ms === ms)) {
        if (!timer.repeat) timer.live = false;
        timer.fn();
      }
    },
    live: (ms: number) => timers.filter((t) => t.live && t.ms === ms).length,
  };
}

/** A digest service whose digest waits until the test releases it. */
function gatedService() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let started = false;
  const service: DigestService = {
    async digest() {
      started = true;
      await gate;
      return { digest: sampleDigest, cached: false };
    },
    peek: async () => undefined,
    read: async () => {
      throw new Error('not used');
    },
  };
  return { service, release, started: () => started };
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function harness(service: DigestService, sender: MessageSender = { run: (_chatId, call) => call() }) {
  const api: FakeBotApi = await startFakeBotApi();
  cleanups.push(() => api.close());
  const store: Store = openSqliteStore(':memory:');
  cleanups.push(() => store.close());
  const timers = manualTimers();
  const jobs = createMemoryDigestJobs({
    outbound: createTelegramOutbound(new Telegram(api.token, { apiRoot: api.apiRoot }), sender),
    digestService: service,
    store,
    quota: { tryConsume: async () => ({ allowed: true, retryAfterSec: 0 }) },
    logger: { info() {}, warn() {}, error() {}, debug() {} },
    timers: timers.api,
  });
  cleanups.push(() => jobs.idle(1000));
  await jobs.enqueue({ kind: 'new', updateId: 1, chatId: CHAT, userId: 1, language: 'en', input: { kind: 'url', url: 'https://news.example/a' }, replyToMessageId: 77 });
  /** The chat's messages as the Bot API saw them (typing left out). */
  const messages = () => api.calls.filter((c) => c.payload.chat_id === CHAT && c.method !== 'sendChatAction').map((c) => ({ method: c.method, text: c.payload.text as string, messageId: c.payload.message_id }));
  const typing = () => api.calls.filter((c) => c.method === 'sendChatAction' && c.payload.chat_id === CHAT).length;
  return { api, jobs, timers, messages, typing };
}

async function until(what: string, predicate: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('the "Reading…" placeholder', () => {
  it('is not sent for a digest ready before it is due: the digest is the one and only message', async () => {
    const service: DigestService = { digest: async () => ({ digest: sampleDigest, cached: false }), peek: async () => undefined, read: async () => sampleDigest as never };
    const { jobs, timers, messages } = await harness(service);
    await jobs.idle(5000);

    const sent = messages();
    expect(sent.map((m) => m.method)).toEqual(['sendMessage']);
    expect(sent[0]?.text).toContain('Ministers meet');
    // The placeholder's timer was cancelled, not merely left to fire later.
    expect(timers.live(DELAY_MS)).toBe(0);
  });

  it('is sent when the digest is still running after 1.5 s, and then edited into the digest', async () => {
    const slow = gatedService();
    const { api, jobs, timers, messages } = await harness(slow.service);
    await until('the digest to start', slow.started);
    await until('the placeholder timer', () => timers.live(DELAY_MS) === 1);
    expect(messages()).toEqual([]);

    timers.fire(DELAY_MS);
    await until('the placeholder', () => messages().length === 1);
    expect(messages()[0]?.text).toBe(PLACEHOLDER);
    slow.release();
    await jobs.idle(5000);

    const [placeholder] = api.sentMessages(CHAT);
    const sent = messages();
    expect(sent.map((m) => m.method)).toEqual(['sendMessage', 'editMessageText']);
    expect(sent[1]?.messageId).toBe(placeholder?.messageId);
    expect(api.sentTexts(CHAT)).toEqual([expect.stringContaining('Ministers meet')]);
  });

  it('is not sent while the send queue is backlogged: the digest itself is the first message', async () => {
    const slow = gatedService();
    // More than a second's worth of sends waiting (Telegram: ~30/s).
    const backlogged: MessageSender = { run: (_chatId, call) => call(), depth: () => 31 };
    const { jobs, timers, messages, typing } = await harness(slow.service, backlogged);
    await until('the placeholder timer', () => timers.live(DELAY_MS) === 1);

    timers.fire(DELAY_MS);
    slow.release();
    await jobs.idle(5000);

    expect(messages().map((m) => m.method)).toEqual(['sendMessage']);
    expect(messages()[0]?.text).toContain('Ministers meet');
    expect(typing()).toBeGreaterThanOrEqual(1);
  });

  it('is still sent after 1.5 s when the queue holds less than a second of sends', async () => {
    const slow = gatedService();
    const { jobs, timers, messages } = await harness(slow.service, { run: (_chatId, call) => call(), depth: () => 30 });
    await until('the placeholder timer', () => timers.live(DELAY_MS) === 1);
    timers.fire(DELAY_MS);
    await until('the placeholder', () => messages().length === 1);
    slow.release();
    await jobs.idle(5000);
    expect(messages().map((m) => m.method)).toEqual(['sendMessage', 'editMessageText']);
  });
});

describe('"typing…" while a digest is made', () => {
  it('is sent at once, re-sent every 4.5 s while the digest runs, and stopped once it is delivered', async () => {
    const slow = gatedService();
    const { jobs, timers, typing } = await harness(slow.service);
    await until('the first typing', () => typing() === 1);

    timers.fire(TYPING_REFRESH_MS);
    await until('the second typing', () => typing() === 2);
    timers.fire(TYPING_REFRESH_MS);
    await until('the third typing', () => typing() === 3);
    slow.release();
    await jobs.idle(5000);

    expect(timers.live(TYPING_REFRESH_MS)).toBe(0);
    timers.fire(TYPING_REFRESH_MS);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(typing()).toBe(3);
  });
});
