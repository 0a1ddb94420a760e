import { TextDecoder } from 'node:util';

/** What a file or response body is, as far as the reader is concerned. */
export type DocumentKind = 'pdf' | 'html' | 'text' | 'markdown' | 'docx' | 'binary';

/** What the sender claims; used only after the bytes themselves had their say. */
export interface SniffHints {
  fileName?: string | null;
  /** A Content-Type header or Telegram's mime_type; parameters are ignored. */
  mimeType?: string | null;
}

/** How much of the start of a file is examined (the end too, for a zip's central directory). */
const SNIFF_BYTES = 64 * 1024;

const ascii = (bytes: Uint8Array, from = 0, to = bytes.length) => Buffer.from(bytes.buffer, bytes.byteOffset + from, Math.max(0, to - from)).toString('latin1');
const startsWith = (bytes: Uint8Array, magic: readonly number[]) => magic.every((byte, i) => bytes[i] === byte);

/** Formats recognised by their first bytes that the reader does not take: images, audio, video, archives, old Office. */
const OTHER_BINARY: ReadonlyArray<readonly number[]> = [
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF8
  [0x52, 0x49, 0x46, 0x46], // RIFF (WebP, WAV, AVI)
  [0x1f, 0x8b], // gzip
  [0x42, 0x5a, 0x68], // bzip2
  [0x37, 0x7a, 0xbc, 0xaf], // 7z
  [0x52, 0x61, 0x72, 0x21], // RAR
  [0xd0, 0xcf, 0x11, 0xe0], // OLE/CFB: .doc, .xls, .ppt, and password-protected .docx (see isEncryptedOffice)
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0x4d, 0x5a], // MZ: .exe
  [0x25, 0x21, 0x50, 0x53], // %!PS
  [0x4f, 0x67, 0x67, 0x53], // Ogg
  [0x49, 0x44, 0x33], // ID3: MP3
];

/** The MIME type of a .docx (Word 2007 and later). */
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const CFB_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] as const;
/** Stream names in a CFB directory are UTF-16LE. */
const utf16 = (name: string) => Buffer.from(name, 'utf16le');
const ENCRYPTED_PACKAGE = utf16('EncryptedPackage');
const WORD_DOCUMENT = utf16('WordDocument');

const inContainer = (bytes: Uint8Array, stream: Buffer) =>
  startsWith(bytes, CFB_SIGNATURE) && Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(stream) !== -1;

/**
 * A password-protected .docx/.xlsx/.pptx: Office encrypts the whole zip into an "EncryptedPackage" stream of an
 * OLE/CFB container, so it no longer starts like a zip. One linear byte search; the directory may be anywhere.
 */
export const isEncryptedOffice = (bytes: Uint8Array): boolean => inContainer(bytes, ENCRYPTED_PACKAGE);

/** An old binary Word 97–2003 document (.doc): a CFB container holding a "WordDocument" stream. */
export const isLegacyWord = (bytes: Uint8Array): boolean => inContainer(bytes, WORD_DOCUMENT);

function isUtf16Bom(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff]);
}

/**
 * Text when the sample has no NUL and under 1 % control bytes, and is valid UTF-8 (a multi-byte sequence cut
 * at the sample's end is fine) or, for legacy single-byte encodings, has under 30 % bytes above 0x7F.
 */
function looksLikeText(sample: Uint8Array): boolean {
  if (isUtf16Bom(sample)) return true;
  let controls = 0;
  let high = 0;
  for (const byte of sample) {
    if (byte === 0) return false;
    if ((byte < 0x09 || (byte > 0x0d && byte < 0x20)) && byte !== 0x1b) controls++;
    if (byte > 0x7f) high++;
  }
  if (controls > sample.length * 0.01) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return high < sample.length * 0.3; // windows-1252 and friends; the caller decodes with its charset rules
  }
}

const HTML_START = /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b/i;
const HTML_ANYWHERE = /<(?:html|body|head)\b[^>]*>|<(?:p|div|article|h1|title)\b[^>]*>[\s\S]*<\/(?:p|div|article|h1|title)>/i;

const extensionOf = (fileName: string | null | undefined) => /\.([a-z0-9]+)$/i.exec(fileName ?? '')?.[1]?.toLowerCase() ?? '';
const mediaTypeOf = (mimeType: string | null | undefined) => (mimeType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

function isDocx(bytes: Uint8Array, hints: SniffHints): boolean {
  // A zip names its entries in local headers at the start and in the central directory at the end.
  const head = ascii(bytes, 0, Math.min(bytes.length, SNIFF_BYTES));
  const tail = ascii(bytes, Math.max(0, bytes.length - SNIFF_BYTES));
  if (head.includes('word/document.xml') || tail.includes('word/document.xml')) return true;
  const type = mediaTypeOf(hints.mimeType);
  return extensionOf(hints.fileName) === 'docx' && !head.includes('xl/workbook') && !head.includes('ppt/presentation') && type !== 'application/zip';
}

/** Whether the name or type says Word document (.docx). */
const claimsDocx = (hints: SniffHints) => extensionOf(hints.fileName) === 'docx' || mediaTypeOf(hints.mimeType) === DOCX_TYPE;

/**
 * Decides what a file is. The bytes decide first: "%PDF-" in the first KB is a PDF whatever the label
 * (servers send PDFs as text/html), a zip is a .docx when it holds word/document.xml, known binary
 * signatures and NUL/control bytes are binary, except an encrypted Office container named or typed .docx, which
 * stays 'docx' so the Word reader can say it needs a password. Text is then HTML when its markup says so, else the name or
 * type picks HTML or Markdown, else plain text.
 */
export function sniffDocument(bytes: Uint8Array, hints: SniffHints = {}): DocumentKind {
  const head = ascii(bytes, 0, Math.min(bytes.length, 1024));
  if (head.includes('%PDF-')) return 'pdf';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return isDocx(bytes, hints) ? 'docx' : 'binary';
  if (startsWith(bytes, CFB_SIGNATURE) && claimsDocx(hints) && isEncryptedOffice(bytes)) return 'docx';
  if (OTHER_BINARY.some((magic) => startsWith(bytes, magic))) return 'binary';
  const sample = bytes.subarray(0, SNIFF_BYTES);
  if (!looksLikeText(sample)) return 'binary';

  // UTF-16 markup is ASCII with NULs between; drop them to look for tags.
  const text = (isUtf16Bom(sample) ? ascii(sample).replace(/\0/g, '') : Buffer.from(sample).toString('utf8')).replace(/^\uFEFF|^\u00ef\u00bb\u00bf/, '');
  if (HTML_START.test(text)) return 'html';
  const extension = extensionOf(hints.fileName);
  const type = mediaTypeOf(hints.mimeType);
  if (['html', 'htm', 'xhtml'].includes(extension) || type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (['md', 'markdown', 'mdown', 'mkd'].includes(extension) || type === 'text/markdown' || type === 'text/x-markdown') return 'markdown';
  // No name or type to go by: markup that wraps text in tags is still HTML.
  if (extension === '' && (type === '' || type === 'application/octet-stream') && HTML_ANYWHERE.test(text.slice(0, 4096))) return 'html';
  return 'text';
}
