import type { Context, Telegraf } from 'telegraf';
import { describeError } from '../../core/logger.js';
import type { Language } from '../../digest/schema.js';
import type { DeliverySettings } from '../../subscriptions/repositories.js';
import { botTexts } from '../bot-texts.js';
import { parseSettingsCallbackData, type SettingsAction, SETTINGS_DATA } from '../jobs/callback-data.js';
import { type CommandDeps, answerButton, chatLanguage, isGroup, replyHtml, topicOf } from './command-context.js';
import { settingsTexts } from './settings-texts.js';
import { DEFAULT_QUIET, renderSettings, type SettingsScreen, TWICE_DAILY, ZONE_BUTTONS } from './settings-view.js';

type DeliveryChange = Partial<Omit<DeliverySettings, 'chatId'>>;

/** What a button changes; null for buttons that only switch screens. */
type Change = { language: Language | null } | { autoSummary: boolean } | { delivery: DeliveryChange } | null;

function changeFor(action: SettingsAction): Change {
  if (action.startsWith('at-')) return { delivery: { schedule: { mode: 'slots', slots: [`${action.slice(3, 5)}:${action.slice(5, 7)}`] } } };
  const zone = ZONE_BUTTONS.find(([, , zoneAction]) => zoneAction === action);
  if (zone) return { delivery: { timeZone: zone[1] } };
  switch (action) {
    case 'lang-en':
      return { language: 'en' };
    case 'lang-id':
      return { language: 'id' };
    case 'lang-auto':
      return { language: null };
    case 'auto-on':
    case 'auto-off':
      return { autoSummary: action === 'auto-on' };
    case 'instant':
      return { delivery: { schedule: { mode: 'instant' } } };
    case 'twice':
      return { delivery: { schedule: { mode: 'slots', slots: [...TWICE_DAILY] } } };
    case 'quiet-on':
      return { delivery: { quiet: { ...DEFAULT_QUIET } } };
    case 'quiet-off':
      return { delivery: { quiet: null } };
    case 'pause':
    case 'resume':
      return { delivery: { paused: action === 'pause' } };
    default:
      return null;
  }
}

const screenFor = (action: SettingsAction): SettingsScreen => (action === 'daily' ? 'daily' : action === 'tz-other' ? 'tz-other' : 'main');

async function applyChange(deps: CommandDeps, chatId: number, change: Change): Promise<void> {
  if (change === null) return;
  if ('language' in change) {
    // As /lang: subscription digests follow the chat's language too.
    await deps.store.chatSettings.setLanguage(chatId, change.language);
    await deps.store.subscriptions.updateDeliverySettings(chatId, { language: change.language });
  } else if ('autoSummary' in change) await deps.store.chatSettings.setAutoSummary(chatId, change.autoSummary);
  else await deps.store.subscriptions.updateDeliverySettings(chatId, change.delivery);
}

async function menuFor(deps: CommandDeps, ctx: Context, chatId: number, screen: SettingsScreen) {
  const [chat, delivery, language] = await Promise.all([deps.store.chatSettings.get(chatId), deps.store.subscriptions.getDeliverySettings(chatId), chatLanguage(deps, ctx)]);
  return renderSettings({ chatId, group: isGroup(ctx), language, chat, delivery }, screen);
}

/** An alert the presser must read (a plain answer is a toast that is easy to miss). */
const alert = (deps: CommandDeps, ctx: Context, text: string) =>
  ctx.answerCbQuery(text, { show_alert: true }).catch((error: unknown) => deps.logger.warn({ updateId: ctx.update.update_id, err: describeError(error) }, 'answerCallbackQuery failed'));

/**
 * /settings: one message whose buttons change the chat's settings and redraw it in place. Admin-only in groups,
 * anonymous admins included, for the command and for every press; the commands (/lang, /schedule…) keep working.
 */
export function registerSettings(bot: Telegraf, deps: CommandDeps): void {
  bot.command('settings', async (ctx) => {
    if (isGroup(ctx) && !(await deps.admin.canChangeSettings(ctx.message))) {
      replyHtml(deps, ctx, botTexts(await chatLanguage(deps, ctx)).adminOnly);
      return;
    }
    const { html, keyboard } = await menuFor(deps, ctx, ctx.chat.id, 'main');
    const threadId = topicOf(ctx.message);
    deps.jobs.background(`settings:${ctx.update.update_id}`, async () => {
      await deps.outbound.sendHtml(ctx.chat.id, html, { replyTo: ctx.message.message_id, threadId, keyboard });
    });
  });

  bot.action(SETTINGS_DATA, async (ctx) => {
    const query = ctx.callbackQuery;
    const parsed = 'data' in query ? parseSettingsCallbackData(query.data) : null;
    const message = query.message;
    if (!parsed || !message) return answerButton(deps, ctx);
    const chatId = message.chat.id;
    const language = await chatLanguage(deps, ctx);
    if (parsed.chatId !== chatId) {
      deps.logger.warn({ updateId: ctx.update.update_id, chatId, dataChatId: parsed.chatId, fromId: ctx.from?.id }, 'settings button for another chat refused');
      return alert(deps, ctx, settingsTexts(language).foreignButton);
    }
    if (!(await deps.admin.canChangeSettings({ chat: message.chat, from: ctx.from }))) return alert(deps, ctx, botTexts(language).adminOnly);
    const change = changeFor(parsed.action);
    await applyChange(deps, chatId, change);
    if (change !== null) deps.logger.info({ updateId: ctx.update.update_id, chatId, action: parsed.action }, 'setting changed from /settings');
    const { html, keyboard } = await menuFor(deps, ctx, chatId, screenFor(parsed.action));
    deps.jobs.background(`settings-edit:${ctx.update.update_id}`, async () => {
      await deps.outbound.editHtml(chatId, message.message_id, html, { keyboard });
    });
    await answerButton(deps, ctx, change !== null ? settingsTexts(await chatLanguage(deps, ctx)).saved : undefined);
  });
}
