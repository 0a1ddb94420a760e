import { z } from 'zod';
import { AppError } from '../errors/app-error.js';

const emptyToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const optionalString = z.preprocess(emptyToUndefined, z.string().trim().optional());
const optionalUrl = z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional());
const int = (min: number, fallback: number, max = Number.MAX_SAFE_INTEGER) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().min(min).max(max).default(fallback));
const commaList = z.preprocess(
  (value) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value ?? []),
  z.array(z.string()),
);

function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** "asia/jakarta" → "Asia/Jakarta", so stored settings use one spelling. */
const canonicalTimeZone = (zone: string) => new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;

/** Telegram bot tokens look like `123456789:AA…` (digits, colon, 35 URL-safe characters). */
export const TELEGRAM_TOKEN_PATTERN = /^\d{5,}:[A-Za-z0-9_-]{35}$/;

/**
 * Every environment variable the product reads. `.env.example` documents the same list.
 * Parsing is pure: `parseConfig(env)` never reads the process environment itself.
 */
export const EnvSchema = z.object({
  /** Digest language when nothing else decides: en | id. */
  DEFAULT_LANGUAGE: z.preprocess(emptyToUndefined, z.enum(['en', 'id']).default('en')),
  /** auto = OpenAI when OPENAI_API_KEY is set (extractive fallback), else extractive. */
  SUMMARIZER: z.preprocess(emptyToUndefined, z.enum(['auto', 'openai', 'extractive']).default('auto')),
  OPENAI_API_KEY: optionalString,
  /** Any OpenAI-compatible endpoint (Ollama, vLLM, llama.cpp, OpenRouter). */
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_MODEL: z.preprocess(emptyToUndefined, z.string().default('gpt-4o-mini')),
  OPENAI_TIMEOUT_MS: int(1000, 60_000),
  /** Retries done by the SDK itself on 408/409/429/5xx and connection errors. */
  OPENAI_MAX_RETRIES: int(0, 2, 10),
  /** Article tokens sent to the model; longer articles are trimmed keeping the lead. */
  OPENAI_MAX_INPUT_TOKENS: int(500, 6000),
  OPENAI_MAX_OUTPUT_TOKENS: int(256, 1500),
  OPENAI_MAX_CONCURRENCY: int(1, 4, 100),
  /** Model requests per minute across the process; 0 = unlimited. */
  OPENAI_RPM: int(0, 0),
  FETCH_TIMEOUT_MS: int(100, 15_000),
  FETCH_MAX_BYTES: int(1024, 5 * 1024 * 1024),
  /** Comma list of IPs/CIDRs exempt from the private-address block (e.g. 127.0.0.1 for local tests). */
  FETCH_ALLOW_PRIVATE: commaList,
  FETCH_USER_AGENT: optionalString,
  TELEGRAM_BOT_TOKEN: z.preprocess(
    emptyToUndefined,
    z.string().regex(TELEGRAM_TOKEN_PATTERN, 'must look like 123456789:AA… (digits, a colon, 35 characters)').optional(),
  ),
  TELEGRAM_API_ROOT: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).default('https://api.telegram.org')),
  BOT_MODE: z.preprocess(emptyToUndefined, z.enum(['polling', 'webhook']).default('polling')),
  WEBHOOK_DOMAIN: optionalString,
  WEBHOOK_PATH: z.preprocess(emptyToUndefined, z.string().startsWith('/').default('/telegram')),
  WEBHOOK_SECRET: z.preprocess(
    emptyToUndefined,
    z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'may only contain A-Z, a-z, 0-9, _ and - (1-256 characters)').optional(),
  ),
  PORT: int(1, 8080, 65_535),
  DATABASE_PATH: z.preprocess(emptyToUndefined, z.string().default('./data/bot.sqlite')),
  /** postgres://user:pass@host:5432/db selects PostgreSQL (several instances); unset = SQLite at DATABASE_PATH. */
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL (unset it to use SQLite at DATABASE_PATH)')
      .optional(),
  ),
  /** Connections in the PostgreSQL pool of one instance. */
  DATABASE_POOL_SIZE: int(1, 10, 200),
  /** redis://host:6379 shares Telegram's and the model's rate limits between instances (a sliding-window log in Redis, src/infra/shared-limits.ts). */
  REDIS_URL: z.preprocess(
    emptyToUndefined,
    z.string().trim().regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL').optional(),
  ),
  /**
   * Names this instance in claims and logs (default: the hostname). One running process per id: a
   * process started with the id of one that crashed frees that one's claims at once.
   */
  INSTANCE_ID: z.preprocess(emptyToUndefined, z.string().trim().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'may only contain A-Z, a-z, 0-9 and _ . : - (1-100 characters)').optional()),
  /**
   * database (default) = each digest request is stored before Telegram's update is confirmed and any
   * instance runs it, so a crash loses nothing; memory = in-process only, lost on a crash.
   */
  JOB_QUEUE: z.preprocess(emptyToUndefined, z.enum(['memory', 'database']).optional()),
  /** How long a claimed job, delivery or feed poll belongs to an instance without renewal (ms); a dead instance's work is taken over after it. */
  LEASE_MS: int(1000, 60_000, 3_600_000),
  USER_DIGESTS_PER_HOUR: int(0, 30),
  /** Hours a finished digest is served from the cache before the article is read again (news changes; a bad entry must not live for ever). */
  DIGEST_CACHE_TTL_HOURS: int(1, 24, 24 * 365),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  /** Seconds between polls of one feed URL (however many chats follow it). */
  FEED_POLL_INTERVAL: int(30, 600),
  /** IANA zone of a chat's schedule until it runs /timezone. */
  DEFAULT_TIMEZONE: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .default('Asia/Jakarta')
      .refine(isKnownTimeZone, 'must be an IANA time zone such as Asia/Jakarta or UTC')
      .transform(canonicalTimeZone),
  ),
  MAX_FEEDS_PER_CHAT: int(1, 20, 1000),
  MAX_TOPICS_PER_CHAT: int(1, 20, 1000),
  /** Pending next-step reminders a chat may have (Remind me; /reminders removes them). */
  MAX_REMINDERS_PER_CHAT: int(1, 20, 1000),
  /** Stories a chat may follow at once (Follow this story; /stories stops following). */
  MAX_FOLLOWED_STORIES_PER_CHAT: int(1, 20, 1000),
  /** Days without a new item after which a story expires (with its follows and follow-up history). */
  STORY_QUIET_DAYS: int(1, 30, 365),
  /** The curated source catalogue offered by /sources and /subscribe <id>. */
  SOURCES_PATH: optionalString,
  /**
   * Worker threads that read pages and run the built-in engine off the event loop; 0 = on the event loop, without
   * a time limit. Unset: 2 in the bot; 0 in the CLI (one run would wait ~1 s for a worker to load its modules).
   */
  WORKER_THREADS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(64).optional()),
  /** A page read or built-in summary running longer than this (ms) is stopped (its worker killed) and answered with PROCESSING_TIMEOUT. */
  JOB_TIME_LIMIT_MS: int(100, 5000, 600_000),
});
export type Env = z.infer<typeof EnvSchema>;

