import { afterEach, describe, expect, it } from 'vitest';
import { reminderButtons } from '../../src/bot/commands/reminders.js';
import type { DigestService } from '../../src/digest/digest-service.js';
import type { Digest } from '../../src/digest/schema.js';
import type { Store } from '../../src/store/repositories.js';
import type { ChatButton, ChatSender } from '../../src/subscriptions/chat-sender.js';
import { createDeliveryService, type DeliveryService } from '../../src/subscriptions/delivery-service.js';
import { createReminderService, dueText, type ReminderService, reminderTime } from '../../src/subscriptions/reminders-service.js';
import { describeEachBackend, type StoreBackend } from '../store/backends.js';
import { sampleDigest } from '../support/sample-digest.js';

const CHAT = 5001;
const silent = { info() {}, warn() {}, debug() {} };
// 1 June 2026, 09:00 in Jakarta (UTC+7): the digest is read then.
const READ_AT = Date.parse('2026-06-01T02:00:00Z');

const digest: Digest = {
  ...sampleDigest,
  source: { url: 'https://news.example/talks', title: 'Talks to resume in Geneva', publisher: 'News', publishedAt: '2026-06-01T01:00:00Z', language: 'en' },
  nextSteps: [
    { text: 'The next round of talks will be held in Geneva.', evidence: 'The next round of talks will be held in Geneva on 12 June, the ministry said.' },
    { text: 'Both sides will meet again.', evidence: 'Both sides agreed to meet again soon.' },
  ],
};

interface Sent {
  instance: string;
  chatId: number;
  html: string;
  buttons: ChatButton[][];
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

/** Every article digests to `digest` (its next steps carry the dates). */
const digestService: DigestService = {
  digest: async () => ({ digest, cached: false }),
  peek: async () => undefined,
  read: async () => {
    throw new Error('not used');
  },
};

/** One bot instance: its own services on a shared store, sending into one list. */
function instance(name: string, store: Store, clock: { now: number }, sent: Sent[], cap = 20): { reminders: ReminderService; delivery: DeliveryService } {
  const now = () => clock.now;
  const chat: ChatSender = {
    async sendHtml(chatId, html, options) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sent.push({ instance: name, chatId, html, buttons: options?.buttons ?? [] });
    },
  };
  const reminders = createReminderService({ reminders: store.reminders, repo: store.subscriptions, now, presetFeedIds: async () => [], cap, logger: silent });
  const delivery = createDeliveryService({
    repo: store.subscriptions,
    digestService,
    chat,
    now,
    defaultLanguage: 'en',
    presetFeedIds: async () => [],
    logger: silent,
    owner: name,
    reminders: { ...reminders, buttons: reminderButtons },
  });
  cleanups.push(() => delivery.stop());
  return { reminders, delivery };
}

async function twins(backend: StoreBackend): Promise<[Store, Store]> {
  const stores = await backend.openTwins({ defaultTimeZone: 'Asia/Jakarta' });
  cleanups.unshift(async () => {
    for (const store of stores) await store.close();
  });
  return stores;
}

/** Presses the digest's one Remind-me button in `chatId`. */
async function pressRemindMe(reminders: ReminderService, chatId = CHAT) {
  const offers = await reminders.offers(chatId, digest);
  const [row] = reminderButtons(offers, 'en');
  expect(row?.[0]?.data).toMatch(/^rem:/);
  return reminders.remind(chatId, (row?.[0]?.data as string).slice(4));
}

