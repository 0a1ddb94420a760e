import Bottleneck from 'bottleneck';
import type { LimitBackend } from './shared-limits.js';

/** OPENAI_MAX_CONCURRENCY and OPENAI_RPM. */
export interface ModelLimits {
  /** Model requests in flight at once across the process. */
  maxConcurrent: number;
  /** Model requests started per minute; 0 = unlimited. */
  requestsPerMinute: number;
  /** OPENAI_TIMEOUT_MS: the longest one request can run (bounds how long a dead instance holds a shared slot). */
  requestTimeoutMs?: number;
  /** Shares maxConcurrent and the RPM reservoir with every instance through Redis (createLimitBackend). */
  limits?: LimitBackend;
}

/** Limits the model client's HTTP requests: the only calls that cost money and hit provider limits. */
export interface ModelLimiter {
  /** Wraps the fetch the OpenAI SDK uses; every request (SDK retries included) takes a slot. */
  wrapFetch(fetchImpl: typeof fetch): typeof fetch;
  /** Requests running and waiting. */
  counts(): { running: number; queued: number };
  /** Lets running requests finish; waiting and new ones are refused (shutdown, after the drain). */
  stop(): Promise<void>;
}

/**
 * Bottleneck lives here, not in src/digest: the pipeline only accepts an injected `modelFetch`, and
 * limiting at the fetch level means cached digests and the extractive engine never wait for a slot.
 */
export function createModelLimiter(limits: ModelLimits): ModelLimiter {
  const rpm = limits.requestsPerMinute;
  const options = {
    maxConcurrent: Math.max(1, limits.maxConcurrent),
    ...(rpm > 0 ? { reservoir: rpm, reservoirRefreshAmount: rpm, reservoirRefreshInterval: 60_000 } : {}),
  };
  // A model request never outlives the SDK's timeout; expiring a little later frees the shared slots of
  // an instance that died mid-request, which would otherwise count as running forever.
  const expirationMs = (limits.requestTimeoutMs ?? 60_000) + 5_000;
  const limiter = limits.limits ? limits.limits.limiter('model', options, { expirationMs }) : new Bottleneck(options);
  let running = 0;

  return {
    wrapFetch(fetchImpl) {
      const limited = (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]): Promise<Response> =>
        limiter.schedule(async () => {
          running += 1;
          try {
            const response = await fetchImpl(input, init);
            // Hold the slot until the body is in: a non-streaming completion arrives with it.
            const body = await response.arrayBuffer();
            return new Response(response.status === 204 || response.status === 304 ? null : body, {
              status: response.status,
              statusText: response.statusText,
              headers: response.headers,
            });
          } finally {
            running -= 1;
          }
        });
      return limited as typeof fetch;
    },
    counts() {
      const c = limiter.counts();
      return { running, queued: (c.QUEUED ?? 0) + (c.RECEIVED ?? 0) };
    },
    async stop() {
      await limiter.stop({ dropWaitingJobs: true, dropErrorMessage: 'The model limiter was stopped (shutting down).' });
    },
  };
}
