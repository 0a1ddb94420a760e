import { createHash } from 'node:crypto';
import type { DigestInput } from './digest-service.js';

/** A short, stable key for an input: fits Telegram's 64-byte callback_data with room for a prefix. */
export function requestKey(input: DigestInput): string {
  const canonical =
    input.kind === 'url'
      ? JSON.stringify(['url', input.url])
      : input.kind === 'text'
        ? JSON.stringify(['text', input.text])
        : input.kind === 'document'
          ? JSON.stringify(['document', createHash('sha256').update(input.bytes).digest('hex')])
          : input.kind === 'upload'
            ? JSON.stringify(['upload', input.contentId])
            : JSON.stringify(['html', input.url, input.html]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 12);
}
