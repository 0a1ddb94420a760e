import type { Telegraf } from 'telegraf';
import { isAppError } from '../../errors/app-error.js';
import { normalizeTimeZone, parseQuietHours, parseScheduleCommand } from '../../subscriptions/schedule.js';
import { subscriptionTexts } from '../subscription-texts.js';
import { type CommandDeps, replyHtml } from './command-context.js';
import { resolveTarget, type SubscriptionDeps } from './subscription-target.js';

/** Indonesia's three zones as people say them; Telegram users type these far more often than IANA names. */
const ZONE_SHORTCUTS: Record<string, string> = {
  wib: 'Asia/Jakarta',
  wita: 'Asia/Makassar',
  wit: 'Asia/Jayapura',
  gmt: 'UTC',
};

/** "WIB" → Asia/Jakarta, "asia/jakarta" → Asia/Jakarta; null when unknown. */
export function timeZoneFromUser(input: string): string | null {
  const word = input.trim();
  if (word === '') return null;
  return ZONE_SHORTCUTS[word.toLowerCase()] ?? normalizeTimeZone(word);
}

/**
 * /schedule, /timezone, /quiet, /pause, /resume. Without arguments each shows the current setting
 * (anyone may look); changing it is admin-only in groups, and each change is confirmed in one line
 * with the effective setting.
 */
export function registerSchedule(bot: Telegraf, deps: CommandDeps, subs: SubscriptionDeps): void {
  const { repo } = subs;

  bot.command('schedule', async (ctx) => {
    const target = await resolveTarget(deps, ctx, ctx.payload, ctx.payload.trim() !== '');
    if (!target) return;
    const texts = subscriptionTexts(target.language);
    const settings = await repo.getDeliverySettings(target.chatId);
    if (target.rest === '') {
      replyHtml(deps, ctx, `${texts.scheduleState(settings.schedule, settings.timeZone)}\n${texts.scheduleUsage}`);
      return;
    }
    let schedule;
    try {
      schedule = parseScheduleCommand(target.rest);
    } catch (error) {
      if (!isAppError(error)) throw error;
      replyHtml(deps, ctx, texts.scheduleUsage);
      return;
    }
    await repo.updateDeliverySettings(target.chatId, { schedule });
    deps.logger.info({ updateId: ctx.update.update_id, chatId: target.chatId, schedule }, 'schedule set');
    replyHtml(deps, ctx, texts.scheduleState(schedule, settings.timeZone));
  });

  bot.command('timezone', async (ctx) => {
    const target = await resolveTarget(deps, ctx, ctx.payload, ctx.payload.trim() !== '');
    if (!target) return;
    const texts = subscriptionTexts(target.language);
    const settings = await repo.getDeliverySettings(target.chatId);
    if (target.rest === '') {
      replyHtml(deps, ctx, `${texts.timeZoneState(settings.timeZone)}\n${texts.timeZoneUsage('')}`);
      return;
    }
    const timeZone = timeZoneFromUser(target.rest);
    if (!timeZone) {
      replyHtml(deps, ctx, texts.timeZoneUsage(target.rest));
      return;
    }
    await repo.updateDeliverySettings(target.chatId, { timeZone });
    deps.logger.info({ updateId: ctx.update.update_id, chatId: target.chatId, timeZone }, 'time zone set');
    const line = texts.timeZoneState(timeZone);
    replyHtml(deps, ctx, settings.schedule.mode === 'slots' ? `${line} ${texts.scheduleState(settings.schedule, timeZone)}` : line);
  });

  bot.command('quiet', async (ctx) => {
    const target = await resolveTarget(deps, ctx, ctx.payload, ctx.payload.trim() !== '');
    if (!target) return;
    const texts = subscriptionTexts(target.language);
    const settings = await repo.getDeliverySettings(target.chatId);
    if (target.rest === '') {
      replyHtml(deps, ctx, `${texts.quietState(settings.quiet, settings.timeZone)}\n${texts.quietUsage}`);
      return;
    }
    let quiet;
    try {
      quiet = parseQuietHours(target.rest);
    } catch (error) {
      if (!isAppError(error)) throw error;
      replyHtml(deps, ctx, texts.quietUsage);
      return;
    }
    await repo.updateDeliverySettings(target.chatId, { quiet });
    deps.logger.info({ updateId: ctx.update.update_id, chatId: target.chatId, quiet }, 'quiet hours set');
    replyHtml(deps, ctx, texts.quietState(quiet, settings.timeZone));
  });

  for (const [command, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const) {
    bot.command(command, async (ctx) => {
      const target = await resolveTarget(deps, ctx, ctx.payload, true);
      if (!target) return;
      const texts = subscriptionTexts(target.language);
      await repo.updateDeliverySettings(target.chatId, { paused });
      deps.logger.info({ updateId: ctx.update.update_id, chatId: target.chatId, paused }, paused ? 'deliveries paused' : 'deliveries resumed');
      replyHtml(deps, ctx, paused ? texts.paused : texts.resumed);
    });
  }
}