/** Validated, typed configuration. */
export interface Config {
  defaultLanguage: 'en' | 'id';
  summarizer: 'auto' | 'openai' | 'extractive';
  openai: {
    apiKey: string | undefined;
    baseURL: string | undefined;
    model: string;
    timeoutMs: number;
    maxRetries: number;
    maxInputTokens: number;
    maxOutputTokens: number;
    maxConcurrency: number;
    requestsPerMinute: number;
  };
  fetch: {
    timeoutMs: number;
    maxBytes: number;
    allowPrivate: string[];
    userAgent: string | undefined;
  };
  telegram: {
    token: string | undefined;
    apiRoot: string;
    mode: 'polling' | 'webhook';
    webhookDomain: string | undefined;
    webhookPath: string;
    webhookSecret: string | undefined;
  };
  port: number;
  databasePath: string;
  /** PostgreSQL when `url` is set; else SQLite at databasePath. */
  database: { url: string | undefined; poolSize: number };
  /** Shared rate limits across instances; undefined = in-process limits. */
  redisUrl: string | undefined;
  instance: {
    /** undefined = the entry point uses the hostname. */
    id: string | undefined;
    jobQueue: 'memory' | 'database';
    leaseMs: number;
  };
  userDigestsPerHour: number;
  /** CPU work on untrusted input (extraction, the built-in engine) in worker threads; threads 0 = in-process, undefined = the entry point decides. */
  workers: { threads: number | undefined; jobTimeLimitMs: number };
  /** How long a cached digest is served, in ms (DIGEST_CACHE_TTL_HOURS). */
  digestCacheTtlMs: number;
  logLevel: Env['LOG_LEVEL'];
  subscriptions: {
    pollIntervalSec: number;
    defaultTimeZone: string;
    maxFeedsPerChat: number;
    maxTopicsPerChat: number;
    /** MAX_REMINDERS_PER_CHAT. */
    maxRemindersPerChat: number;
    /** MAX_FOLLOWED_STORIES_PER_CHAT. */
    maxFollowedStoriesPerChat: number;
    /** STORY_QUIET_DAYS: a story quiet this long expires. */
    storyQuietDays: number;
    /** A custom preset catalogue; undefined = the one shipped in config/sources.json. */
    sourcesPath: string | undefined;
  };
}

