import { afterEach, describe, expect, it } from 'vitest';
import { menuFor } from '../../src/bot/commands-menu.js';
import { callbackUpdate, messageUpdate, type StoredMessage, testUsers } from '../support/fake-bot-api.js';
import { startTestKabar, type TestKabar } from '../support/bot-harness.js';

const GROUP = -100_7201;
const OTHER_GROUP = -100_7202;
const PRIVATE = 7203;

let kabar: TestKabar | undefined;
afterEach(async () => {
  await kabar?.close();
  kabar = undefined;
});

type Button = { text: string; callback_data: string };
const buttons = (message: StoredMessage): Button[] => ((message.replyMarkup as { inline_keyboard: Button[][] }).inline_keyboard ?? []).flat();
const buttonData = (message: StoredMessage, text: RegExp) => {
  const found = buttons(message).find((button) => text.test(button.text));
  if (!found) throw new Error(`no button ${text} in ${JSON.stringify(buttons(message).map((b) => b.text))}`);
  return found.callback_data;
};

/** Opens /settings in `chatId` as `from` and returns the menu message. */
async function openSettings(k: TestKabar, chatId: number, from = testUsers.admin): Promise<StoredMessage> {
  await k.settle(messageUpdate({ chatId, text: '/settings', from }));
  const menu = k.api.sentMessages(chatId).find((message) => message.replyMarkup !== undefined);
  if (!menu) throw new Error(`no settings menu in ${chatId}: ${JSON.stringify(k.api.sentTexts(chatId))}`);
  return menu;
}

/** Presses a button and waits for its answer (updates of one poll are handled concurrently) and the edit jobs. */
async function press(k: TestKabar, menu: StoredMessage, data: string, from = testUsers.admin, chatId = menu.chatId) {
  const update = callbackUpdate({ from, message: { chatId, messageId: menu.messageId }, data });
  await k.settle(update);
  await k.api.waitFor('answerCallbackQuery', (p) => p.callback_query_id === update.callback_query.id);
  await k.idle();
}

const answers = (k: TestKabar) => k.api.calls.filter((call) => call.method === 'answerCallbackQuery').map((call) => call.payload);

