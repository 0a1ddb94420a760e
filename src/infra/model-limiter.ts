import { type LimitBackend, createLocalLimits, stoppedError } from './limits/limit-backend.js';

/** OPENAI_MAX_CONCURRENCY and OPENAI_RPM. */
export interface ModelLimits {
  /** Model requests in flight at once across the process. */
  maxConcurrent: number;
  /** Model requests started per minute; 0 = unlimited. */
  requestsPerMinute: number;
  /** OPENAI_TIMEOUT_MS: the longest one request can run (bounds how long a dead instance holds a shared slot). */
  requestTimeoutMs?: number;
  /** Shares maxConcurrent and the RPM window with every instance through Redis (createLimitBackend). */
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
 * The limiter lives in infra, not in src/digest: the pipeline only accepts an injected `modelFetch`, and
 * limiting at the fetch level means cached digests and the extractive engine never wait for a slot.
 */
export function createModelLimiter(limits: ModelLimits): ModelLimiter {
  const backend = limits.limits ?? createLocalLimits();
  const maxConcurrent = Math.max(1, limits.maxConcurrent);
  const rpm = limits.requestsPerMinute;
  // A model request never outlives the SDK's timeout; expiring a little later frees the shared slot of an
  // instance that died mid-request, which would otherwise count as running forever.
  const holdMs = (limits.requestTimeoutMs ?? 60_000) + 5_000;
  const stopping = new AbortController();
  const inFlight = new Set<Promise<unknown>>();
  let queued = 0;

  async function limited(fetchImpl: typeof fetch, input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]): Promise<Response> {
    let release: (() => void) | undefined;
    queued += 1;
    try {
      release = await backend.hold('model:running', maxConcurrent, holdMs, stopping.signal);
      if (rpm > 0) await backend.take([{ key: 'model:rpm', limit: { windowMs: 60_000, max: rpm } }], stopping.signal);
    } catch (error) {
      release?.();
      throw stopping.signal.aborted ? stoppedError('The model limiter') : error;
    } finally {
      queued -= 1;
    }
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
      release();
    }
  }

  return {
    wrapFetch(fetchImpl) {
      return ((input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
        if (stopping.signal.aborted) return Promise.reject(stoppedError('The model limiter'));
        const request = limited(fetchImpl, input, init);
        inFlight.add(request);
        void request.catch(() => undefined).finally(() => inFlight.delete(request));
        return request;
      }) as typeof fetch;
    },
    counts: () => ({ running: inFlight.size - queued, queued }),
    async stop() {
      stopping.abort();
      await Promise.allSettled([...inFlight]);
      if (!limits.limits) await backend.close();
    },
  };
}
