import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake server received. `body` is the parsed JSON (or the raw text if it was not JSON). */
export interface FakeOpenAIRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** What the fake server answers: a status, a JSON (or raw string) body and extra headers. */
export interface FakeOpenAIReply {
  status?: number;
  json?: unknown;
  /** A raw body instead of `json` (e.g. a broken response). */
  raw?: string;
  headers?: Record<string, string>;
}

/** Decides the reply from the request body; `index` counts chat requests from 0. */
export type FakeOpenAIHandler = (body: unknown, index: number) => FakeOpenAIReply | Promise<FakeOpenAIReply>;

/** A running fake OpenAI-compatible server on 127.0.0.1. */
export interface FakeOpenAIServer {
  /** API root to give the SDK, e.g. http://127.0.0.1:41234/v1. */
  baseURL: string;
  /** Every request seen, in order. */
  requests: FakeOpenAIRequest[];
  /** Queues replies; each chat request takes the next one, the last one repeats. */
  setReplies(replies: FakeOpenAIReply[]): void;
  /** Replaces the reply logic altogether. */
  setHandler(handler: FakeOpenAIHandler): void;
  close(): Promise<void>;
}

export interface CompletionOptions {
  content?: string | null;
  refusal?: string | null;
  finishReason?: 'stop' | 'length' | 'content_filter' | 'tool_calls';
  model?: string;
}

/** A chat.completion object as OpenAI returns it. */
export function chatCompletion(options: CompletionOptions = {}): Record<string, unknown> {
  return {
    id: 'chatcmpl-fake-1',
    object: 'chat.completion',
    created: 1_746_500_000,
    model: options.model ?? 'fake-model',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: options.content ?? null, refusal: options.refusal ?? null },
        logprobs: null,
        finish_reason: options.finishReason ?? 'stop',
      },
    ],
    usage: { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 },
  };
}

/** A successful reply whose content is `value` serialised as JSON. */
export function jsonReply(value: unknown): FakeOpenAIReply {
  return { status: 200, json: chatCompletion({ content: JSON.stringify(value) }) };
}

/** An OpenAI-style error reply. `retry-after-ms: 1` keeps SDK retries instant. */
export function errorReply(status: number, message = 'fake error'): FakeOpenAIReply {
  return {
    status,
    json: { error: { message, type: status === 429 ? 'rate_limit_exceeded' : 'server_error', param: null, code: null } },
    headers: { 'retry-after-ms': '1' },
  };
}

function send(res: ServerResponse, reply: FakeOpenAIReply): void {
  const body = reply.raw ?? JSON.stringify(reply.json ?? {});
  const buffer = Buffer.from(body, 'utf8');
  res.writeHead(reply.status ?? 200, {
    'content-type': reply.raw === undefined ? 'application/json' : 'text/plain; charset=utf-8',
    'content-length': String(buffer.length),
    ...reply.headers,
  });
  res.end(buffer);
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Starts an OpenAI-compatible server answering POST /v1/chat/completions. Without a handler or
 * replies it answers 500, so a test that forgot to set one fails loudly.
 */
export async function startFakeOpenAI(handler?: FakeOpenAIHandler): Promise<FakeOpenAIServer> {
  const requests: FakeOpenAIRequest[] = [];
  let replies: FakeOpenAIReply[] = [];
  let current: FakeOpenAIHandler | undefined = handler;
  let chatCount = 0;
  let replyCursor = 0;

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });
      if (req.method !== 'POST' || path !== '/v1/chat/completions') {
        send(res, { status: 404, json: { error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error' } } });
        return;
      }
      const index = chatCount++;
      let reply: FakeOpenAIReply;
      if (current) reply = await current(body, index);
      else if (replies.length > 0) reply = replies[Math.min(replyCursor++, replies.length - 1)] as FakeOpenAIReply;
      else reply = errorReply(500, 'fake server has no reply configured');
      send(res, reply);
    })().catch((error: unknown) => {
      if (!res.headersSent) send(res, { status: 500, json: { error: { message: String(error) } } });
      else res.destroy();
    });
  });
  // The SDK keeps connections alive; closing must not wait for idle sockets.
  server.keepAliveTimeout = 1000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    setReplies(next) {
      replies = [...next];
      replyCursor = 0;
      current = undefined;
    },
    setHandler(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
