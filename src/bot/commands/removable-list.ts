import type { Context, Telegraf } from 'telegraf';
import type { InlineKeyboardButton, User } from 'telegraf/types';
import { describeError } from '../../core/logger.js';
import type { Language } from '../../digest/schema.js';
import { answerButton, type CommandDeps, chatLanguage, topicOf } from './command-context.js';

/**
 * The pattern shared by /subscriptions, /reminders and /stories: a numbered list with a "✖ n" button
 * per row; a press is answered, refused to non-admins in groups, and the list is redrawn.
 */

const BUTTONS_PER_ROW = 5;

/** A list as sent: its message parts (each within Telegram's limit), the buttons going with the last. */
export interface RemovableList {
  parts: readonly string[];
  keyboard: InlineKeyboardButton[][];
}

/** "✖ n" buttons, {@link BUTTONS_PER_ROW} to a row. */
export function buttonRows(buttons: readonly InlineKeyboardButton[]): InlineKeyboardButton[][] {
  const keyboard: InlineKeyboardButton[][] = [];
  for (let i = 0; i < buttons.length; i += BUTTONS_PER_ROW) keyboard.push(buttons.slice(i, i + BUTTONS_PER_ROW));
  return keyboard;
}

/** The reply markup for a list: none when it has no buttons. */
const listMarkup = (keyboard: InlineKeyboardButton[][]) => (keyboard.length > 0 ? { inline_keyboard: keyboard } : undefined);

/** Sends the list's parts in order (in the forum topic, if any), the first replying to `replyTo`, the buttons on the last. */
async function sendList(deps: CommandDeps, chatId: number, list: RemovableList, where: { replyTo?: number; threadId?: number | undefined }): Promise<void> {
  for (const [index, part] of list.parts.entries()) {
    const last = index === list.parts.length - 1;
    await deps.outbound.sendHtml(chatId, part, {
      replyTo: index === 0 ? where.replyTo : undefined,
      threadId: where.threadId,
      keyboard: last ? listMarkup(list.keyboard) : undefined,
    });
  }
}

/** Answers a list command with the list, through the send queue in the background (job `<job>:<update id>`). */
export function replyWithList(
  deps: CommandDeps,
  ctx: { chat: { id: number }; message: { message_id: number }; update: { update_id: number } },
  job: string,
  list: RemovableList,
): void {
  const chatId = ctx.chat.id;
  const where = { replyTo: ctx.message.message_id, threadId: topicOf(ctx.message) };
  deps.jobs.background(`${job}:${ctx.update.update_id}`, () => sendList(deps, chatId, list, where));
}

/** Replaces the pressed list message; a failed edit (message too old, unchanged) is only logged as `what` failed. */
async function editList(deps: CommandDeps, message: { chat: { id: number }; message_id: number }, html: string, keyboard: InlineKeyboardButton[][], what: string): Promise<void> {
  await deps.outbound
    .editHtml(message.chat.id, message.message_id, html, { keyboard: listMarkup(keyboard) })
    .catch((error: unknown) => deps.logger.debug({ err: describeError(error) }, what));
}

/** A press of a list's button, the chat's language and the texts in it. */
export interface ListPress<P, T> {
  parsed: P;
  message: NonNullable<NonNullable<Context['callbackQuery']>['message']>;
  language: Language;
  texts: T;
}

/**
 * A button press this user may act on, or null once the press has been answered: with nothing when
 * the data or message is missing, with `adminOnly` when not allowed. By default, in groups only
 * admins change a list: each change is the whole group's.
 */
export async function listPress<P, T extends { adminOnly: string }>(
  deps: CommandDeps,
  ctx: Context,
  parse: (data: string) => P | null,
  textsFor: (language: Language) => T,
  allowed?: (parsed: P, message: ListPress<P, T>['message'], from: User) => Promise<boolean>,
): Promise<ListPress<P, T> | null> {
  const query = ctx.callbackQuery;
  const parsed = query && 'data' in query ? parse(query.data) : null;
  const message = query?.message;
  const language = await chatLanguage(deps, ctx);
  const texts = textsFor(language);
  if (!parsed || !message) return answerButton(deps, ctx).then(() => null);
  const may = allowed ? await allowed(parsed, message, query.from) : await deps.admin.canChangeSettings({ chat: message.chat, from: ctx.from });
  if (!may) return answerButton(deps, ctx, texts.adminOnly).then(() => null);
  return { parsed, message, language, texts };
}

/** How a list's remove button works: see {@link onRemoveButton}. */
export interface RemoveButton<P, T extends { adminOnly: string; listMoved?: string }> {
  /** The callback data the button carries, and how to read it. */
  data: RegExp;
  parse: (data: string) => P | null;
  texts: (language: Language) => T;
  /** Overrides the default check (admins only, in groups). */
  allowed?: (parsed: P, message: ListPress<P, T>['message'], from: User) => Promise<boolean>;
  /** Removes the row; returns the answer to the press. */
  remove: (pressed: ListPress<P, T>, updateId: number) => Promise<string>;
  /** The list as it is now: in parts, or one message. */
  render: (pressed: ListPress<P, T>) => Promise<RemovableList | { html: string; keyboard: InlineKeyboardButton[][] }>;
  /** Background job label (`<job>:<update id>`) and the debug line when the redraw fails. */
  job: string;
  redrawFailed: string;
}

/**
 * Registers a list's "✖ n" button: the press is checked ({@link listPress}), the row removed and the
 * press answered, then the list redrawn so the numbers and buttons match what is left. A list of one
 * message is edited in place; a longer one replaces the pressed message (and its stale buttons) with
 * `texts.listMoved` and comes again in full below it (a list whose texts have no `listMoved` is one message).
 */
export function onRemoveButton<P, T extends { adminOnly: string; listMoved?: string }>(bot: Telegraf, deps: CommandDeps, button: RemoveButton<P, T>): void {
  bot.action(button.data, async (ctx) => {
    const pressed = await listPress(deps, ctx, button.parse, button.texts, button.allowed);
    if (!pressed) return;
    await answerButton(deps, ctx, await button.remove(pressed, ctx.update.update_id));
    const drawn = await button.render(pressed);
    const list: RemovableList = 'parts' in drawn ? drawn : { parts: [drawn.html], keyboard: drawn.keyboard };
    const { message } = pressed;
    const single = list.parts.length === 1;
    const text = single ? (list.parts[0] as string) : (pressed.texts.listMoved ?? '');
    deps.jobs.background(`${button.job}:${ctx.update.update_id}`, async () => {
      await editList(deps, message, text, single ? list.keyboard : [], button.redrawFailed);
      if (!single) await sendList(deps, message.chat.id, list, { threadId: topicOf(message) });
    });
  });
}
