import { createBot } from '../../src/bot/create-bot.js';
import { createTelegramUploads } from '../../src/bot/documents/telegram-files.js';
import { createQuota } from '../../src/bot/quota.js';
import { createDigestService, type DigestService } from '../../src/digest/digest-service.js';
import { createExtractiveEngine } from '../../src/digest/extractive/extractive-engine.js';
import { createIngestor } from '../../src/ingest/article-reader.js';
import { createSafeFetcher } from '../../src/ingest/safe-fetch.js';
import { createSendQueue } from '../../src/infra/send-queue.js';
import type { Store } from '../../src/store/repositories.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { type FakeBotApi, messageUpdate, startFakeBotApi, type StoredMessage } from './fake-bot-api.js';
import { launchForTest } from './launch-bot.js';

/**
 * The real bot (createBot, telegraf polling, send queue, quota, SQLite store) against the fake Bot API, with the
 * real pipeline (safe fetcher → ingestor → extractive engine) reading uploads through the fake's file URL.
 */
export interface TestKabar {
  api: FakeBotApi;
  store: Store;
  service: DigestService;
  logs: Array<{ level: string; obj: object; msg?: string }>;
  /** Pushes `update`, then a /help marker in another chat; resolves once both were handled and jobs are idle. */
  settle(update: object): Promise<void>;
  idle(): Promise<void>;
  /** The chat's first message with an inline keyboard (a digest: sent at once or edited from the placeholder). */
  digestIn(chatId: number, timeoutMs?: number): Promise<StoredMessage>;
  close(): Promise<void>;
}

export interface TestKabarOptions {
  quotaPerHour?: number;
  /** Hosts the safe fetcher may reach on 127.0.0.1 (a page server). */
  allowPrivate?: string[];
  /** Wraps the real digest service (to hold or count digests). */
  wrapService?: (service: DigestService) => DigestService;
  /** The inline answer's wait for an uncached digest. */
  inlineBudgetMs?: number;
}

let markerChat = 990_000;

export async function startTestKabar(options: TestKabarOptions = {}): Promise<TestKabar> {
  const api = await startFakeBotApi();
  const store = openSqliteStore(':memory:');
  const sender = createSendQueue({ privateMinGapMs: 20, groupMinGapMs: 20 });
  const extractive = createExtractiveEngine({ now: () => new Date('2025-05-07T00:00:00Z') });
  const real = createDigestService({
    ingestor: createIngestor({ fetcher: createSafeFetcher({ timeoutMs: 5000, maxBytes: 2_000_000, allowPrivate: options.allowPrivate ?? [] }) }),
    engines: { extractive },
    defaultEngine: 'extractive',
    cache: store.digestCache,
    promptVersion: 'test',
    uploads: createTelegramUploads({ token: api.token, apiRoot: api.apiRoot }),
  });
  const service = options.wrapService ? options.wrapService(real) : real;
  const logs: TestKabar['logs'] = [];
  const log = (level: string) => (obj: any, msg?: string) => void logs.push({ level, obj, ...(msg !== undefined ? { msg } : {}) });
  const { bot, idle } = createBot({
    token: api.token,
    apiRoot: api.apiRoot,
    digestService: service,
    store,
    sender,
    quota: createQuota({ repo: store.quota, limitPerHour: options.quotaPerHour ?? 100, now: () => Date.now() }),
    defaultLanguage: 'en',
    logger: { info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') },
    botUsername: api.botUsername,
    ...(options.inlineBudgetMs !== undefined ? { inlineBudgetMs: options.inlineBudgetMs } : {}),
  });
  const stopPolling = launchForTest(bot);
  return {
    api,
    store,
    service,
    logs,
    idle: () => idle(10_000),
    async digestIn(chatId, timeoutMs = 10_000) {
      for (const started = Date.now(); Date.now() - started < timeoutMs; await new Promise((resolve) => setTimeout(resolve, 20))) {
        const digest = api.sentMessages(chatId).find((message) => message.replyMarkup !== undefined);
        if (digest) return digest;
      }
      throw new Error(`no digest in chat ${chatId} within ${timeoutMs} ms: ${JSON.stringify(api.sentTexts(chatId))}`);
    },
    async settle(update) {
      api.pushUpdate(update);
      const marker = messageUpdate({ chatId: ++markerChat, text: '/help' });
      api.pushUpdate(marker);
      await api.waitFor('sendMessage', (p) => p.chat_id === marker.message.chat.id);
      await idle(10_000);
    },
    async close() {
      await stopPolling();
      await idle(5000);
      await sender.stop?.(1000);
      await api.close();
      await store.close();
    },
  };
}
