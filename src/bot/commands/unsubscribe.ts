import type { Telegraf } from 'telegraf';
import { sameSubscriptionUrl as sameUrl } from '../../ingest/urls.js';
import { subscriptionTexts } from '../subscription-texts.js';
import { type CommandDeps, replyHtml } from './command-context.js';
import { numberedEntries, resolveTarget, type SubscriptionDeps } from './subscription-target.js';
import { presetFor } from './subscribe.js';

const ALL_WORDS = new Set(['all', 'semua']);
const TOPIC_WORDS = new Set(['topic', 'topik']);


/** `/unsubscribe <n|url|preset|topic words|all>` (admins only in groups). */
export function registerUnsubscribe(bot: Telegraf, deps: CommandDeps, subs: SubscriptionDeps): void {
  bot.command('unsubscribe', async (ctx) => {
    const target = await resolveTarget(deps, ctx, ctx.payload, true);
    if (!target) return;
    const texts = subscriptionTexts(target.language);
    const arg = target.rest.trim();
    if (arg === '') {
      replyHtml(deps, ctx, texts.unsubscribeUsage);
      return;
    }
    const entries = await numberedEntries(subs.repo, target.chatId);
    if (ALL_WORDS.has(arg.toLowerCase())) {
      const feeds = await subs.repo.unsubscribeAll(target.chatId);
      let topics = 0;
      for (const entry of entries) if (entry.kind === 'topic' && (await subs.repo.removeTopic(target.chatId, entry.id))) topics++;
      deps.logger.info({ updateId: ctx.update.update_id, chatId: target.chatId, feeds, topics }, 'unsubscribe all');
      replyHtml(deps, ctx, texts.unsubscribedAll(feeds + topics));
      return;
    }
    const words = arg.split(/\s+/);
    const topicArg = TOPIC_WORDS.has((words[0] ?? '').toLowerCase()) ? words.slice(1).join(' ') : arg;
    const presetUrl = presetFor(subs.presets, arg)?.url;
    const entry = /^\d+$/.test(arg)
      ? entries.find((e) => e.n === Number(arg))
      : entries.find(
          (e) =>
            (e.kind === 'feed' && e.url !== undefined && (sameUrl(e.url, arg) || (presetUrl !== undefined && sameUrl(e.url, presetUrl)))) ||
            (e.kind === 'topic' && e.label.toLowerCase() === topicArg.toLowerCase()),
        );
    if (!entry) {
      replyHtml(deps, ctx, texts.notSubscribed(arg));
      return;
    }
    const removed = entry.kind === 'feed' ? await subs.repo.unsubscribe(target.chatId, entry.id) : await subs.repo.removeTopic(target.chatId, entry.id);
    deps.logger.info({ updateId: ctx.update.update_id, chatId: target.chatId, kind: entry.kind, id: entry.id, removed }, 'unsubscribe');
    replyHtml(deps, ctx, removed ? texts.unsubscribed(entry.label) : texts.notSubscribed(arg));
  });
}
