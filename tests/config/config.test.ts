import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EnvSchema, parseConfig, resolveEngineChoice } from '../../src/config/config.js';
import { AppError } from '../../src/errors/app-error.js';

describe('parseConfig', () => {
  it('gives working defaults for an empty environment', () => {
    const config = parseConfig({});
    expect(config.defaultLanguage).toBe('en');
    expect(config.summarizer).toBe('auto');
    expect(config.fetch).toMatchObject({ timeoutMs: 15_000, maxBytes: 5 * 1024 * 1024, allowPrivate: [] });
    expect(config.telegram.apiRoot).toBe('https://api.telegram.org');
    expect(config.port).toBe(8080);
    expect(resolveEngineChoice(config)).toBe('extractive');
  });

  it('chooses the model in auto mode once an API key is set', () => {
    expect(resolveEngineChoice(parseConfig({ OPENAI_API_KEY: 'sk-test' }))).toBe('openai');
  });

  it('keeps cached digests for a day unless DIGEST_CACHE_TTL_HOURS says otherwise, and never for less than an hour', () => {
    expect(parseConfig({}).digestCacheTtlMs).toBe(24 * 60 * 60 * 1000);
    expect(parseConfig({ DIGEST_CACHE_TTL_HOURS: '6' }).digestCacheTtlMs).toBe(6 * 60 * 60 * 1000);
    expect(() => parseConfig({ DIGEST_CACHE_TTL_HOURS: '0' })).toThrow(/DIGEST_CACHE_TTL_HOURS/);
  });

  it('splits FETCH_ALLOW_PRIVATE into a list', () => {
    expect(parseConfig({ FETCH_ALLOW_PRIVATE: '127.0.0.1, 10.0.0.0/8,' }).fetch.allowPrivate).toEqual(['127.0.0.1', '10.0.0.0/8']);
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ DEFAULT_LANGUAGE: '', PORT: ' ' }).defaultLanguage).toBe('en');
  });

  it('names every bad variable in one error', () => {
    let error: unknown;
    try {
      parseConfig({ DEFAULT_LANGUAGE: 'fr', FETCH_TIMEOUT_MS: 'soon', OPENAI_BASE_URL: 'not a url', TELEGRAM_BOT_TOKEN: 'abc' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    const message = (error as AppError).message;
    expect((error as AppError).code).toBe('CONFIG_INVALID');
    for (const name of ['DEFAULT_LANGUAGE', 'FETCH_TIMEOUT_MS', 'OPENAI_BASE_URL', 'TELEGRAM_BOT_TOKEN']) expect(message).toContain(name);
  });

  it('does not echo a malformed token back in the error', () => {
    expect(() => parseConfig({ TELEGRAM_BOT_TOKEN: '123:secret-value' })).toThrow(/TELEGRAM_BOT_TOKEN/);
    try {
      parseConfig({ TELEGRAM_BOT_TOKEN: '123:secret-value' });
    } catch (error) {
      expect((error as Error).message).not.toContain('secret-value');
    }
  });

  it('accepts a well-formed bot token', () => {
    const token = `123456789:${'A'.repeat(35)}`;
    expect(parseConfig({ TELEGRAM_BOT_TOKEN: token }).telegram.token).toBe(token);
  });

  it('refuses SUMMARIZER=openai without a key or base URL', () => {
    expect(() => parseConfig({ SUMMARIZER: 'openai' })).toThrow(/OPENAI_API_KEY/);
  });

  it('gives subscription defaults: a 10-minute poll, Jakarta time, 20 feeds, topics, reminders and followed stories per chat, stories kept 30 quiet days', () => {
    expect(parseConfig({}).subscriptions).toEqual({
      pollIntervalSec: 600,
      defaultTimeZone: 'Asia/Jakarta',
      maxFeedsPerChat: 20,
      maxTopicsPerChat: 20,
      maxRemindersPerChat: 20,
      maxFollowedStoriesPerChat: 20,
      storyQuietDays: 30,
      sourcesPath: undefined,
    });
  });

  it('lets an operator poll as often as every 30 seconds but not more often', () => {
    expect(parseConfig({ FEED_POLL_INTERVAL: '30' }).subscriptions.pollIntervalSec).toBe(30);
    expect(() => parseConfig({ FEED_POLL_INTERVAL: '29' })).toThrow(/FEED_POLL_INTERVAL/);
  });

  it('accepts a time zone in any case and stores its canonical spelling', () => {
    expect(parseConfig({ DEFAULT_TIMEZONE: 'europe/berlin' }).subscriptions.defaultTimeZone).toBe('Europe/Berlin');
  });

  it('refuses an unknown time zone, naming DEFAULT_TIMEZONE', () => {
    expect(() => parseConfig({ DEFAULT_TIMEZONE: 'Mars/Olympus' })).toThrow(/DEFAULT_TIMEZONE/);
  });

  it('reads the per-chat limits and the source catalogue path', () => {
    const config = parseConfig({ MAX_FEEDS_PER_CHAT: '5', MAX_TOPICS_PER_CHAT: '3', MAX_REMINDERS_PER_CHAT: '7', SOURCES_PATH: '/etc/kabar/sources.json' });
    expect(config.subscriptions).toMatchObject({ maxFeedsPerChat: 5, maxTopicsPerChat: 3, maxRemindersPerChat: 7, sourcesPath: '/etc/kabar/sources.json' });
    expect(() => parseConfig({ MAX_FEEDS_PER_CHAT: '0' })).toThrow(/MAX_FEEDS_PER_CHAT/);
  });

  it('selects PostgreSQL, the shared digest queue and shared limits from DATABASE_URL and REDIS_URL', () => {
    const single = parseConfig({});
    expect(single.database.url).toBeUndefined();
    // The database queue on SQLite too: a request is stored before its update is confirmed.
    expect(single.instance).toEqual({ id: undefined, jobQueue: 'database', leaseMs: 60_000 });
    expect(parseConfig({ JOB_QUEUE: 'memory' }).instance.jobQueue).toBe('memory');
    expect(single.redisUrl).toBeUndefined();
    const cluster = parseConfig({
      DATABASE_URL: 'postgres://kabar:pw@db:5432/kabar',
      DATABASE_POOL_SIZE: '20',
      REDIS_URL: 'redis://redis:6379',
      LEASE_MS: '5000',
      INSTANCE_ID: 'bot-1',
    });
    expect(cluster.database).toEqual({ url: 'postgres://kabar:pw@db:5432/kabar', poolSize: 20 });
    expect(cluster.instance).toEqual({ id: 'bot-1', jobQueue: 'database', leaseMs: 5000 });
    expect(cluster.redisUrl).toBe('redis://redis:6379');
    expect(parseConfig({ DATABASE_URL: 'postgresql://db/kabar', JOB_QUEUE: 'memory' }).instance.jobQueue).toBe('memory');
  });

  it('refuses a DATABASE_URL or REDIS_URL of the wrong kind, naming the variable', () => {
    expect(() => parseConfig({ DATABASE_URL: 'mysql://db/kabar' })).toThrow(/DATABASE_URL: must be a postgres:\/\//);
    expect(() => parseConfig({ REDIS_URL: 'http://redis:6379' })).toThrow(/REDIS_URL: must be a redis:\/\//);
    expect(() => parseConfig({ LEASE_MS: '10' })).toThrow(/LEASE_MS/);
  });
});

describe('configuration documentation', () => {
  const root = resolve(import.meta.dirname, '../..');
  const keys = Object.keys(EnvSchema.shape);

  it('lists every environment variable in .env.example', () => {
    const example = readFileSync(resolve(root, '.env.example'), 'utf8');
    expect(keys.filter((key) => !new RegExp(`^${key}=`, 'm').test(example))).toEqual([]);
  });

  it('documents every environment variable in the README configuration table', () => {
    const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
    expect(keys.filter((key) => !readme.includes(`| \`${key}\` |`))).toEqual([]);
  });
});

describe('worker threads configuration', () => {
  it('leaves WORKER_THREADS to the entry point when unset and reads JOB_TIME_LIMIT_MS with a 5 s default', () => {
    expect(parseConfig({}).workers).toEqual({ threads: undefined, jobTimeLimitMs: 5000 });
    expect(parseConfig({ WORKER_THREADS: '0', JOB_TIME_LIMIT_MS: '250' }).workers).toEqual({ threads: 0, jobTimeLimitMs: 250 });
    expect(parseConfig({ WORKER_THREADS: '4' }).workers.threads).toBe(4);
  });

  it('refuses a negative or fractional WORKER_THREADS and a JOB_TIME_LIMIT_MS under 100 ms, naming the variable', () => {
    expect(() => parseConfig({ WORKER_THREADS: '-1' })).toThrow(/WORKER_THREADS/);
    expect(() => parseConfig({ WORKER_THREADS: '1.5' })).toThrow(/WORKER_THREADS/);
    expect(() => parseConfig({ JOB_TIME_LIMIT_MS: '10' })).toThrow(/JOB_TIME_LIMIT_MS/);
  });
});
