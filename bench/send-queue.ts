/**
 * Send-queue figures without any network: N chats × M messages through the real queue, with a fake
 * Bot API call that records when each send happened. Run: npm run bench:send-queue [-- --chats 100 --per-chat 2]
 * `--instances 2` runs two queues sharing their limits through Redis (TEST_REDIS_URL, default
 * redis://127.0.0.1:6379), as two bot instances do; the chats are dealt out between them.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { createSendQueue } from '../src/infra/send-queue.js';
import { createLimitBackend } from '../src/infra/shared-limits.js';

const { values } = parseArgs({
  options: {
    chats: { type: 'string', default: '100' },
    'per-chat': { type: 'string', default: '2' },
    groups: { type: 'boolean', default: false },
    instances: { type: 'string', default: '1' },
  },
});
const chats = Number(values.chats);
const perChat = Number(values['per-chat']);
const instances = Number(values.instances);
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const namespace = `kabar-bench-${randomUUID().slice(0, 8)}`;
const quiet = { warn: () => undefined, info: () => undefined };
const backends = instances > 1 ? await Promise.all(Array.from({ length: instances }, () => createLimitBackend({ redisUrl, logger: quiet, namespace }))) : [];
const queues = instances > 1 ? backends.map((limits) => createSendQueue({ limits })) : [createSendQueue()];

const sends: Array<{ chat: number; at: number }> = [];
const started = performance.now();
await Promise.all(
  Array.from({ length: chats }, (_, index) => {
    const chat = values.groups ? -1000 - index : 1000 + index;
    const queue = queues[index % queues.length] as (typeof queues)[number];
    return Promise.all(
      Array.from({ length: perChat }, () =>
        queue.run(chat, async () => {
          sends.push({ chat, at: performance.now() });
          // A Bot API round trip on a good connection.
          await new Promise((resolve) => setTimeout(resolve, 20));
        }),
      ),
    );
  }),
);
const elapsedSec = (performance.now() - started) / 1000;
await Promise.all(queues.map((queue) => queue.stop()));
await Promise.all(backends.map((limits) => limits.close()));
if (backends.length > 0) {
  const admin = new Redis(redisUrl);
  const keys = await admin.keys(`${namespace}:*`);
  if (keys.length > 0) await admin.del(...keys);
  admin.disconnect();
}

const times = sends.map((s) => s.at).sort((a, b) => a - b);
let maxInSecond = 0;
for (let i = 0, j = 0; i < times.length; i++) {
  while ((times[i] as number) - (times[j] as number) >= 1000) j++;
  maxInSecond = Math.max(maxInSecond, i - j + 1);
}
const byChat = new Map<number, number[]>();
for (const s of sends) byChat.set(s.chat, [...(byChat.get(s.chat) ?? []), s.at]);
let minGap = Number.POSITIVE_INFINITY;
for (const list of byChat.values()) for (let i = 1; i < list.length; i++) minGap = Math.min(minGap, (list[i] as number) - (list[i - 1] as number));

console.log(`send queue: ${chats} ${values.groups ? 'groups' : 'private chats'} × ${perChat} messages, ${instances > 1 ? `${instances} instances sharing Redis` : 'one instance'}`);
console.log(`  messages sent           ${sends.length}`);
console.log(`  total time              ${elapsedSec.toFixed(2)} s`);
console.log(`  achieved rate           ${(sends.length / elapsedSec).toFixed(1)} msg/s (Telegram allows ~30/s)`);
console.log(`  max sends in any 1 s    ${maxInSecond} (must be ≤ 30)`);
console.log(`  min gap within a chat   ${Number.isFinite(minGap) ? `${minGap.toFixed(0)} ms` : 'n/a'} (must be ≥ 1000 ms)`);
