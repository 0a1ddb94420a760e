import type { Context, Telegraf } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
import { describeError } from '../../core/logger.js';
import { cleanText, escapeHtml, labelsFor, shortenAtWord } from '../../digest/render/index.js';
import type { Digest, Language } from '../../digest/schema.js';
import { followButtons } from '../../subscriptions/delivery-follow-up.js';
import type { StoryRecord } from '../../subscriptions/story-repository.js';
import type { StoryService } from '../../subscriptions/story-service.js';
import { FOLLOW_DATA, followCallbackData, parseFollowCallbackData, UNFOLLOW_DATA } from '../jobs/callback-data.js';
import { answerButton, type CommandDeps, chatLanguage, topicOf } from './command-context.js';

const HEADLINE_CHARS = 140;

/** What the bot says about followed stories, in both languages. */
export function storyTexts(language: Language) {
  const en = language === 'en';
  return {
    followed: en ? 'Following this story: new reports of it come here with what is new. /stories lists them.' : 'Mengikuti berita ini: laporan barunya dikirim ke sini dengan apa yang baru. /stories menampilkan daftarnya.',
    already: en ? 'This chat already follows this story.' : 'Obrolan ini sudah mengikuti berita ini.',
    cap: (cap: number) => (en
      ? `This chat already follows ${cap} stories, the most it can. Stop following one with /stories first.`
      : `Obrolan ini sudah mengikuti ${cap} berita, batas maksimumnya. Berhenti mengikuti satu lewat /stories dulu.`),
    unknown: en ? 'This story has expired: nothing new was reported for a long time.' : 'Berita ini sudah kedaluwarsa: lama tidak ada laporan baru.',
    adminOnly: en ? 'Only group admins can follow or stop following stories here.' : 'Hanya admin grup yang bisa mengikuti atau berhenti mengikuti berita di sini.',
    unfollowed: en ? 'Stopped following.' : 'Berhenti mengikuti.',
    notFollowed: en ? 'Not followed any more.' : 'Sudah tidak diikuti.',
    empty: en
      ? 'No followed stories. Press “Follow this story” under a digest to get its follow-ups.'
      : 'Belum ada berita yang diikuti. Tekan “Ikuti berita ini” di bawah ringkasan untuk menerima kelanjutannya.',
    heading: en ? 'Stories this chat follows' : 'Berita yang diikuti obrolan ini',
  };
}

/** The /stories list with one "✖ n" (stop following) button per story. */
export function renderStoryList(list: readonly StoryRecord[], language: Language) {
  const texts = storyTexts(language);
  if (list.length === 0) return { html: escapeHtml(texts.empty), keyboard: [] as InlineKeyboardButton[][] };
  const lines = list.map((story, i) => `${i + 1}. ${escapeHtml(shortenAtWord(cleanText(story.headline), HEADLINE_CHARS))}`);
  const keyboard: InlineKeyboardButton[][] = list.flatMap((story, i) => {
    const data = followCallbackData(story.id, false);
    return data ? [[{ text: `✖ ${i + 1} · ${labelsFor(language).unfollowStory}`, callback_data: data }]] : [];
  });
  return { html: `<b>${escapeHtml(texts.heading)}</b>\n${lines.join('\n')}`, keyboard };
}

/** "Follow this story" under a bot digest (the runner's digestButtons): the story of the article's URL. */
export function digestFollowButtons(stories: Pick<StoryService, 'storyOfArticle'>) {
  return async (_chatId: number, digest: Digest, language: Language): Promise<InlineKeyboardButton[][]> => {
    const url = digest.source.url;
    if (!url) return [];
    const storyId = await stories.storyOfArticle({
      url, title: digest.headline, summary: digest.summary, language: digest.source.language, publishedAt: digest.source.publishedAt,
    });
    return followButtons(storyId, language).map((row) => row.map((b) => ({ text: b.text, callback_data: b.data })));
  };
}

type DigestButtons = (chatId: number, digest: Digest, language: Language) => Promise<InlineKeyboardButton[][]>;

/** Several digest-button sources as one, rows in order; one that fails costs only its own rows. */
export function combineDigestButtons(sources: readonly (DigestButtons | undefined)[]): DigestButtons {
  return async (chatId, digest, language) => {
    const rows = await Promise.all(sources.map((source) => (source ? source(chatId, digest, language).catch(() => []) : [])));
    return rows.flat();
  };
}

async function mayChange(deps: CommandDeps, ctx: Context, chat: { id: number; type: string }): Promise<boolean> {
  return deps.admin.canChangeSettings({ chat: chat as never, from: ctx.from });
}

/** /stories, Follow this story and the stop-following buttons. */
export function registerStories(bot: Telegraf, deps: CommandDeps, stories: StoryService & { cap: number }): void {
  bot.command('stories', async (ctx) => {
    const language = await chatLanguage(deps, ctx);
    const { html, keyboard } = renderStoryList(await stories.followed(ctx.chat.id), language);
    const chatId = ctx.chat.id;
    const where = { replyTo: ctx.message.message_id, threadId: topicOf(ctx.message) };
    deps.jobs.background(`stories:${ctx.update.update_id}`, async () => {
      await deps.outbound.sendHtml(chatId, html, { ...where, keyboard: keyboard.length > 0 ? { inline_keyboard: keyboard } : undefined });
    });
  });

  /** A Follow or Stop-following press this chat may act on, or null once the press has been answered. */
  async function press(ctx: Context) {
    const query = ctx.callbackQuery;
    const parsed = query && 'data' in query ? parseFollowCallbackData(query.data) : null;
    const message = query?.message;
    const language = await chatLanguage(deps, ctx);
    const texts = storyTexts(language);
    if (!parsed || !message) return answerButton(deps, ctx).then(() => null);
    if (!(await mayChange(deps, ctx, message.chat))) return answerButton(deps, ctx, texts.adminOnly).then(() => null);
    return { storyId: parsed.storyId, message, language, texts };
  }

  bot.action(FOLLOW_DATA, async (ctx) => {
    const pressed = await press(ctx);
    if (!pressed) return;
    const { storyId, message, texts } = pressed;
    const outcome = await stories.follow(message.chat.id, storyId, message.message_id);
    deps.logger.info({ updateId: ctx.update.update_id, chatId: message.chat.id, storyId, outcome }, 'follow story button');
    await answerButton(deps, ctx, { followed: texts.followed, already: texts.already, cap: texts.cap(stories.cap), unknown: texts.unknown }[outcome]);
  });

  bot.action(UNFOLLOW_DATA, async (ctx) => {
    const pressed = await press(ctx);
    if (!pressed) return;
    const { message, language, texts } = pressed;
    const parsed = { storyId: pressed.storyId };
    const removed = await stories.unfollow(message.chat.id, parsed.storyId);
    deps.logger.info({ updateId: ctx.update.update_id, chatId: message.chat.id, storyId: parsed.storyId, removed }, 'unfollow story button');
    await answerButton(deps, ctx, removed ? texts.unfollowed : texts.notFollowed);
    // Redraw the list so the numbers and buttons match what is left.
    const { html, keyboard } = renderStoryList(await stories.followed(message.chat.id), language);
    deps.jobs.background(`unfollow-edit:${ctx.update.update_id}`, async () => {
      await deps.outbound.editHtml(message.chat.id, message.message_id, html, { keyboard: keyboard.length > 0 ? { inline_keyboard: keyboard } : undefined })
        .catch((error: unknown) => deps.logger.debug({ err: describeError(error) }, 'story list redraw failed'));
    });
  });
}