describe('/settings', () => {
  it('lets a group admin change the language, schedule and time zone with buttons, editing the same message each time', async () => {
    kabar = await startTestKabar();
    kabar.api.setChatMemberStatus(GROUP, testUsers.admin.id, 'administrator');
    const menu = await openSettings(kabar, GROUP);
    expect(menu.text).toMatch(/Settings for this chat[\s\S]*Digest language: auto[\s\S]*Group autosummary: off/);

    await press(kabar, menu, buttonData(menu, /^ID$/));
    expect((await kabar.store.chatSettings.get(GROUP)).language).toBe('id');
    await kabar.idle();
    const edited = kabar.api.sentMessages(GROUP).find((message) => message.messageId === menu.messageId) as StoredMessage;
    expect(edited.edits).toBe(1);
    // The menu now speaks Indonesian and marks the choice.
    expect(edited.text).toMatch(/Pengaturan obrolan ini[\s\S]*Bahasa ringkasan: Indonesia/);
    expect(buttons(edited).map((b) => b.text)).toContain('✓ ID');

    await press(kabar, edited, buttonData(edited, /Harian/));
    const picker = kabar.api.sentMessages(GROUP).find((message) => message.messageId === menu.messageId) as StoredMessage;
    await press(kabar, picker, buttonData(picker, /^07:00$/));
    expect((await kabar.store.subscriptions.getDeliverySettings(GROUP)).schedule).toEqual({ mode: 'slots', slots: ['07:00'] });

    const main = kabar.api.sentMessages(GROUP).find((message) => message.messageId === menu.messageId) as StoredMessage;
    await press(kabar, main, buttonData(main, /^WITA$/));
    await press(kabar, main, buttonData(main, /Ringkasan otomatis/));
    const settings = await kabar.store.subscriptions.getDeliverySettings(GROUP);
    expect(settings.timeZone).toBe('Asia/Makassar');
    expect((await kabar.store.chatSettings.get(GROUP)).autoSummary).toBe(true);
    // One message all along: every change was an edit of it.
    expect(kabar.api.sentMessages(GROUP)).toHaveLength(1);
  });

  it('answers a non-admin\'s press with an alert and changes nothing', async () => {
    kabar = await startTestKabar();
    kabar.api.setChatMemberStatus(GROUP, testUsers.admin.id, 'administrator');
    const menu = await openSettings(kabar, GROUP);
    await press(kabar, menu, buttonData(menu, /⏸/), testUsers.alice);
    expect(answers(kabar).at(-1)).toMatchObject({ show_alert: true, text: 'Only group admins can change this setting.' });
    expect((await kabar.store.subscriptions.getDeliverySettings(GROUP)).paused).toBe(false);
    expect(kabar.api.sentMessages(GROUP)[0]?.edits).toBe(0);
  });

  it('refuses a button whose data names another chat, even when an admin of both presses it', async () => {
    kabar = await startTestKabar();
    kabar.api.setChatMemberStatus(GROUP, testUsers.admin.id, 'administrator');
    kabar.api.setChatMemberStatus(OTHER_GROUP, testUsers.admin.id, 'administrator');
    const menu = await openSettings(kabar, GROUP);
    const forged = buttonData(menu, /⏸/).replace(String(GROUP), String(OTHER_GROUP));
    await press(kabar, menu, forged);
    expect(answers(kabar).at(-1)).toMatchObject({ show_alert: true, text: expect.stringMatching(/another chat/) });
    expect((await kabar.store.subscriptions.getDeliverySettings(GROUP)).paused).toBe(false);
    expect((await kabar.store.subscriptions.getDeliverySettings(OTHER_GROUP)).paused).toBe(false);
  });

  it('opens for anyone in a private chat, without the group-only autosummary row, and pauses deliveries', async () => {
    kabar = await startTestKabar();
    const menu = await openSettings(kabar, PRIVATE, testUsers.alice);
    expect(menu.text).not.toMatch(/autosummary/i);
    for (const button of buttons(menu)) expect(Buffer.byteLength(button.callback_data)).toBeLessThanOrEqual(64);
    await press(kabar, menu, buttonData(menu, /⏸/), testUsers.alice);
    await press(kabar, menu, buttonData(menu, /Twice daily/), testUsers.alice);
    await press(kabar, menu, buttonData(menu, /Quiet hours/), testUsers.alice);
    const settings = await kabar.store.subscriptions.getDeliverySettings(PRIVATE);
    expect(settings).toMatchObject({ paused: true, schedule: { mode: 'slots', slots: ['07:00', '19:00'] }, quiet: { start: '22:00', end: '06:00' } });
    await press(kabar, menu, buttonData(menu, /Other/), testUsers.alice);
    const current = kabar.api.sentMessages(PRIVATE).find((message) => message.messageId === menu.messageId) as StoredMessage;
    expect(current.text).toMatch(/Daily at 07:00 and 19:00[\s\S]*Quiet hours: 22:00–06:00[\s\S]*\/timezone Asia\/Singapore/);
    expect(buttons(current).map((b) => b.text)).toEqual(expect.arrayContaining(['▶ Resume deliveries', '✓ Twice daily', '✓ WIB']));
  });

  it('refuses /settings to a non-admin in a group, and the menu lists /settings in both languages', async () => {
    kabar = await startTestKabar();
    await kabar.settle(messageUpdate({ chatId: GROUP, text: '/settings', from: testUsers.alice }));
    expect(kabar.api.sentTexts(GROUP)).toEqual(['Only group admins can change this setting.']);
    expect(menuFor('en').find((entry) => entry.command === 'settings')?.description).toMatch(/Settings/);
    expect(menuFor('id').find((entry) => entry.command === 'settings')?.description).toMatch(/Pengaturan/);
  });
});
