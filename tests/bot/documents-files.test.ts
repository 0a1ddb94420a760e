import { afterEach, describe, expect, it } from 'vitest';
import { createTelegramUploads } from '../../src/bot/documents/telegram-files.js';
import { looksReadable, uploadRefusal } from '../../src/bot/documents/upload-check.js';
import type { UploadInput } from '../../src/digest/digest-service.js';
import { type FakeBotApi, startFakeBotApi } from '../support/fake-bot-api.js';
import { failure } from '../support/failure.js';

let api: FakeBotApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const uploadOf = (document: { file_id: string; file_unique_id: string; file_size: number }, size: number | null = document.file_size): UploadInput => ({
  kind: 'upload',
  fileId: document.file_id,
  contentId: document.file_unique_id,
  fileName: null,
  mimeType: null,
  size,
});


describe('Telegram uploads reader', () => {
  it('downloads the bytes through getFile and <apiRoot>/file/bot<token>/<file_path>', async () => {
    api = await startFakeBotApi();
    const bytes = new TextEncoder().encode('Joint statement text.');
    const document = api.addFile({ bytes, fileName: 'statement.txt' });
    const reader = createTelegramUploads({ token: api.token, apiRoot: `${api.apiRoot}/` });
    expect(Buffer.from(await reader.read(uploadOf(document))).toString()).toBe('Joint statement text.');
    expect(api.calls.filter((call) => call.method === 'downloadFile').map((call) => call.payload.file_path)).toEqual(['documents/file_1.txt']);
  });

  it('stops a download past the byte cap even when the message gave no file_size', async () => {
    api = await startFakeBotApi();
    const document = api.addFile({ bytes: new Uint8Array(4096) });
    const error = await failure(createTelegramUploads({ token: api.token, apiRoot: api.apiRoot, maxBytes: 1000 }).read(uploadOf(document, null)));
    expect(error.code).toBe('TOO_LARGE');
  });

  it('refuses a file_size over the cap without calling getFile', async () => {
    api = await startFakeBotApi();
    const document = api.addFile({ bytes: new Uint8Array(10), size: 21 * 1024 * 1024 });
    const error = await failure(createTelegramUploads({ token: api.token, apiRoot: api.apiRoot }).read(uploadOf(document)));
    expect(error.code).toBe('TOO_LARGE');
    expect(api.calls.filter((call) => call.method === 'getFile')).toHaveLength(0);
  });

  it('reports an unknown file or an unreachable server without the token in any message', async () => {
    api = await startFakeBotApi();
    const reader = createTelegramUploads({ token: api.token, apiRoot: api.apiRoot });
    const unknown = await failure(reader.read({ kind: 'upload', fileId: 'nope', contentId: 'x', fileName: null, mimeType: null, size: null }));
    expect(unknown.code).toBe('FETCH_FAILED');
    const down = await failure(createTelegramUploads({ token: api.token, apiRoot: 'http://127.0.0.1:9' }).read(uploadOf(api.addFile({ bytes: new Uint8Array(1) }))));
    expect(down.code).toBe('FETCH_FAILED');
    for (const error of [unknown, down]) expect(`${error.message} ${JSON.stringify(error.details)}`).not.toContain(api.token.split(':')[1]);
  });
});

describe('upload check', () => {
  const file = (file_name: string | undefined, mime_type: string | undefined) => ({ file_id: 'f', file_unique_id: 'u', file_size: 1000, file_name, mime_type });

  it('takes a .docx by its extension or its MIME type, and refuses the old .doc naming .docx among what works', () => {
    expect(looksReadable(file('Siaran Pers.DOCX', 'application/octet-stream'))).toBe(true);
    expect(looksReadable(file(undefined, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'))).toBe(true);
    expect(looksReadable(file('nota.doc', 'application/msword'))).toBe(false);
    expect(uploadRefusal(file('nota.doc', 'application/msword'), 'en')).toBe('I cannot read <b>nota.doc</b>: I read PDF, .docx, .txt, .md, .html/.htm files.');
    expect(uploadRefusal(file('nota.doc', 'application/msword'), 'id')).toBe('Berkas <b>nota.doc</b> tidak bisa saya baca: saya membaca berkas PDF, .docx, .txt, .md, .html/.htm.');
  });
});
