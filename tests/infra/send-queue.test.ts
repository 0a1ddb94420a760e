import { describe, expect, it } from 'vitest';
import { createSendQueue, retryAfterSeconds } from '../../src/infra/send-queue.js';

const tooMany = (retryAfter: number) =>
  Object.assign(new Error('429: Too Many Requests'), { code: 429, response: { ok: false, error_code: 429, parameters: { retry_after: retryAfter } } });

describe('send queue', () => {
  it('spaces two sends to one chat from the completed send even while the global limiter is busy', async () => {
    const queue = createSendQueue({ globalPerSecond: 20, privateMinGapMs: 300 });
    const sends: Array<{ chat: number; at: number }> = [];
    const record = (chat: number) => async () => {
      sends.push({ chat, at: Date.now() });
      return chat;
    };
    const jobs: Promise<unknown>[] = [];
    // Saturate the global limiter with other chats, then queue two messages for chat 1.
    for (let chat = 100; chat < 120; chat++) jobs.push(queue.run(chat, record(chat)));
    jobs.push(queue.run(1, record(1)), queue.run(1, record(1)));
    await Promise.all(jobs);
    const chatOne = sends.filter((s) => s.chat === 1).map((s) => s.at);
    expect(chatOne).toHaveLength(2);
    expect((chatOne[1] as number) - (chatOne[0] as number)).toBeGreaterThanOrEqual(290);
    await queue.stop();
  });

  it('keeps the order of messages within a chat', async () => {
    const queue = createSendQueue({ privateMinGapMs: 5 });
    const order: number[] = [];
    await Promise.all([1, 2, 3, 4].map((n) => queue.run(5, async () => order.push(n))));
    expect(order).toEqual([1, 2, 3, 4]);
    await queue.stop();
  });

  it('never sends more than the global limit in any one second', async () => {
    const queue = createSendQueue({ globalPerSecond: 30, privateMinGapMs: 0 });
    const times: number[] = [];
    await Promise.all(Array.from({ length: 45 }, (_, chat) => queue.run(chat + 1, async () => times.push(Date.now()))));
    const maxInWindow = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 1000).length));
    expect(maxInWindow).toBeLessThanOrEqual(30);
    await queue.stop();
  });

  it('waits out a 429 for that chat only and then delivers once', async () => {
    const sleeps: number[] = [];
    const queue = createSendQueue({
      privateMinGapMs: 0,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    let attempts = 0;
    const result = await queue.run(9, async () => {
      attempts++;
      if (attempts === 1) throw tooMany(3);
      return 'sent';
    });
    expect(result).toBe('sent');
    expect(attempts).toBe(2);
    expect(sleeps).toContain(3000);
    await queue.stop();
  });

  it('does not hold other chats while one chat waits out a 429', async () => {
    let release: () => void = () => {};
    const queue = createSendQueue({ privateMinGapMs: 0, sleep: (ms) => (ms >= 1000 ? new Promise((r) => (release = r)) : Promise.resolve()) });
    let first = true;
    const slow = queue.run(1, async () => {
      if (first) {
        first = false;
        throw tooMany(5);
      }
      return 'late';
    });
    await expect(queue.run(2, async () => 'other chat')).resolves.toBe('other chat');
    release();
    await expect(slow).resolves.toBe('late');
    await queue.stop();
  });

  it('passes on the 429 after the bounded number of retries', async () => {
    const queue = createSendQueue({ maxRetries: 2, privateMinGapMs: 0, sleep: async () => {} });
    let attempts = 0;
    await expect(
      queue.run(3, async () => {
        attempts++;
        throw tooMany(1);
      }),
    ).rejects.toThrow(/429/);
    expect(attempts).toBe(3);
    await queue.stop();
  });

  it('rethrows other errors at once without retrying', async () => {
    const queue = createSendQueue({ privateMinGapMs: 0 });
    let attempts = 0;
    await expect(
      queue.run(4, async () => {
        attempts++;
        throw Object.assign(new Error('403: Forbidden: bot was blocked by the user'), { code: 403 });
      }),
    ).rejects.toThrow(/403/);
    expect(attempts).toBe(1);
    await queue.stop();
  });

  it('reads retry_after from telegraf errors and raw API replies', () => {
    expect(retryAfterSeconds(tooMany(7))).toBe(7);
    expect(retryAfterSeconds({ error_code: 429, parameters: { retry_after: 2 } })).toBe(2);
    expect(retryAfterSeconds({ code: 400 })).toBeNull();
    expect(retryAfterSeconds('nope')).toBeNull();
  });

  it('limits a group to its per-minute allowance', async () => {
    let clock = 0;
    const sleeps: number[] = [];
    const queue = createSendQueue({
      groupPerMinute: 3,
      groupMinGapMs: 0,
      now: () => clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
    });
    for (let i = 0; i < 4; i++) await queue.run(-100, async () => i);
    expect(sleeps).toEqual([60_000]);
    await queue.stop();
  });
  it('lets queued messages finish on stop and refuses new ones afterwards', async () => {
    const queue = createSendQueue({ privateMinGapMs: 20 });
    const delivered: number[] = [];
    const jobs = [1, 2, 3].map((n) => queue.run(11, async () => delivered.push(n)));
    jobs.push(queue.run(12, async () => delivered.push(4)));
    expect(queue.depth()).toBe(4);
    await queue.stop(5_000);
    expect(delivered.sort()).toEqual([1, 2, 3, 4]);
    expect(queue.depth()).toBe(0);
    await Promise.all(jobs);
    await expect(queue.run(11, async () => 'late')).rejects.toThrow(/stopped/);
  });

  it('reads the private-chat limit as messages per second', async () => {
    const queue = createSendQueue({ privatePerSecond: 4 });
    const times: number[] = [];
    await Promise.all([0, 1].map(() => queue.run(13, async () => times.push(Date.now()))));
    expect((times[1] as number) - (times[0] as number)).toBeGreaterThanOrEqual(240);
    await queue.stop();
  });
});
