import { afterEach, describe, expect, it } from 'vitest';
import { parseJobPayload } from '../../src/bot/jobs/job-schema.js';
import { findInput, toDigestInput } from '../../src/bot/message-input.js';
import { longStatementPdf } from '../fixtures/documents/generate.js';
import { buildDocx } from '../support/docx-builder.js';
import { callbackUpdate, messageUpdate, testUsers } from '../support/fake-bot-api.js';
import { startTestKabar, type TestKabar } from '../support/bot-harness.js';

const PRIVATE = 6101;
const GROUP = -100_6102;

let kabar: TestKabar | undefined;
afterEach(async () => {
  await kabar?.close();
  kabar = undefined;
});

const count = (k: TestKabar, method: string) => k.api.calls.filter((call) => call.method === method).length;
const buttonOf = (message: { replyMarkup: unknown }): string | undefined => (message.replyMarkup as any)?.inline_keyboard?.[0]?.[0]?.text;

describe('documents sent to the bot', () => {
  it('digests an uploaded PDF through getFile and the file URL, then serves the same file from the cache without downloading it again', async () => {
    kabar = await startTestKabar();
    const document = kabar.api.addFile({ bytes: await longStatementPdf(2), fileName: 'joint-statement.pdf', mimeType: 'application/pdf' });
    const upload = messageUpdate({ chatId: PRIVATE, extra: { document } });
    await kabar.settle(upload);

    const digest = await kabar.digestIn(PRIVATE);
    expect(digest.text).toMatch(/maritime security|joint commission|Joint Statement/i);
    expect(buttonOf(digest)).toBe('🇮🇩 Bahasa Indonesia');
    expect(count(kabar, 'getFile')).toBe(1);
    expect(kabar.api.calls.filter((call) => call.method === 'downloadFile' && call.ok)).toHaveLength(1);
    const first = kabar.api.calls.find((call) => call.method === 'sendMessage' && call.payload.chat_id === PRIVATE);
    expect(first?.payload.reply_parameters?.message_id).toBe(upload.message.message_id);

    // Forwarded again (same file_unique_id): answered at once from the cache, no placeholder, no download.
    const sendsBefore = count(kabar, 'sendMessage');
    const callsBefore = kabar.api.calls.length;
    await kabar.settle(messageUpdate({ chatId: PRIVATE, extra: { document } }));
    await kabar.api.waitFor('sendMessage', (p) => p.chat_id === PRIVATE, 10_000, callsBefore);
    expect(kabar.api.sentTexts(PRIVATE).at(-1)).toBe(digest.text);
    expect(count(kabar, 'sendMessage') - sendsBefore).toBe(2); // the cached digest and the /help marker
    expect(count(kabar, 'getFile')).toBe(1);
    expect(count(kabar, 'downloadFile')).toBe(1);

    // The language button keeps only the file's reference: the Indonesian digest downloads the file again.
    const data = (digest.replyMarkup as any).inline_keyboard[0][0].callback_data as string;
    kabar.api.pushUpdate(callbackUpdate({ message: { chatId: PRIVATE, messageId: digest.messageId }, data }));
    await kabar.api.waitFor('editMessageText', (p) => p.chat_id === PRIVATE && p.message_id === digest.messageId && p.reply_markup?.inline_keyboard?.[0]?.[0]?.text === '🇬🇧 English');
    expect(count(kabar, 'downloadFile')).toBe(2);
  });

  it('digests an uploaded Word document (.docx) in Indonesian for an Indonesian user', async () => {
    kabar = await startTestKabar();
    const bytes = await buildDocx({
      blocks: [
        { text: 'Indonesia dan Malaysia Sepakati Patroli Bersama di Selat Malaka', style: 'Title' },
        'Jakarta, 6 Mei 2025 — Menteri Luar Negeri Sugiono dan Menteri Luar Negeri Malaysia Mohamad Hasan menandatangani nota kesepahaman tentang kerja sama keamanan maritim di Jakarta pada hari Selasa.',
        'Kedua menteri membahas patroli bersama di Selat Malaka dan meminta pejabat kedua negara menyiapkan laporan tentang insiden di laut dalam tiga bulan.',
        'Kedua negara juga sepakat memperkuat perlindungan pekerja migran dan akan bertemu kembali di Kuala Lumpur sebelum akhir tahun.',
      ],
    });
    const document = kabar.api.addFile({ bytes, fileName: 'siaran-pers.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    await kabar.settle(messageUpdate({ chatId: PRIVATE, from: testUsers.budi, extra: { document } }));
    const digest = await kabar.digestIn(PRIVATE);
    expect(digest.text).toMatch(/Patroli Bersama|Selat Malaka|nota kesepahaman/);
    expect(buttonOf(digest)).toBe('🇬🇧 English');
    expect(kabar.api.calls.filter((call) => call.method === 'downloadFile' && call.ok)).toHaveLength(1);
  });

  it('refuses an old .doc upload before any download, naming .docx among the supported files', async () => {
    kabar = await startTestKabar();
    const document = kabar.api.addFile({ bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]), fileName: 'nota.doc', mimeType: 'application/msword' });
    await kabar.settle(messageUpdate({ chatId: PRIVATE, extra: { document } }));
    await kabar.api.waitFor('sendMessage', (p) => p.chat_id === PRIVATE);
    expect(kabar.api.sentTexts(PRIVATE)).toEqual([expect.stringMatching(/nota\.doc.*PDF, \.docx, \.txt/)]);
    expect(count(kabar, 'getFile')).toBe(0);
  });

  it('refuses a 21 MB upload in one line naming the Bot API limit, before any getFile or download', async () => {
    kabar = await startTestKabar();
    const document = kabar.api.addFile({ bytes: new Uint8Array([0x25, 0x50, 0x44, 0x46]), fileName: 'annual-report.pdf', mimeType: 'application/pdf', size: 21 * 1024 * 1024 });
    await kabar.settle(messageUpdate({ chatId: PRIVATE, extra: { document } }));
    await kabar.api.waitFor('sendMessage', (p) => p.chat_id === PRIVATE);
    const replies = kabar.api.sentTexts(PRIVATE);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(/21\.0 MB.*at most 20 MB/);
    expect(count(kabar, 'getFile')).toBe(0);
    expect(count(kabar, 'downloadFile')).toBe(0);
  });

  it('answers an unsupported file type with one line naming the supported ones, in Indonesian for an Indonesian user', async () => {
    kabar = await startTestKabar();
    const document = kabar.api.addFile({ bytes: new Uint8Array([0x50, 0x4b, 3, 4]), fileName: 'foto-kunjungan.zip', mimeType: 'application/zip' });
    await kabar.settle(messageUpdate({ chatId: PRIVATE, from: testUsers.budi, extra: { document } }));
    await kabar.api.waitFor('sendMessage', (p) => p.chat_id === PRIVATE);
    const replies = kabar.api.sentTexts(PRIVATE);
    expect(replies).toEqual([expect.stringMatching(/foto-kunjungan\.zip.*tidak bisa saya baca.*PDF, \.docx, \.txt, \.md, \.html\/\.htm/)]);
    expect(count(kabar, 'getFile')).toBe(0);
  });

  it('digests a file in a group whose caption is "/summary id", in Indonesian', async () => {
    kabar = await startTestKabar();
    const document = kabar.api.addFile({ bytes: await longStatementPdf(1), fileName: 'statement.pdf', mimeType: 'application/pdf' });
    await kabar.settle(messageUpdate({ chatId: GROUP, caption: '/summary id', extra: { document } }));
    // An Indonesian digest offers the switch to English.
    expect(buttonOf(await kabar.digestIn(GROUP))).toBe('🇬🇧 English');
  });

  it('stays silent on a file posted in a group without a request, and digests it on a /summary reply', async () => {
    kabar = await startTestKabar();
    const document = kabar.api.addFile({ bytes: new TextEncoder().encode(`${'The ministers met in Jakarta and agreed to expand trade. '.repeat(20)}\n`), fileName: 'notes.txt', mimeType: 'text/plain' });
    const posted = messageUpdate({ chatId: GROUP, extra: { document } });
    await kabar.settle(posted);
    expect(kabar.api.sentTexts(GROUP)).toEqual([]);
    await kabar.settle(messageUpdate({ chatId: GROUP, text: '/summary', replyTo: posted.message }));
    expect((await kabar.digestIn(GROUP)).text).toMatch(/Jakarta|trade/);
    expect(count(kabar, 'downloadFile')).toBe(1);
  });

  it('queues an upload as a small reference that the shared job queue stores and reads back', () => {
    const document = { file_id: 'BQACAgIAAxkBAAIfake', file_unique_id: 'AgADuniq', file_name: 'mou.pdf', mime_type: 'application/pdf', file_size: 48_213 };
    const found = findInput({ caption: 'see https://example.com/other', document });
    expect(found).toEqual({ kind: 'file', file: document });
    const input = toDigestInput(found!);
    expect(input).toEqual({ kind: 'upload', fileId: document.file_id, contentId: 'AgADuniq', fileName: 'mou.pdf', mimeType: 'application/pdf', size: 48_213 });
    const job = { kind: 'new' as const, updateId: 7, chatId: PRIVATE, userId: 1, language: 'en' as const, input, replyToMessageId: 3 };
    expect(parseJobPayload(JSON.stringify(job))).toEqual(job);
  });
});