describeEachBackend('Next-step reminders', (backend) => {
  it('offers one Remind-me button for the dated next step and none for the vague one, within 64 bytes', async () => {
    const [store] = await twins(backend);
    const { reminders } = instance('a', store, { now: READ_AT }, []);
    const offers = await reminders.offers(CHAT, digest);
    expect(offers.map((o) => [o.step, o.due.date])).toEqual([['The next round of talks will be held in Geneva.', '2026-06-12']]);
    const buttons = reminderButtons(offers, 'en');
    expect(buttons).toHaveLength(1);
    expect(buttons[0]![0]!.text).toBe('⏰ Remind me · 12 June 2026');
    expect(Buffer.byteLength(buttons[0]![0]!.data)).toBeLessThanOrEqual(64);
    expect(await reminders.offers(CHAT, { ...digest, nextSteps: [digest.nextSteps[1]!] })).toEqual([]);
  });

  it('saves the candidates of one digest object once per zone and day (a warm digest writes nothing)', async () => {
    const [store] = await twins(backend);
    let saves = 0;
    const counted = { ...store.reminders, saveCandidate: (...args: Parameters<Store['reminders']['saveCandidate']>) => ((saves += 1), store.reminders.saveCandidate(...args)) };
    const reminders = createReminderService({ reminders: counted, repo: store.subscriptions, now: () => READ_AT, presetFeedIds: async () => [], cap: 20, logger: silent });
    const first = await reminders.offers(CHAT, digest);
    expect(await reminders.offers(CHAT + 1, digest)).toEqual(first);
    expect(saves).toBe(1);
    await store.subscriptions.updateDeliverySettings(CHAT + 2, { timeZone: 'America/New_York' });
    await reminders.offers(CHAT + 2, digest);
    expect(saves).toBe(2);
  });

  it('delivers a reminder once, at 09:00 of its day in the chat zone, with two instances and across a restart', async () => {
    const [storeA, storeB] = await twins(backend);
    const clock = { now: READ_AT };
    const sent: Sent[] = [];
    const a = instance('a', storeA, clock, sent);
    const b = instance('b', storeB, clock, sent);
    expect((await pressRemindMe(a.reminders)).outcome).toBe('added');
    expect((await pressRemindMe(b.reminders)).outcome).toBe('exists');

    clock.now = Date.parse('2026-06-12T01:59:00Z'); // 08:59 in Jakarta
    await Promise.all([a.delivery.tick(), b.delivery.tick()]);
    expect(sent).toEqual([]);

    // Instance a goes down; a restarted a (new services, nothing in memory) and b tick at 09:00 together.
    await a.delivery.stop();
    const restarted = instance('a2', storeA, clock, sent);
    clock.now = Date.parse('2026-06-12T02:00:00Z');
    await Promise.all([restarted.delivery.tick(), b.delivery.tick(), restarted.delivery.tick()]);
    expect(sent).toHaveLength(1);
    const [message] = sent;
    expect(message!.chatId).toBe(CHAT);
    expect(message!.html).toContain('⏰ <b>Reminder</b> · 12 June 2026');
    expect(message!.html).toContain('The next round of talks will be held in Geneva.');
    expect(message!.html).toContain('“The next round of talks will be held in Geneva on 12 June, the ministry said.”');
    expect(message!.html).toContain('<a href="https://news.example/talks">Talks to resume in Geneva</a>');
    expect(message!.html).toContain('<i>Nothing reported yet.</i>');

    clock.now += 3_600_000;
    await Promise.all([restarted.delivery.tick(), b.delivery.tick()]);
    expect(sent).toHaveLength(1);
    expect(await storeB.reminders.pendingOf(CHAT)).toEqual([]);
  });

  it('waits for the end of quiet hours and lists what the sources reported on the story since, in the chat language', async () => {
    const [store] = await twins(backend);
    const clock = { now: READ_AT };
    const sent: Sent[] = [];
    const repo = store.subscriptions;
    const feed = await repo.upsertFeed('https://news.example/rss', { title: 'News', language: 'en' }, 0);
    await repo.subscribe(CHAT, feed.id, READ_AT);
    const item = (identity: string, title: string, firstSeenAt: number) => ({
      identity, url: `https://news.example/${identity}`, title, summary: null, publishedAt: null, language: 'en', storyId: 'story-geneva', firstSeenAt,
    });
    await repo.addItems(feed.id, [item('talks', 'Talks to resume in Geneva', READ_AT - 1_000)], { routed: true });
    await repo.updateDeliverySettings(CHAT, { quiet: { start: '22:00', end: '10:30' }, language: 'id' });
    const { reminders, delivery } = instance('a', store, clock, sent);
    expect((await pressRemindMe(reminders)).reminder?.candidate.storyId).toBe('story-geneva');
    await repo.addItems(feed.id, [item('delegations', 'Delegations arrive in Geneva', Date.parse('2026-06-11T00:00:00Z'))], { routed: true });

    clock.now = Date.parse('2026-06-12T02:00:00Z'); // 09:00, quiet until 10:30
    await delivery.tick();
    expect(sent).toEqual([]);
    clock.now = Date.parse('2026-06-12T03:30:00Z'); // 10:30
    await delivery.tick();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.html).toContain('⏰ <b>Pengingat</b> · 12 Juni 2026');
    expect(sent[0]!.html).toContain('<b>Diberitakan sejak itu:</b>\n• <a href="https://news.example/delegations">Delegations arrive in Geneva</a>');
    expect(sent[0]!.html).not.toContain('Belum ada laporan');
  });

  it('puts the Remind-me button under a delivered story digest, and a press from it is delivered on the day', async () => {
    const [store] = await twins(backend);
    const clock = { now: READ_AT };
    const sent: Sent[] = [];
    const repo = store.subscriptions;
    const { reminders, delivery } = instance('a', store, clock, sent);
    const feed = await repo.upsertFeed('https://news.example/rss', { title: 'News', language: 'en' }, 0);
    await repo.subscribe(CHAT, feed.id, READ_AT);
    const items = await repo.addItems(feed.id, [{
      identity: 'talks', url: 'https://news.example/talks', title: 'Talks to resume in Geneva', summary: null, publishedAt: null, language: 'en', storyId: 'story-geneva', firstSeenAt: READ_AT,
    }]);
    await delivery.handleNewItems(feed, items);
    await delivery.tick();
    expect(sent).toHaveLength(1);
    const remind = sent[0]!.buttons.flat().filter((button) => button.data.startsWith('rem:'));
    expect(remind.map((button) => button.text)).toEqual(['⏰ Remind me · 12 June 2026']);

    expect((await reminders.remind(CHAT, remind[0]!.data.slice(4))).reminder?.candidate).toMatchObject({ storyId: 'story-geneva', since: READ_AT });
    clock.now = Date.parse('2026-06-12T02:00:00Z');
    await delivery.tick();
    expect(sent.map((message) => message.html.split('\n')[0])).toEqual([expect.any(String), '⏰ <b>Reminder</b> · 12 June 2026']);
  });

  it('sends nothing for a removed reminder and refuses a reminder over the cap', async () => {
    const [store] = await twins(backend);
    const clock = { now: READ_AT };
    const sent: Sent[] = [];
    const { reminders, delivery } = instance('a', store, clock, sent, 1);
    const set = await pressRemindMe(reminders);
    const other = { ...digest, nextSteps: [{ text: 'A summit follows.', evidence: 'A summit is planned for 20 June 2026.' }] };
    const [offer] = await reminders.offers(CHAT, other);
    expect((await reminders.remind(CHAT, offer!.key)).outcome).toBe('cap');
    expect(reminders.cap).toBe(1);

    expect(await reminders.remove(CHAT, set.reminder!.id)).toBe(true);
    expect(await reminders.list(CHAT)).toEqual([]);
    expect((await reminders.remind(CHAT, offer!.key)).outcome).toBe('added');
    clock.now = Date.parse('2026-06-12T02:00:00Z');
    await delivery.tick();
    expect(sent).toEqual([]);
    clock.now = Date.parse('2026-06-20T02:00:00Z');
    await delivery.tick();
    expect(sent.map((s) => s.html.split('\n')[0])).toEqual(['⏰ <b>Reminder</b> · 20 June 2026']);
  });

  it('does not send a reminder that came due while the bot was away for days, nor set one for a day gone by', async () => {
    const [store] = await twins(backend);
    const clock = { now: READ_AT };
    const sent: Sent[] = [];
    const { reminders, delivery } = instance('a', store, clock, sent);
    const [offer] = await reminders.offers(CHAT, digest);
    await reminders.remind(CHAT, offer!.key);
    clock.now = Date.parse('2026-06-20T02:00:00Z');
    await delivery.tick();
    expect(sent).toEqual([]);
    expect((await store.reminders.pendingDueBy('2026-12-31', 10))).toEqual([]);
    expect((await reminders.remind(CHAT + 1, offer!.key)).outcome).toBe('past');
  });
});

