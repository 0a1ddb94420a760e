/**
 * Send-queue figures without any network: N chats × M messages through the real queue, with a fake
 * Bot API call that records when each send happened. Run: npm run bench:send-queue [-- --chats 100 --per-chat 2]
 */
import { parseArgs } from 'node:util';
import { createSendQueue } from '../src/infra/send-queue.js';

const { values } = parseArgs({ options: { chats: { type: 'string', default: '100' }, 'per-chat': { type: 'string', default: '2' }, groups: { type: 'boolean', default: false } } });
const chats = Number(values.chats);
const perChat = Number(values['per-chat']);

const queue = createSendQueue();
const sends: Array<{ chat: number; at: number }> = [];
const started = performance.now();
await Promise.all(
  Array.from({ length: chats }, (_, index) => {
    const chat = values.groups ? -1000 - index : 1000 + index;
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
await queue.stop();

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

console.log(`send queue: ${chats} ${values.groups ? 'groups' : 'private chats'} × ${perChat} messages`);
console.log(`  messages sent           ${sends.length}`);
console.log(`  total time              ${elapsedSec.toFixed(2)} s`);
console.log(`  achieved rate           ${(sends.length / elapsedSec).toFixed(1)} msg/s (Telegram allows ~30/s)`);
console.log(`  max sends in any 1 s    ${maxInSecond} (must be ≤ 30)`);
console.log(`  min gap within a chat   ${Number.isFinite(minGap) ? `${minGap.toFixed(0)} ms` : 'n/a'} (must be ≥ 1000 ms)`);
