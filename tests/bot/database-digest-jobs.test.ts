import { afterEach, expect, it } from 'vitest';
import { createDatabaseDigestJobs, type DatabaseDigestJobs } from '../../src/bot/jobs/database-queue.js';
import type { DigestJob } from '../../src/bot/jobs/job-schema.js';
import { createTelegramOutbound } from '../../src/bot/telegram-outbound.js';
import type { DigestRequest, DigestService } from '../../src/digest/digest-service.js';
import type { Digest } from '../../src/digest/schema.js';
import type { Store } from '../../src/store/repositories.js';
import { describeEachBackend, type StoreBackend } from '../store/backends.js';
import { emptyDraft } from '../support/sample-digest.js';

// Two "instances": two stores on one database (two connections to one SQLite file, or two pools on one
// PostgreSQL schema), each with its own shared queue, fake Bot API client and digest service, like two
// processes behind a load balancer on one database.

interface TelegramCall {
  instance: string;
  method: 'sendMessage' | 'editMessageText';
  chatId: number;
  messageId: number;
  text: string;
}

interface World {
  calls: TelegramCall[];
  /** Digest requests as they start: which instance made which article. */
  digests: Array<{ instance: string; url: string }>;
  logs: Array<{ instance: string; level: string; msg: string | undefined; obj: object }>;
  /** Digests of these URLs wait until released (never, if never released). */
  gates: Map<string, { promise: Promise<void>; release: () => void }>;
  nextMessageId: number;
}

interface Instance {
  name: string;
  store: Store;
  jobs: DatabaseDigestJobs;
}

function digestFor(request: DigestRequest): Digest {
  const url = request.input.kind === 'url' ? request.input.url : null;
  return {
    ...emptyDraft,
    headline: `Digest of ${url}`,
    summary: 'The presidents discussed bilateral cooperation.',
    what: 'A phone call',
    when: '2025-05-06',
    where: 'By phone',
    language: request.language,
    engine: 'extractive',
    model: 'fake',
    source: { url, title: 'Talks', publisher: 'ANTARA', publishedAt: '2025-05-06T10:00:00Z', language: 'en' },
    notes: [],
  };
}

function gate(world: World, url: string): () => void {
  let release = () => {};
  const promise = new Promise<void>((resolve) => {
    release = resolve;
  });
  world.gates.set(url, { promise, release });
  return release;
}

function fakeService(world: World, instance: string): DigestService {
  return {
    async digest(request) {
      const url = request.input.kind === 'url' ? request.input.url : '';
      world.digests.push({ instance, url });
      await world.gates.get(url)?.promise;
      return { digest: digestFor(request), cached: false };
    },
    peek: async () => undefined,
    read: async () => {
      throw new Error('not used');
    },
  };
}

function fakeTelegram(world: World, instance: string) {
  return {
    async sendMessage(chatId: number, text: string) {
      const messageId = world.nextMessageId++;
      world.calls.push({ instance, method: 'sendMessage', chatId, messageId, text });
      return { message_id: messageId } as never;
    },
    async editMessageText(chatId: number, messageId: number | undefined, _inline: string | undefined, text: string) {
      world.calls.push({ instance, method: 'editMessageText', chatId, messageId: messageId ?? -1, text });
      return true as const;
    },
    async sendChatAction() {
      return true as const;
    },
  };
}

/** No rate limits: the fake sends at once. */
const direct = { run: <T>(_chatId: number, call: () => Promise<T>) => call() };

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

/** A fresh database and the two stores the instances will use; closing both drops its data. */
async function createWorld(backend: StoreBackend): Promise<{ world: World; stores: [Store, Store] }> {
  const stores = await backend.openTwins();
  // Registered first, so it runs after every instance has stopped (cleanups run last-in, first-out).
  // Closing twice is harmless: a test-closed store ("a dead instance") stays closed.
  cleanups.push(async () => {
    for (const store of stores) await store.close();
  });
  return { world: { calls: [], digests: [], logs: [], gates: new Map(), nextMessageId: 100 }, stores };
}

