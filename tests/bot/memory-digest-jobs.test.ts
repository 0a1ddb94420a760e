import { describe, expect, it } from 'vitest';
import { createMemoryDigestJobs } from '../../src/bot/jobs/memory-queue.js';
import { createTelegramOutbound } from '../../src/bot/telegram-outbound.js';

describe('memory digest jobs', () => {
  it('runs jobs of one chat one after another and reports idle when all are done', async () => {
    const order: string[] = [];
    const releases: Array<() => void> = [];
    let nextId = 1;
    const telegram = {
      async sendMessage(chatId: number, text: string) {
        order.push(`send ${chatId} ${text}`);
        return { message_id: nextId++ } as never;
      },
      async editMessageText(chatId: number, _id: number | undefined, _inline: string | undefined, text: string) {
        order.push(`edit ${chatId} ${text.slice(0, 3)}`);
        return true as const;
      },
      async sendChatAction() {
        return true as const;
      },
    };
    const jobs = createMemoryDigestJobs({
      outbound: createTelegramOutbound(telegram, { run: (_chatId, call) => call() }),
      digestService: {
        digest: () => new Promise((_resolve, reject) => releases.push(() => reject(new Error('x')))),
        read: async () => {
          throw new Error('unused');
        },
        peek: async () => undefined,
      },
      store: {} as never,
      quota: { tryConsume: async () => ({ allowed: true, retryAfterSec: 0 }) },
      logger: { info() {}, warn() {}, error() {}, debug() {} },
      // The placeholder at once, as for a slow digest: this test is about the order within a chat.
      placeholder: { delayMs: 0 },
    });
    const job = { kind: 'new' as const, updateId: 1, chatId: 7, userId: 1, language: 'en' as const, input: { kind: 'url' as const, url: 'https://a.example/' }, replyToMessageId: 1 };
    jobs.enqueue(job);
    jobs.enqueue({ ...job, updateId: 2 });
    let idle = false;
    void jobs.idle().then(() => {
      idle = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The second job has not even sent its placeholder while the first is still digesting.
    expect(order).toEqual(['send 7 Reading the article…']);
    expect(jobs.pending()).toBe(2);
    releases.shift()?.();
    await new Promise((resolve) => setTimeout(resolve, 20));
    releases.shift()?.();
    await jobs.idle();
    expect(idle).toBe(true);
    expect(order).toEqual(['send 7 Reading the article…', 'edit 7 Som', 'send 7 Reading the article…', 'edit 7 Som']);
  });
});
