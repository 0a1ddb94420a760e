import type { Context, Telegraf } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
import { cleanText, escapeHtml, labelsFor, shortenAtWord } from '../../digest/render/index.js';
import type { Digest, Language } from '../../digest/schema.js';
import { followButtons } from '../../subscriptions/delivery-follow-up.js';
import type { StoryRecord } from '../../subscriptions/story-repository.js';
import type { StoryService } from '../../subscriptions/story-service.js';
import { FOLLOW_DATA, followCallbackData, parseFollowCallbackData, UNFOLLOW_DATA } from '../jobs/callback-data.js';
import { answerButton, type CommandDeps, chatLanguage } from './command-context.js';
import { inLanguage } from '../bilingual.js';
import { listPress, onRemoveButton, replyWithList } from './removable-list.js';

const HEADLINE_CHARS = 140;

/** What the bot says about followed stories, each text in English and Indonesian side by side. */
const STORY_TEXTS = {
  followed: {
    en: 'Following this story: new reports of it come here with what is new. /stories lists them.',
    id: 'Mengikuti berita ini: laporan barunya dikirim ke sini dengan apa yang baru. /stories menampilkan daftarnya.',
  },
  already: { en: 'This chat already follows this story.', id: 'Obrolan ini sudah mengikuti berita ini.' },
  cap: {
    en: (cap: number) => `This chat already follows ${cap} stories, the most it can. Stop following one with /stories first.`,
    id: (cap: number) => `Obrolan ini sudah mengikuti ${cap} berita, batas maksimumnya. Berhenti mengikuti satu lewat /stories dulu.`,
  },
  unknown: { en: 'This story has expired: nothing new was reported for a long time.', id: 'Berita ini sudah kedaluwarsa: lama tidak ada laporan baru.' },
  adminOnly: {
    en: 'Only group admins can follow or stop following stories here.',
    id: 'Hanya admin grup yang bisa mengikuti atau berhenti mengikuti berita di sini.',
  },
  // Answers to a Stop-following press.
  unfollowed: { en: 'Stopped following.', id: 'Berhenti mengikuti.' }, notFollowed: { en: 'Not followed any more.', id: 'Sudah tidak diikuti.' },
  empty: {
    en: 'No followed stories. Press “Follow this story” under a digest to get its follow-ups.',
    id: 'Belum ada berita yang diikuti. Tekan “Ikuti berita ini” di bawah ringkasan untuk menerima kelanjutannya.',
  },
  heading: { en: 'Stories this chat follows', id: 'Berita yang diikuti obrolan ini' },
};

/** What the bot says about followed stories, in one language. */
export function storyTexts(language: Language) {
  return inLanguage(STORY_TEXTS, language);
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

/** /stories, Follow this story and the stop-following buttons. */
export function registerStories(bot: Telegraf, deps: CommandDeps, stories: StoryService & { cap: number }): void {
  bot.command('stories', async (ctx) => {
    const language = await chatLanguage(deps, ctx);
    const { html, keyboard } = renderStoryList(await stories.followed(ctx.chat.id), language);
    replyWithList(deps, ctx, 'stories', { parts: [html], keyboard });
  });

  /** A Follow or Stop-following press this chat may act on (in groups, admins only), or null once answered. */
  const press = (ctx: Context) => listPress(deps, ctx, parseFollowCallbackData, storyTexts);

  bot.action(FOLLOW_DATA, async (ctx) => {
    const pressed = await press(ctx);
    if (!pressed) return;
    const { parsed: { storyId }, message, texts } = pressed;
    const outcome = await stories.follow(message.chat.id, storyId, message.message_id);
    deps.logger.info({ updateId: ctx.update.update_id, chatId: message.chat.id, storyId, outcome }, 'follow story button');
    await answerButton(deps, ctx, { followed: texts.followed, already: texts.already, cap: texts.cap(stories.cap), unknown: texts.unknown }[outcome]);
  });

  onRemoveButton(bot, deps, {
    data: UNFOLLOW_DATA,
    parse: parseFollowCallbackData,
    texts: storyTexts,
    remove: async ({ parsed: { storyId }, message, texts }, updateId) => {
      const removed = await stories.unfollow(message.chat.id, storyId);
      deps.logger.info({ updateId, chatId: message.chat.id, storyId, removed }, 'unfollow story button');
      return removed ? texts.unfollowed : texts.notFollowed;
    },
    render: async ({ message, language }) => renderStoryList(await stories.followed(message.chat.id), language),
    job: 'unfollow-edit', redrawFailed: 'story list redraw failed',
  });
}