function openInstance(
  world: World,
  store: Store,
  name: string,
  options: { leaseMs?: number; pollMs?: number; maxAttempts?: number } = {},
): Instance {
  const log = (level: string) => (obj: any, msg?: string) => void world.logs.push({ instance: name, level, msg, obj });
  const jobs = createDatabaseDigestJobs({
    outbound: createTelegramOutbound(fakeTelegram(world, name), direct),
    digestService: fakeService(world, name),
    store,
    quota: { tryConsume: async () => ({ allowed: true, retryAfterSec: 0 }) },
    logger: { info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') },
    repo: store.jobs,
    owner: name,
    leaseMs: options.leaseMs ?? 10_000,
    pollMs: options.pollMs ?? 50,
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
    // The placeholder before the digest starts, so a take-over has one to edit however the run is cut short.
    placeholder: { delayMs: 0 },
  });
  // Stopped before the world's stores are closed (cleanups run last-in, first-out).
  cleanups.push(() => jobs.stop(0));
  return { name, jobs, store };
}

function job(chatId: number, updateId: number, url: string): DigestJob {
  return { kind: 'new', updateId, chatId, userId: 1, language: 'en', input: { kind: 'url', url }, replyToMessageId: updateId * 10 };
}

async function waitFor(what: string, predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const PLACEHOLDER = 'Reading the article…';
const edits = (world: World, url: string) => world.calls.filter((c) => c.method === 'editMessageText' && c.text.includes(`Digest of ${url}`));
const placeholders = (world: World) => world.calls.filter((c) => c.method === 'sendMessage' && c.text === PLACEHOLDER);

describeEachBackend('shared digest jobs (two instances on one database)', (backend) => {
  it('runs a job queued on an instance that is not claiming on the other instance', async () => {
    const { world, stores } = await createWorld(backend);
    const a = openInstance(world, stores[0], 'A');
    const b = openInstance(world, stores[1], 'B');
    b.jobs.start();

    await a.jobs.enqueue(job(1, 1, 'https://a.example/1'));
    await waitFor('the digest', () => edits(world, 'https://a.example/1').length === 1);

    expect(world.calls.map((c) => c.instance)).toEqual(['B', 'B']);
    expect(world.digests).toEqual([{ instance: 'B', url: 'https://a.example/1' }]);
    expect(a.jobs.pending()).toBe(0);
    await b.jobs.idle(1000);
    expect(await a.store.jobs.countPending()).toBe(0);
  });

  it("keeps one chat's replies in update order when its updates land on different instances", async () => {
    const { world, stores } = await createWorld(backend);
    const a = openInstance(world, stores[0], 'A');
    const b = openInstance(world, stores[1], 'B');
    a.jobs.start();
    const releaseFirst = gate(world, 'https://a.example/1');

    await a.jobs.enqueue(job(7, 1, 'https://a.example/1'));
    await waitFor('the first digest to start', () => world.digests.length === 1);
    // B starts once A holds the job: B's first claim pass (several round trips on PostgreSQL) could
    // otherwise still be under way when A stores the job, and take it.
    b.jobs.start();
    await b.jobs.enqueue(job(7, 2, 'https://a.example/2'));
    // Several poll rounds of both instances: the second job must wait for the first.
    await sleep(300);
    expect(world.digests).toEqual([{ instance: 'A', url: 'https://a.example/1' }]);
    expect(placeholders(world)).toHaveLength(1);

    releaseFirst();
    await waitFor('the second digest', () => edits(world, 'https://a.example/2').length === 1);
    const chat = world.calls.filter((c) => c.chatId === 7).map((c) => `${c.method} ${c.text.split('\n')[0]}`);
    expect(chat).toEqual([
      `sendMessage ${PLACEHOLDER}`,
      'editMessageText <b>Digest of https://a.example/1</b>',
      `sendMessage ${PLACEHOLDER}`,
      'editMessageText <b>Digest of https://a.example/2</b>',
    ]);
  });

  it('runs different chats in parallel on different instances', async () => {
    const { world, stores } = await createWorld(backend);
    // Long polls: each instance runs what it stored itself, so the split across instances is known.
    const a = openInstance(world, stores[0], 'A', { pollMs: 60_000 });
    const b = openInstance(world, stores[1], 'B', { pollMs: 60_000 });
    const releaseOne = gate(world, 'https://a.example/1');
    const releaseTwo = gate(world, 'https://a.example/2');

    a.jobs.start();
    await a.jobs.enqueue(job(1, 1, 'https://a.example/1'));
    await waitFor('the first digest to start', () => world.digests.length === 1);
    // B starts once A holds the job (see above: otherwise B's first claim pass may take it).
    b.jobs.start();
    await b.jobs.enqueue(job(2, 2, 'https://a.example/2'));
    // Both digests are under way at once, neither waiting for the other.
    await waitFor('both digests to start', () => world.digests.length === 2);
    expect(world.digests).toEqual([
      { instance: 'A', url: 'https://a.example/1' },
      { instance: 'B', url: 'https://a.example/2' },
    ]);
    expect(a.jobs.pending()).toBe(1);
    expect(b.jobs.pending()).toBe(1);

    releaseTwo();
    releaseOne();
    await waitFor('both digests', () => edits(world, 'https://a.example/1').length === 1 && edits(world, 'https://a.example/2').length === 1);
  });

  it('runs an update delivered twice only once', async () => {
    const { world, stores } = await createWorld(backend);
    const a = openInstance(world, stores[0], 'A');
    const b = openInstance(world, stores[1], 'B');
    // Telegram redelivers a webhook update it thinks failed, possibly to the other instance.
    await a.jobs.enqueue(job(3, 42, 'https://a.example/dup'));
    await b.jobs.enqueue(job(3, 42, 'https://a.example/dup'));
    expect(await a.store.jobs.countPending()).toBe(1);
    a.jobs.start();
    b.jobs.start();

    await waitFor('the digest', () => edits(world, 'https://a.example/dup').length === 1);
    await sleep(200);
    expect(world.digests).toHaveLength(1);
    expect(placeholders(world)).toHaveLength(1);
    expect(await a.store.jobs.countPending()).toBe(0);
  });

  it("takes over a dead instance's job after its lease and edits the placeholder that instance sent", async () => {
    const { world, stores } = await createWorld(backend);
    const a = openInstance(world, stores[0], 'A', { leaseMs: 300 });
    const b = openInstance(world, stores[1], 'B', { leaseMs: 300 });
    a.jobs.start();
    const url = 'https://a.example/dies';
    gate(world, url); // never released: A hangs inside the digest

    await a.jobs.enqueue(job(5, 1, url));
    await waitFor('A to start the digest', () => world.digests.length === 1);
    // B starts once A holds the job (see above: otherwise B's first claim pass may take it).
    b.jobs.start();
    // A "dies": its database connection goes away, so it neither renews nor finishes anything.
    await a.store.close();
    world.gates.delete(url);

    await waitFor('B to deliver the digest', () => edits(world, url).length === 1);
    const sent = placeholders(world);
    expect(sent).toEqual([expect.objectContaining({ instance: 'A', chatId: 5 })]);
    expect(edits(world, url)).toEqual([expect.objectContaining({ instance: 'B', chatId: 5, messageId: sent[0]?.messageId })]);
    expect(world.digests).toEqual([
      { instance: 'A', url },
      { instance: 'B', url },
    ]);
    expect(world.logs.some((l) => l.instance === 'B' && l.msg === 'taking over a digest job from an instance that stopped')).toBe(true);
    await b.jobs.idle(1000);
    expect(await b.store.jobs.countPending()).toBe(0);
  });

  it('edits, not resends, a cached digest whose instance died after sending it', async () => {
    const { world, stores } = await createWorld(backend);
    const url = 'https://a.example/long-and-cached';
    // A cached digest long enough for two messages: no placeholder, the first part is sent as is.
    const long = (request: DigestRequest): Digest => ({
      ...digestFor(request),
      keyPoints: Array.from({ length: 40 }, (_, n) => `Point ${n}: ${'the ministers agreed to keep talking '.repeat(4)}`),
    });
    const cachedService = (instance: string): DigestService => ({
      async digest(request) {
        world.digests.push({ instance, url });
        return { digest: long(request), cached: true };
      },
      peek: async (request) => long(request),
      read: async () => {
        throw new Error('not used');
      },
    });
    const log = (name: string, level: string) => (obj: any, msg?: string) => void world.logs.push({ instance: name, level, msg, obj });
    const make = (name: string, store: Store, telegram: ReturnType<typeof fakeTelegram>) => {
      const jobs = createDatabaseDigestJobs({
        outbound: createTelegramOutbound(telegram, direct),
        digestService: cachedService(name),
        store,
        quota: { tryConsume: async () => ({ allowed: true, retryAfterSec: 0 }) },
        logger: { info: log(name, 'info'), warn: log(name, 'warn'), error: log(name, 'error'), debug: log(name, 'debug') },
        repo: store.jobs,
        owner: name,
        leaseMs: 300,
        pollMs: 50,
      });
      cleanups.push(() => jobs.stop(0));
      return jobs;
    };
    // A sends the first part, then hangs on the second and "dies".
    const aTelegram = fakeTelegram(world, 'A');
    const sendFirst = aTelegram.sendMessage.bind(aTelegram);
    let aSends = 0;
    aTelegram.sendMessage = async (chatId: number, text: string) => {
      aSends += 1;
      if (aSends > 1) await new Promise(() => {});
      return sendFirst(chatId, text);
    };
    const a = make('A', stores[0], aTelegram);
    a.start();
    await a.enqueue(job(9, 1, url));
    await waitFor('A to send the first part', () => world.calls.length === 1);
    await sleep(50);
    await stores[0].close();

    const b = make('B', stores[1], fakeTelegram(world, 'B'));
    b.start();
    await waitFor('B to finish the digest', () => world.calls.some((c) => c.instance === 'B' && c.method === 'sendMessage'));
    const first = world.calls[0] as TelegramCall;
    expect(world.calls.filter((c) => c.method === 'sendMessage' && c.text === first.text)).toHaveLength(1);
    expect(world.calls.filter((c) => c.instance === 'B').map((c) => c.method)).toEqual(['editMessageText', 'sendMessage']);
    expect(world.calls.find((c) => c.instance === 'B' && c.method === 'editMessageText')?.messageId).toBe(first.messageId);
  });

  it('gives up a job that was claimed more than maxAttempts times and turns its placeholder into an error line', async () => {
    const { world, stores } = await createWorld(backend);
    const a = openInstance(world, stores[0], 'A', { leaseMs: 200 });
    const b = openInstance(world, stores[1], 'B', { leaseMs: 200, maxAttempts: 1 });
    a.jobs.start();
    const url = 'https://a.example/poison';
    gate(world, url);

    await a.jobs.enqueue(job(6, 1, url));
    await waitFor('A to start the digest', () => world.digests.length === 1);
    await a.store.close();
    b.jobs.start();

    await waitFor('B to give the job up', () => world.calls.some((c) => c.method === 'editMessageText'));
    expect(world.digests).toHaveLength(1);
    expect(world.calls.at(-1)).toMatchObject({
      instance: 'B',
      method: 'editMessageText',
      messageId: placeholders(world)[0]?.messageId,
      text: 'Something went wrong on my side. Please try again.',
    });
    expect(world.logs.some((l) => l.instance === 'B' && l.level === 'error' && l.msg === 'digest job given up after repeated crashes')).toBe(true);
    await b.jobs.idle(1000);
    expect(await b.store.jobs.countPending()).toBe(0);
  });

  it('answers with an error line when it gives up a job whose crashed runs recorded no placeholder', async () => {
    const { world, stores } = await createWorld(backend);
    const b = openInstance(world, stores[1], 'B', { maxAttempts: 1 });
    const stored = job(8, 3, 'https://a.example/crashes-early');
    await stores[0].jobs.add({ chatId: 8, updateId: 3, payload: JSON.stringify(stored) }, Date.now());
    // A run that died before its placeholder was sent: claimed once, lease long gone.
    expect(await stores[0].jobs.claim('dead', Date.now() - 60_000, 1000, 1)).toHaveLength(1);
    b.jobs.start();

    await waitFor('B to give the job up', () => world.calls.some((c) => c.method === 'sendMessage'));
    expect(world.digests).toEqual([]);
    expect(world.calls).toEqual([
      { instance: 'B', method: 'sendMessage', chatId: 8, messageId: expect.any(Number), text: 'Something went wrong on my side. Please try again.' },
    ]);
    await b.jobs.idle(1000);
    expect(await b.store.jobs.countPending()).toBe(0);
  });

  it('drops a job whose payload cannot be read and goes on with the chat', async () => {
    const { world, stores } = await createWorld(backend);
    const a = openInstance(world, stores[0], 'A');
    await a.store.jobs.add({ chatId: 8, updateId: 1, payload: '{not json' }, Date.now());
    await a.jobs.enqueue(job(8, 2, 'https://a.example/after'));
    a.jobs.start();

    await waitFor('the next digest', () => edits(world, 'https://a.example/after').length === 1);
    expect(world.logs.some((l) => l.level === 'error' && l.msg === 'unreadable digest job payload; dropped')).toBe(true);
    await a.jobs.idle(1000);
    expect(await a.store.jobs.countPending()).toBe(0);
  });

  it('hands its claims to the other instance on stop() instead of leaving them until the lease ends', async () => {
    const { world, stores } = await createWorld(backend);
    const a = openInstance(world, stores[0], 'A', { leaseMs: 60_000 });
    const b = openInstance(world, stores[1], 'B', { leaseMs: 60_000 });
    a.jobs.start();
    const url = 'https://a.example/slow';
    gate(world, url); // A's run never ends

    await a.jobs.enqueue(job(9, 1, url));
    await waitFor('A to start the digest', () => world.digests.length === 1);
    // B starts once A holds the job (see above: otherwise B's first claim pass may take it).
    b.jobs.start();
    await sleep(150);
    expect(world.digests).toHaveLength(1); // B leaves A's live claim alone
    world.gates.delete(url);

    const stoppedAt = Date.now();
    await a.jobs.stop(100);
    await waitFor('B to deliver the digest', () => edits(world, url).length === 1, 2000);
    expect(Date.now() - stoppedAt).toBeLessThan(2000);
    expect(edits(world, url)).toEqual([expect.objectContaining({ instance: 'B', messageId: placeholders(world)[0]?.messageId })]);
    expect(placeholders(world)).toHaveLength(1);

    // A stopped instance claims nothing more: a new job of another chat is run by B.
    await a.jobs.enqueue(job(10, 2, 'https://a.example/later'));
    await waitFor('the later digest', () => edits(world, 'https://a.example/later').length === 1);
    expect(edits(world, 'https://a.example/later')[0]?.instance).toBe('B');
  });
});
