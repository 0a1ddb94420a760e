import { AppError } from '../../errors/app-error.js';
import { assertNestingDepth } from '../nesting-depth.js';
import { blockParagraphs, type DomElement } from '../page-dom.js';
import { trimToChars } from './char-budget.js';
import { isEncryptedOffice } from './document-sniff.js';

/** What a Word document says, ready for the same clean-up and language detection as pasted text. */
export interface DocxText {
  /** Paragraphs (headings, list items, table cells each their own) separated by a blank line; the title left out. */
  text: string;
  /** The first Title or Heading 1 paragraph near the start, else null (the plain-text headline rule then applies). */
  title: string | null;
}

export interface ReadDocxOptions {
  /** Characters of text kept from the start, whole paragraphs when possible. Default 80 000. */
  maxChars?: number;
}

/**
 * Uncompressed bytes all entries of a .docx may declare together. A 300-page report with photos is ~30 MB; the
 * text of word/document.xml is a fraction of it. Above this a zip is a bomb or not a press release.
 */
export const DOCX_MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024;

const DEFAULT_MAX_CHARS = 80_000;
const MAIN_PART = 'word/document.xml';
/** A heading longer than this is a paragraph someone styled as a heading (as PAGE_TITLE_MAX_CHARS for pages). */
const TITLE_MAX_CHARS = 300;
/** Only the first few blocks may hold the title: a Heading 1 after the body has started names a section. */
const TITLE_WITHIN_BLOCKS = 3;

/**
 * mammoth's default style map has no Title; a document title is one. Subtitle stays a paragraph of text (h2).
 * Both the style id and the name are matched: Word localises ids ("Judul" in Indonesian Word) but not names.
 */
const STYLE_MAP = ["p[style-name='Title'] => h1:fresh", 'p.Title => h1:fresh', "p[style-name='Subtitle'] => h2:fresh", 'p.Subtitle => h2:fresh'];

/** The part of mammoth's document tree this module reads (mammoth ships no types for it). */
interface DocxNode {
  type: string;
  value?: string;
  children?: DocxNode[];
}

const unreadable = (message: string, cause?: unknown) =>
  new AppError('DOCX_UNREADABLE', `The Word document cannot be read: ${message}`, cause === undefined ? {} : { cause });

/**
 * The checks that need no decompression: a CFB container is an encrypted Office file, not a zip; the zip's own
 * directory must list word/document.xml and declare at most DOCX_MAX_UNCOMPRESSED_BYTES in all. jszip parses
 * the directory and local headers only (entries are inflated on demand), and mammoth reads through jszip anyway.
 */
async function checkPackage(bytes: Uint8Array): Promise<void> {
  if (isEncryptedOffice(bytes)) {
    throw new AppError('DOCX_ENCRYPTED', 'The Word document is encrypted and needs a password to open.');
  }
  const { default: JSZip } = await import('jszip');
  let zip: InstanceType<typeof JSZip>;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch (error) {
    throw unreadable(`not a complete zip (${error instanceof Error ? error.message : String(error)})`, error);
  }
  let declared = 0;
  for (const entry of Object.values(zip.files)) {
    // The declared size lives in jszip's private CompressedObject; a missing one counts as unknown, not as zero.
    const size = (entry as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize;
    declared += typeof size === 'number' && size >= 0 ? size : entry.dir ? 0 : DOCX_MAX_UNCOMPRESSED_BYTES + 1;
  }
  if (declared > DOCX_MAX_UNCOMPRESSED_BYTES) {
    throw new AppError('TOO_LARGE', `The Word document declares ${declared} bytes uncompressed, more than ${DOCX_MAX_UNCOMPRESSED_BYTES}.`, {
      details: { reason: 'docx-uncompressed', declaredBytes: declared, maxBytes: DOCX_MAX_UNCOMPRESSED_BYTES },
    });
  }
  if (zip.file(MAIN_PART) === null) throw unreadable(`the zip has no ${MAIN_PART} (not a Word document, or damaged)`);
}

const textLength = (node: DocxNode): number => (node.type === 'text' ? (node.value?.length ?? 0) : (node.children ?? []).reduce((sum, child) => sum + textLength(child), 0));

/** Footnote, endnote and comment markers would print as "[1]" in the text, and their notes after the body. */
const withoutNoteMarks = (node: DocxNode): DocxNode =>
  node.children ? { ...node, children: node.children.filter((child) => child.type !== 'noteReference' && child.type !== 'commentReference').map(withoutNoteMarks) } : node;

/** Top-level blocks up to the character budget (with a margin for what clean-up removes): no HTML for the rest. */
function withinBudget(document: DocxNode, maxChars: number): DocxNode {
  const budget = maxChars * 1.2 + 2000;
  const kept: DocxNode[] = [];
  let used = 0;
  for (const child of document.children ?? []) {
    if (used > budget) break;
    kept.push(withoutNoteMarks(child));
    used += textLength(child);
  }
  return { ...document, children: kept };
}

/** The first h1 (Title or Heading 1) among the first blocks with text, when short enough to be a title. */
function titleHeading(body: DomElement): DomElement | null {
  let seen = 0;
  for (const block of Array.from(body.childNodes) as DomElement[]) {
    if (block.nodeType !== 1 || (block.textContent ?? '').trim() === '') continue;
    if (block.tagName.toUpperCase() === 'H1') {
      const text = (block.textContent ?? '').replace(/\s+/g, ' ').trim();
      return text.length <= TITLE_MAX_CHARS ? block : null;
    }
    if (++seen >= TITLE_WITHIN_BLOCKS) return null;
  }
  return null;
}

/**
 * Reads the text of a .docx with mammoth. mammoth, jszip and linkedom load on first use: the bot imports this
 * module at start-up (through the upload check's list of supported files), and its idle memory stays as it is. Throws
 * AppError DOCX_ENCRYPTED (password-protected), DOCX_UNREADABLE (not a zip, truncated, no word/document.xml, a
 * part mammoth cannot parse), TOO_LARGE (entries declaring over DOCX_MAX_UNCOMPRESSED_BYTES) or PAGE_TOO_COMPLEX.
 *
 * convertToHtml rather than extractRawText: the HTML says which paragraph is a heading (the title) and keeps
 * headings, list items and table cells as their own blocks, which blockParagraphs turns into paragraphs as it
 * does for pages; images are replaced by an empty <img> without reading their bytes (the default inlines every
 * picture as base64), and raw text would also lose the heading.
 */
export async function readDocx(bytes: Uint8Array, options: ReadDocxOptions = {}): Promise<DocxText> {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  await checkPackage(bytes);
  const { default: mammoth } = await import('mammoth');
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        styleMap: STYLE_MAP,
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
        transformDocument: (document: DocxNode) => withinBudget(document, maxChars),
      },
    );
    html = result.value;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unreadable(error instanceof Error ? error.message : String(error), error);
  }
  assertNestingDepth(html);
  const { parseHTML } = await import('linkedom');
  const { document } = parseHTML(`<!DOCTYPE html><html><body>${html}</body></html>`);
  const body = document.body as DomElement | null;
  if (!body) return { text: '', title: null };
  const heading = titleHeading(body);
  const title = heading ? (heading.textContent ?? '').replace(/\s+/g, ' ').trim() : null;
  // The title is not also the first paragraph of the text (as with a PDF's heading).
  (heading as unknown as { remove(): void } | null)?.remove();
  const { text } = trimToChars(blockParagraphs(body), maxChars);
  return { text, title };
}
