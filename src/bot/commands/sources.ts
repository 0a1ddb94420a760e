import type { Telegraf } from 'telegraf';
import { subscriptionTexts } from '../subscription-texts.js';
import { type CommandDeps, chatLanguage, replyHtml } from './command-context.js';
import type { SubscriptionDeps } from './subscription-target.js';

/** /sources lists the curated catalogue (config/sources.json): id, name, language. Anyone may ask. */
export function registerSources(bot: Telegraf, deps: CommandDeps, subs: SubscriptionDeps): void {
  bot.command('sources', async (ctx) => {
    const texts = subscriptionTexts(await chatLanguage(deps, ctx));
    replyHtml(deps, ctx, subs.presets.length === 0 ? texts.noSources : texts.sources(subs.presets));
  });
}