describe('the due day of a reminder', () => {
  it('is said as a day, a week or a month in either language', () => {
    expect(dueText({ date: '2026-06-08', precision: 'week', phrase: 'next week' }, 'en')).toBe('week of 8 June 2026');
    expect(dueText({ date: '2026-06-08', precision: 'week', phrase: 'pekan depan' }, 'id')).toBe('pekan mulai 8 Juni 2026');
    expect(dueText({ date: '2026-07-01', precision: 'month', phrase: 'in July' }, 'id')).toBe('Juli 2026');
    expect(dueText({ date: '2026-08-17', precision: 'day', phrase: 'pada 17 Agustus' }, 'id')).toBe('17 Agustus 2026');
  });

  it('comes at 09:00 in the chat zone, or when its quiet hours end', () => {
    expect(reminderTime('2026-06-12', { timeZone: 'Asia/Makassar', quiet: null }).toISOString()).toBe('2026-06-12T01:00:00.000Z');
    expect(reminderTime('2026-06-12', { timeZone: 'Asia/Jakarta', quiet: { start: '08:00', end: '09:30' } }).toISOString()).toBe('2026-06-12T02:30:00.000Z');
    expect(reminderTime('2026-06-12', { timeZone: 'Asia/Jakarta', quiet: { start: '22:00', end: '07:00' } }).toISOString()).toBe('2026-06-12T02:00:00.000Z');
  });
});
