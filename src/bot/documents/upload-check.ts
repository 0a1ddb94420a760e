import type { Language } from '../../digest/schema.js';
import { SUPPORTED_DOCUMENTS } from '../../ingest/document-reader.js';
import { DOCX_TYPE } from '../../ingest/documents/document-sniff.js';
import type { UploadedFile } from '../message-input.js';
import { documentTexts } from './document-texts.js';
import { BOT_API_DOWNLOAD_LIMIT_BYTES } from './telegram-files.js';

const SUPPORTED_EXTENSIONS = new Set(['pdf', 'docx', 'txt', 'text', 'md', 'markdown', 'html', 'htm']);
const SUPPORTED_TYPES = new Set(['application/pdf', DOCX_TYPE, 'text/plain', 'text/html', 'application/xhtml+xml', 'text/markdown', 'text/x-markdown']);
/** Labels that say nothing about the content: the reader sniffs the bytes instead. */
const VAGUE_TYPES = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

const extensionOf = (name: string | undefined) => (name && /\.([a-z0-9]{1,10})$/i.exec(name)?.[1]?.toLowerCase()) ?? '';

/**
 * Whether the name or type promises something the reader takes. A file that says nothing about itself
 * (no extension, a vague type) is given the benefit of the doubt: the reader sniffs its bytes.
 */
export function looksReadable(file: UploadedFile): boolean {
  const extension = extensionOf(file.file_name);
  const type = (file.mime_type ?? '').toLowerCase().split(';')[0]?.trim() ?? '';
  if (SUPPORTED_EXTENSIONS.has(extension) || SUPPORTED_TYPES.has(type)) return true;
  return extension === '' && VAGUE_TYPES.has(type);
}

/**
 * The one-line refusal for an upload that must not be downloaded (over the Bot API's 20 MB, or a type the reader
 * refuses anyway), or null when it may go to the digest queue. Checked from the message alone, before getFile.
 */
export function uploadRefusal(file: UploadedFile, language: Language): string | null {
  const texts = documentTexts(language);
  if (file.file_size !== undefined && file.file_size > BOT_API_DOWNLOAD_LIMIT_BYTES) {
    const mb = (file.file_size / (1024 * 1024)).toFixed(1);
    return texts.tooLarge(mb, BOT_API_DOWNLOAD_LIMIT_BYTES / (1024 * 1024));
  }
  return looksReadable(file) ? null : texts.unsupported(file.file_name ?? null, SUPPORTED_DOCUMENTS);
}
