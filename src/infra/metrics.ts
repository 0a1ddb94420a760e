import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Digest outcome label: served fresh, from the cache, or the AppError code it failed with. */
export type DigestOutcomeLabel = 'ok' | 'cached' | (string & {});

/**
 * Prometheus metrics of one bot process, on a registry of its own (not prom-client's global one),
 * so tests and several apps in one process do not share counters.
 */
export interface KabarMetrics {
  registry: Registry;
  /** `text/plain; version=0.0.4; charset=utf-8`. */
  contentType: string;
  /** The exposition text for GET /metrics. */
  render(): Promise<string>;
  updateHandled(): void;
  /** engine: `openai` | `extractive` (or `none` when it failed before an engine ran). */
  digest(engine: string, outcome: DigestOutcomeLabel): void;
  cacheHit(): void;
  modelLatency(seconds: number): void;
  modelTokens(kind: 'prompt' | 'completion', count: number): void;
  /** A Bot API error by its error_code (429s that were waited out count too). */
  telegramError(code: number | string): void;
  deliverySent(): void;
  /** Reports `depth()` as kabar_send_queue_depth on every scrape. */
  watchSendQueue(queue: { depth(): number }): void;
  /**
   * Reports kabar_deliveries_pending and kabar_digest_jobs_pending on every scrape (database counts, so
   * every instance reports the shared backlog; a failed count leaves the last value).
   */
  watchBacklog(counts: { deliveriesPending?: () => Promise<number>; jobsPending?: () => Promise<number> }): void;
  /** For createSendQueue's `onRetry`: each 429 waited out is a Telegram error. */
  onSendRetry(): void;
  /**
   * Wraps a sender so errors that escape it are counted by Bot API error code. `codeOf` reads the
   * code (the bot's telegram-errors.ts; infra does not know telegraf's error type).
   */
  instrumentSender<S extends { run<T>(chatId: number | string, call: () => Promise<T>): Promise<T> }>(sender: S, codeOf: (error: unknown) => number | null): S;
  /** Wraps the model client's fetch: latency per request and token usage from JSON answers. */
  instrumentModelFetch(fetchFn: typeof fetch): typeof fetch;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): KabarMetrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });

  const updates = new Counter({ name: 'kabar_updates_total', help: 'Telegram updates handled', registers });
  const digests = new Counter({
    name: 'kabar_digests_total',
    help: 'Digests requested in chats, by engine and outcome (ok, cached or an error code)',
    labelNames: ['engine', 'outcome'] as const,
    registers,
  });
  const cacheHits = new Counter({ name: 'kabar_cache_hits_total', help: 'Digests served from the cache', registers });
  const latency = new Histogram({
    name: 'kabar_model_latency_seconds',
    help: 'Model API request latency',
    // Chat completions take seconds, not milliseconds.
    buckets: [0.25, 0.5, 1, 2, 4, 8, 15, 30, 60],
    registers,
  });
  const tokens = new Counter({
    name: 'kabar_model_tokens_total',
    help: 'Model tokens used, by kind',
    labelNames: ['kind'] as const,
    registers,
  });
  const telegramErrors = new Counter({
    name: 'kabar_telegram_errors_total',
    help: 'Bot API errors by error_code (429 counted, including retried ones)',
    labelNames: ['code'] as const,
    registers,
  });
  const deliveriesSent = new Counter({ name: 'kabar_deliveries_sent_total', help: 'Subscription deliveries sent', registers });
  let queue: { depth(): number } | undefined;
  new Gauge({
    name: 'kabar_send_queue_depth',
    help: 'Bot API calls waiting or running in the send queue',
    registers,
    collect() {
      this.set(queue?.depth() ?? 0);
    },
  });

  let backlog: Parameters<KabarMetrics['watchBacklog']>[0] = {};
  /** A gauge read from the database on every scrape; a failed count leaves the last value. */
  const backlogGauge = (name: string, help: string, count: () => Promise<number> | undefined) =>
    new Gauge({
      name,
      help,
      registers,
      async collect() {
        const value = await count()?.catch(() => undefined);
        if (value !== undefined) this.set(value);
      },
    });
  backlogGauge('kabar_deliveries_pending', 'Subscription deliveries written to the outbox and not yet sent (all instances)', () => backlog.deliveriesPending?.());
  backlogGauge('kabar_digest_jobs_pending', 'Digest requests queued or running in the database queue (JOB_QUEUE=database; all instances)', () => backlog.jobsPending?.());

  const telegramError = (code: number | string) => telegramErrors.inc({ code: String(code) });

  function countUsage(body: unknown) {
    const usage = (body as { usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } } | null)?.usage;
    if (typeof usage?.prompt_tokens === 'number') tokens.inc({ kind: 'prompt' }, usage.prompt_tokens);
    if (typeof usage?.completion_tokens === 'number') tokens.inc({ kind: 'completion' }, usage.completion_tokens);
  }

  return {
    registry,
    contentType: registry.contentType,
    render: () => registry.metrics(),
    updateHandled: () => updates.inc(),
    digest: (engine, outcome) => digests.inc({ engine, outcome }),
    cacheHit: () => cacheHits.inc(),
    modelLatency: (seconds) => latency.observe(seconds),
    modelTokens: (kind, count) => tokens.inc({ kind }, count),
    telegramError,
    deliverySent: () => deliveriesSent.inc(),
    watchSendQueue(q) {
      queue = q;
    },
    watchBacklog(counts) {
      backlog = counts;
    },
    onSendRetry: () => telegramError(429),
    instrumentSender(sender, codeOf) {
      const run = sender.run.bind(sender);
      return Object.assign(Object.create(sender) as typeof sender, {
        run: <T>(chatId: number | string, call: () => Promise<T>) =>
          run(chatId, call).catch((error: unknown) => {
            const code = codeOf(error);
            if (code !== null) telegramError(code);
            throw error;
          }),
      });
    },
    instrumentModelFetch(fetchFn) {
      return (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
        const end = latency.startTimer();
        const response = await fetchFn(input, init);
        end();
        // Non-streaming answers carry `usage`; reading a clone leaves the SDK's body untouched.
        if ((response.headers.get('content-type') ?? '').includes('application/json')) {
          response
            .clone()
            .json()
            .then(countUsage, () => undefined);
        }
        return response;
      }) as typeof fetch;
    },
  };
}
