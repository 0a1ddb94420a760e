import type { UploadInput, UploadReader } from '../../digest/digest-service.js';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.js';

/** The public Bot API serves bots files of at most 20 MB (getFile); a self-hosted server serves more. */
export const BOT_API_DOWNLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

export interface TelegramUploadsOptions {
  token: string;
  /** TELEGRAM_API_ROOT: files come from <apiRoot>/file/bot<token>/<file_path>, so a self-hosted Bot API works too. */
  apiRoot: string;
  /** Downloads stop with TOO_LARGE past this many bytes, whatever file_size said. Default 20 MB. */
  maxBytes?: number;
  /** getFile plus the download. Default 30 s. */
  timeoutMs?: number;
  /** Injected fetch (tests). */
  fetch?: typeof fetch;
}

/** The part of getFile's answer used here; anything else (ok:false, no file_path) is a failure. */
const GetFileSchema = z.object({ ok: z.literal(true), result: z.object({ file_path: z.string().min(1) }) });

/**
 * Downloads Telegram uploads for the digest service: getFile, then the Bot API file URL. The token is part of
 * both URLs, so no error message or log line here ever carries a URL.
 */
export function createTelegramUploads(options: TelegramUploadsOptions): UploadReader {
  const doFetch = options.fetch ?? fetch;
  const maxBytes = options.maxBytes ?? BOT_API_DOWNLOAD_LIMIT_BYTES;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const root = options.apiRoot.replace(/\/+$/, '');

  async function filePathOf(fileId: string, signal: AbortSignal): Promise<string> {
    const response = await doFetch(`${root}/bot${options.token}/getFile`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ file_id: fileId }),
      signal,
    });
    const parsed = GetFileSchema.safeParse(await response.json().catch(() => null));
    if (!parsed.success) throw new AppError('FETCH_FAILED', `getFile failed with status ${response.status}`, { details: { status: response.status } });
    return parsed.data.result.file_path;
  }

  async function download(path: string, signal: AbortSignal): Promise<Uint8Array> {
    const encoded = path.split('/').map(encodeURIComponent).join('/');
    const response = await doFetch(`${root}/file/bot${options.token}/${encoded}`, { signal });
    if (!response.ok || !response.body) throw new AppError('HTTP_STATUS', `file download answered ${response.status}`, { details: { status: response.status } });
    const chunks: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      total += chunk.byteLength;
      if (total > maxBytes) throw new AppError('TOO_LARGE', `uploaded file over ${maxBytes} bytes`, { details: { maxBytes } });
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }

  return {
    async read(upload: UploadInput) {
      if (upload.size !== null && upload.size > maxBytes) {
        throw new AppError('TOO_LARGE', `uploaded file of ${upload.size} bytes over ${maxBytes}`, { details: { maxBytes } });
      }
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        return await download(await filePathOf(upload.fileId, signal), signal);
      } catch (error) {
        if (error instanceof AppError) throw error;
        // fetch's own errors (abort, reset) can quote the URL, and with it the token: only the kind is kept.
        const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
        throw new AppError(timedOut ? 'FETCH_TIMEOUT' : 'FETCH_FAILED', timedOut ? 'file download timed out' : 'file download failed');
      }
    },
  };
}