/** Parses the environment into a Config, or throws CONFIG_INVALID naming every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`);
    throw new AppError('CONFIG_INVALID', `Invalid configuration — ${problems.join('; ')}`);
  }
  const e = result.data;
  if (e.SUMMARIZER === 'openai' && !e.OPENAI_API_KEY && !e.OPENAI_BASE_URL) {
    throw new AppError(
      'CONFIG_INVALID',
      'Invalid configuration — SUMMARIZER: "openai" needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local server that takes no key)',
    );
  }
  return {
    defaultLanguage: e.DEFAULT_LANGUAGE,
    summarizer: e.SUMMARIZER,
    openai: {
      apiKey: e.OPENAI_API_KEY,
      baseURL: e.OPENAI_BASE_URL,
      model: e.OPENAI_MODEL,
      timeoutMs: e.OPENAI_TIMEOUT_MS,
      maxRetries: e.OPENAI_MAX_RETRIES,
      maxInputTokens: e.OPENAI_MAX_INPUT_TOKENS,
      maxOutputTokens: e.OPENAI_MAX_OUTPUT_TOKENS,
      maxConcurrency: e.OPENAI_MAX_CONCURRENCY,
      requestsPerMinute: e.OPENAI_RPM,
    },
    fetch: {
      timeoutMs: e.FETCH_TIMEOUT_MS,
      maxBytes: e.FETCH_MAX_BYTES,
      allowPrivate: e.FETCH_ALLOW_PRIVATE,
      userAgent: e.FETCH_USER_AGENT,
    },
    telegram: {
      token: e.TELEGRAM_BOT_TOKEN,
      apiRoot: e.TELEGRAM_API_ROOT.replace(/\/+$/, ''),
      mode: e.BOT_MODE,
      webhookDomain: e.WEBHOOK_DOMAIN,
      webhookPath: e.WEBHOOK_PATH,
      webhookSecret: e.WEBHOOK_SECRET,
    },
    port: e.PORT,
    databasePath: e.DATABASE_PATH,
    database: { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE },
    redisUrl: e.REDIS_URL,
    instance: {
      id: e.INSTANCE_ID,
      jobQueue: e.JOB_QUEUE ?? 'database',
      leaseMs: e.LEASE_MS,
    },
    userDigestsPerHour: e.USER_DIGESTS_PER_HOUR,
    workers: { threads: e.WORKER_THREADS, jobTimeLimitMs: e.JOB_TIME_LIMIT_MS },
    digestCacheTtlMs: e.DIGEST_CACHE_TTL_HOURS * 60 * 60 * 1000,
    logLevel: e.LOG_LEVEL,
    subscriptions: {
      pollIntervalSec: e.FEED_POLL_INTERVAL,
      defaultTimeZone: e.DEFAULT_TIMEZONE,
      maxFeedsPerChat: e.MAX_FEEDS_PER_CHAT,
      maxTopicsPerChat: e.MAX_TOPICS_PER_CHAT,
      maxRemindersPerChat: e.MAX_REMINDERS_PER_CHAT,
      maxFollowedStoriesPerChat: e.MAX_FOLLOWED_STORIES_PER_CHAT,
      storyQuietDays: e.STORY_QUIET_DAYS,
      sourcesPath: e.SOURCES_PATH,
    },
  };
}

/** Which engine `auto` resolves to. */
export function resolveEngineChoice(config: Config): 'openai' | 'extractive' {
  if (config.summarizer !== 'auto') return config.summarizer;
  return config.openai.apiKey ? 'openai' : 'extractive';
}
