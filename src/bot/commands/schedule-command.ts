import type { Telegraf } from 'telegraf';
import { isAppError } from '../../errors/app-error.js';
import type { DeliverySettings } from '../../subscriptions/repositories.js';
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

type Texts = ReturnType<typeof subscriptionTexts>;
type Settings = DeliverySettings;
type Change = Partial<Pick<DeliverySettings, 'schedule' | 'timeZone' | 'quiet'>>;

/** One setting command: what it shows, how it reads its argument, and the line that confirms a change. */
interface SettingCommand {
  name: string;
  show(texts: Texts, settings: Settings): string;
  /** The change, or null when the argument does not parse (the usage line is sent). */
  parse(rest: string): Change | null;
  usage(texts: Texts, rest: string): string;
  confirm(texts: Texts, settings: Settings, change: Change): string;
  logLine: string;
}

/** null instead of an AppError for input that does not parse; anything else is a bug and is thrown. */
function parsed<T>(parse: () => T): T | null {
  try {
    return parse();
  } catch (error) {
    if (!isAppError(error)) throw error;
    return null;
  }
}

/** /schedule and /quiet: an argument parsed by the domain, confirmed with the setting's state line. */
function parsedSetting<K extends 'schedule' | 'quiet'>(
  name: string,
  key: K,
  parse: (rest: string) => DeliverySettings[K],
  state: (texts: Texts, value: DeliverySettings[K], timeZone: string) => string,
  usage: (texts: Texts) => string,
  logLine: string,
): SettingCommand {
  return {
    name,
    show: (texts, s) => `${state(texts, s[key], s.timeZone)}\n${usage(texts)}`,
    parse: (rest) => parsed(() => ({ [key]: parse(rest) }) as Change),
    usage,
    confirm: (texts, s, change) => state(texts, (change[key] as DeliverySettings[K] | undefined) ?? s[key], s.timeZone),
    logLine,
  };
}

const SETTING_COMMANDS: readonly SettingCommand[] = [
  parsedSetting('schedule', 'schedule', parseScheduleCommand, (texts, v, tz) => texts.scheduleState(v, tz), (texts) => texts.scheduleUsage, 'schedule set'),
  parsedSetting('quiet', 'quiet', parseQuietHours, (texts, v, tz) => texts.quietState(v, tz), (texts) => texts.quietUsage, 'quiet hours set'),
  {
    name: 'timezone',
    show: (texts, s) => `${texts.timeZoneState(s.timeZone)}\n${texts.timeZoneUsage('')}`,
    parse: (rest) => {
      const timeZone = timeZoneFromUser(rest);
      return timeZone ? { timeZone } : null;
    },
    usage: (texts, rest) => texts.timeZoneUsage(rest),
    confirm: (texts, s, change) => {
      const timeZone = change.timeZone ?? s.timeZone;
      const line = texts.timeZoneState(timeZone);
      return s.schedule.mode === 'slots' ? `${line} ${texts.scheduleState(s.schedule, timeZone)}` : line;
    },
    logLine: 'time zone set',
  },
];

/**
 * /schedule, /timezone, /quiet, /pause, /resume. Without arguments each shows the current setting
 * (anyone may look); changing it is admin-only in groups, and each change is confirmed in one line
 * with the effective setting.
 */
export function registerSchedule(bot: Telegraf, deps: CommandDeps, subs: SubscriptionDeps): void {
  const { repo } = subs;

  for (const command of SETTING_COMMANDS) {
    bot.command(command.name, async (ctx) => {
      const target = await resolveTarget(deps, ctx, ctx.payload, ctx.payload.trim() !== '');
      if (!target) return;
      const texts = subscriptionTexts(target.language);
      const settings = await repo.getDeliverySettings(target.chatId);
      if (target.rest === '') {
        replyHtml(deps, ctx, command.show(texts, settings));
        return;
      }
      const change = command.parse(target.rest);
      if (!change) {
        replyHtml(deps, ctx, command.usage(texts, target.rest));
        return;
      }
      await repo.updateDeliverySettings(target.chatId, change);
      deps.logger.info({ updateId: ctx.update.update_id, chatId: target.chatId, ...change }, command.logLine);
      replyHtml(deps, ctx, command.confirm(texts, settings, change));
    });
  }

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
