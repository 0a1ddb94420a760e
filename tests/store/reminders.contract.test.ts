import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Store } from '../../src/store/repositories.js';
import type { ReminderCandidate, ReminderRepository } from '../../src/subscriptions/reminders.js';
import { describeEachBackend } from './backends.js';

const CHAT = -1001234567890;

function candidate(date: string, step = `Talks resume on ${date}`): ReminderCandidate {
  return {
    step,
    evidence: `"The next round will be held on ${date}," the minister said.`,
    due: { date, precision: 'day', phrase: date },
    sourceUrl: 'https://news.example/talks',
    sourceTitle: 'Talks to resume',
    storyId: null,
    since: 1_000,
  };
}

describeEachBackend('Reminder repository contract', (backend) => {
  let store: Store;
  let repo: ReminderRepository;
  beforeEach(async () => {
    store = await backend.open({ now: () => 1_000 });
    repo = store.reminders;
  });
  afterEach(async () => {
    await store.close();
  });

  it('saves a candidate under a short stable key and reads it back; the first digest time is kept', async () => {
    const key = await repo.saveCandidate(candidate('2026-06-12'), 1_000);
    expect(key).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(await repo.saveCandidate({ ...candidate('2026-06-12'), since: 9_000 }, 9_000)).toBe(key);
    expect(await repo.getCandidate(key)).toEqual(candidate('2026-06-12'));
    expect(await repo.saveCandidate(candidate('2026-06-13'), 1_000)).not.toBe(key);
    expect(await repo.getCandidate('nope')).toBeUndefined();
    // A year and more later a save clears old candidates; a reminder still pending is kept.
    const pending = await repo.add(CHAT, key, candidate('2026-06-12'), 1_000, 20);
    const later = 1_000 + 401 * 86_400_000;
    await repo.saveCandidate(candidate('2027-07-01'), later);
    expect(await repo.getCandidate(key)).toBeUndefined();
    expect(await repo.get(pending.reminder!.id)).toBeDefined();
  });

  it('sets a reminder once per chat and candidate, counts only pending ones against the cap', async () => {
    const keys = await Promise.all(['2026-06-12', '2026-06-13', '2026-06-14'].map((d) => repo.saveCandidate(candidate(d), 1_000)));
    const first = await repo.add(CHAT, keys[0]!, candidate('2026-06-12'), 2_000, 2);
    expect(first.outcome).toBe('added');
    expect(first.reminder).toMatchObject({ chatId: CHAT, candidateKey: keys[0], status: 'pending', createdAt: 2_000 });
    expect((await repo.add(CHAT, keys[0]!, candidate('2026-06-12'), 2_000, 2)).outcome).toBe('exists');
    expect((await repo.add(CHAT, keys[1]!, candidate('2026-06-13'), 2_000, 2)).outcome).toBe('added');
    expect((await repo.add(CHAT, keys[2]!, candidate('2026-06-14'), 2_000, 2)).outcome).toBe('cap');
    // Another chat has its own cap.
    expect((await repo.add(42, keys[2]!, candidate('2026-06-14'), 2_000, 2)).outcome).toBe('added');
    // A queued (sent) reminder no longer counts.
    expect(await repo.setStatus(first.reminder!.id, 'queued')).toBe(true);
    expect(await repo.setStatus(first.reminder!.id, 'queued')).toBe(false);
    expect((await repo.add(CHAT, keys[2]!, candidate('2026-06-14'), 2_000, 2)).outcome).toBe('added');
    expect((await repo.pendingOf(CHAT)).map((r) => r.candidate.due.date)).toEqual(['2026-06-13', '2026-06-14']);
  });

  it('lists due reminders of every chat by date, and removes only a pending one of the same chat', async () => {
    const a = await repo.add(CHAT, 'k1', candidate('2026-06-14'), 2_000, 20);
    const b = await repo.add(42, 'k2', candidate('2026-06-12'), 2_000, 20);
    await repo.add(42, 'k3', candidate('2026-07-01'), 2_000, 20);
    expect((await repo.pendingDueBy('2026-06-30', 10)).map((r) => r.id)).toEqual([b.reminder!.id, a.reminder!.id]);
    expect(await repo.remove(42, a.reminder!.id)).toBe(false);
    expect(await repo.remove(CHAT, a.reminder!.id)).toBe(true);
    expect(await repo.remove(CHAT, a.reminder!.id)).toBe(false);
    expect(await repo.get(a.reminder!.id)).toBeUndefined();
    expect(await repo.get(b.reminder!.id)).toMatchObject({ chatId: 42, candidate: candidate('2026-06-12') });
  });

  it('moves a group\'s reminders to its supergroup with their ids, keeping the target\'s own copy of one both have', async () => {
    const kept = await repo.add(CHAT, 'k1', candidate('2026-06-12'), 2_000, 20);
    const both = await repo.add(CHAT, 'k2', candidate('2026-06-13'), 2_000, 20);
    const target = await repo.add(CHAT - 1, 'k2', candidate('2026-06-13'), 3_000, 20);
    await store.subscriptions.migrateChat(CHAT, CHAT - 1);
    expect(await repo.pendingOf(CHAT)).toEqual([]);
    expect((await repo.pendingOf(CHAT - 1)).map((r) => [r.id, r.candidateKey])).toEqual([[kept.reminder!.id, 'k1'], [target.reminder!.id, 'k2']]);
    expect(await repo.get(both.reminder!.id)).toBeUndefined();
  });

  it('takes a reminder delivery into the outbox once, and finds a story by its article URL', async () => {
    const subs = store.subscriptions;
    expect(await subs.createDelivery({ chatId: CHAT, kind: 'reminder', ref: '7', storyIds: [] }, 3_000)).toMatchObject({ kind: 'reminder', ref: '7' });
    expect(await subs.createDelivery({ chatId: CHAT, kind: 'reminder', ref: '7', storyIds: [] }, 3_000)).toBeUndefined();
    const feed = await subs.upsertFeed('https://news.example/rss', { title: 'News', language: 'en' }, 0);
    await subs.addItems(feed.id, [{
      identity: 'g1', url: 'https://news.example/talks', title: 'Talks', summary: null, publishedAt: null, language: 'en', storyId: 'story-9', firstSeenAt: 1_000,
    }]);
    expect(await repo.storyOfUrl('https://news.example/talks')).toBe('story-9');
    expect(await repo.storyOfUrl('https://news.example/other')).toBeNull();
  });
});
