import { TextDecoder } from 'node:util';

/** How far into the body a <meta> charset declaration is looked for (browsers use 1024; sites are sloppier). */
const META_PRESCAN_BYTES = 4096;

const META_CHARSET = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i;

/** The charset parameter of a Content-Type header value, or null. */
export function charsetFromContentType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const match = /;\s*charset\s*=\s*["']?([^"';\s]+)/i.exec(contentType);
  return match?.[1] ?? null;
}

function charsetFromBom(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/** `<meta charset>` or `<meta http-equiv="Content-Type" content="…; charset=…">` in the first few KB. */
export function charsetFromMeta(bytes: Uint8Array): string | null {
  // latin1 maps every byte to one code unit, so ASCII markup survives whatever the real encoding is.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, META_PRESCAN_BYTES)).toString('latin1');
  return META_CHARSET.exec(head)?.[1] ?? null;
}

function decoderFor(label: string | null): TextDecoder | null {
  if (label === null) return null;
  try {
    return new TextDecoder(label.trim());
  } catch {
    return null;
  }
}

/**
 * Decodes a response body: a byte-order mark wins (as in browsers), then the Content-Type charset,
 * then a <meta> declaration (HTML only), then UTF-8. Unknown labels fall through to the next source.
 * ISO-8859-1 and windows-1252 labels both decode as windows-1252, which many Indonesian sites need.
 */
export function decodeBody(bytes: Uint8Array, contentTypeHeader: string | null, isHtml: boolean): string {
  const decoder =
    decoderFor(charsetFromBom(bytes)) ??
    decoderFor(charsetFromContentType(contentTypeHeader)) ??
    (isHtml ? decoderFor(metaLabel(bytes)) : null) ??
    new TextDecoder('utf-8');
  return decoder.encoding === 'windows-1252' ? decodeWindows1252(bytes) : decoder.decode(bytes);
}

// WHATWG index-windows-1252 for 0x80–0x9F (the rest equals ISO-8859-1). Undefined bytes map to themselves.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/**
 * Node 20's TextDecoder decodes windows-1252 (and so "iso-8859-1", "latin1", "ascii") with a Latin-1
 * fast path, turning smart quotes and dashes into C1 controls (nodejs/node#56542). Map them ourselves.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\x80-\x9f]/g, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80]!));
}

function metaLabel(bytes: Uint8Array): string | null {
  const label = charsetFromMeta(bytes);
  // The HTML standard: a UTF-16 label in <meta> is a lie (the markup was readable as ASCII), so use UTF-8.
  return label !== null && /^utf-?16/i.test(label) ? 'utf-8' : label;
}
