import { AppError } from '../../errors/app-error.js';

/** Telegram's sendMessage limit, counted after entity parsing, in UTF-16 code units. */
export const TELEGRAM_MESSAGE_LIMIT = 4096;

interface OpenTag {
  kind: 'open';
  name: string;
  raw: string;
}

type Token =
  | OpenTag
  | { kind: 'close'; name: string; raw: string }
  /** One visible character: a code point, or an entity such as `&amp;`. */
  | { kind: 'text'; raw: string; char: string; length: number };

const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)(?:"[^"]*"|'[^']*'|[^'">])*>/y;
const ENTITY = /&(?:#([0-9]+)|#[xX]([0-9a-fA-F]+)|([a-zA-Z][a-zA-Z0-9]*));/y;
// The only named entities the Bot API decodes.
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

function tokenize(html: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < html.length) {
    const char = html[i] as string;
    if (char === '<') {
      TAG.lastIndex = i;
      const match = TAG.exec(html);
      if (match) {
        const name = (match[2] as string).toLowerCase();
        tokens.push({ kind: match[1] ? 'close' : 'open', name, raw: match[0] });
        i += match[0].length;
        continue;
      }
    } else if (char === '&') {
      ENTITY.lastIndex = i;
      const match = ENTITY.exec(html);
      if (match) {
        const decoded = decodeEntity(match);
        tokens.push({ kind: 'text', raw: match[0], char: decoded ?? match[0], length: (decoded ?? match[0]).length });
        i += match[0].length;
        continue;
      }
    }
    const codePoint = html.codePointAt(i) as number;
    const raw = String.fromCodePoint(codePoint);
    tokens.push({ kind: 'text', raw, char: raw, length: raw.length });
    i += raw.length;
  }
  return tokens;
}

/** The decoded text of an entity, or null for one Telegram does not know (counted as written). */
function decodeEntity(match: RegExpExecArray): string | null {
  if (match[3] !== undefined) return NAMED[match[3]] ?? null;
  const codePoint = match[1] !== undefined ? Number.parseInt(match[1], 10) : Number.parseInt(match[2] as string, 16);
  if (!Number.isFinite(codePoint) || codePoint > 0x10ffff) return null;
  return String.fromCodePoint(codePoint);
}

/** The message text Telegram shows for this HTML: tags removed, entities decoded. */
export function telegramPlainText(html: string): string {
  let text = '';
  for (const token of tokenize(html)) if (token.kind === 'text') text += token.char;
  return text;
}

/** The length Telegram checks against its 4,096 limit: text after entity parsing, in UTF-16 code units. */
export function telegramTextLength(html: string): number {
  let length = 0;
  for (const token of tokenize(html)) if (token.kind === 'text') length += token.length;
  return length;
}

/** Applies an open/close tag to the stack of open elements; a stray close tag is ignored. */
function applyTag(stack: OpenTag[], token: Token): void {
  if (token.kind === 'open') stack.push(token);
  else if (token.kind === 'close') {
    const at = stack.map((open) => open.name).lastIndexOf(token.name);
    if (at >= 0) stack.splice(at);
  }
}

const isOpen = (token: Token | undefined, name: string) => token?.kind === 'open' && token.name === name;

const closingTags = (stack: readonly OpenTag[]) =>
  stack
    .map((open) => `</${open.name}>`)
    .reverse()
    .join('');

type BreakKind = 'paragraph' | 'line' | 'word' | 'any';

interface Boundary {
  at: number;
  size: number;
}

/**
 * Splits Telegram HTML into messages that each fit `limit`: at paragraph boundaries ("\n\n") first,
 * then lines, then words (a preferred boundary is skipped only if it would leave the chunk less than
 * half full), and mid-word only for a word longer than a whole message. Never cuts inside
 * a tag or an entity; elements open at a cut are closed at the end of the chunk and reopened at the
 * start of the next, so every chunk is valid HTML on its own. Both the Telegram-counted text and the
 * raw HTML of each chunk stay within `limit`. Separators stay at the end of the chunk before the cut,
 * so the chunks' texts joined equal the original text.
 */
export function splitTelegramHtml(html: string, limit = TELEGRAM_MESSAGE_LIMIT): string[] {
  if (!Number.isInteger(limit) || limit < 1) throw new AppError('INTERNAL', `Invalid message limit: ${limit}`);
  // Decoded text is never longer than the HTML it comes from, so a short string fits as is.
  if (html.length <= limit) return [html];

  const tokens = tokenize(html);
  const chunks: string[] = [];
  let start = 0;
  let reopened: OpenTag[] = [];

  while (start < tokens.length) {
    const prefix = reopened.map((open) => open.raw).join('');
    const stack = [...reopened];
    // For each kind of boundary, the last one that fits: the token index after it and the chunk's raw size there.
    const best: Record<BreakKind, Boundary> = {
      paragraph: { at: -1, size: 0 },
      line: { at: -1, size: 0 },
      word: { at: -1, size: 0 },
      any: { at: -1, size: 0 },
    };
    let raw = prefix.length;
    let closing = closingTags(stack).length;
    let text = 0;
    let visible = false;
    let previousChar = '';
    let fitsAll = true;

    for (let i = start; i < tokens.length; i++) {
      const token = tokens[i] as Token;
      raw += token.raw.length;
      if (token.kind === 'text') text += token.length;
      else {
        applyTag(stack, token);
        closing = closingTags(stack).length;
      }
      if (text > limit || raw + closing > limit) {
        fitsAll = false;
        break;
      }
      if (token.kind !== 'text') continue;
      if (!visible && !/^\s+$/.test(token.char)) visible = true;
      // A chunk must carry visible text: Telegram rejects an empty or whitespace-only message.
      if (visible) {
        const here = { at: i + 1, size: raw };
        if (token.char === '\n' && previousChar === '\n') best.paragraph = here;
        // A quote stays with the line that introduces it (a digest item and its evidence).
        else if (token.char === '\n' && !isOpen(tokens[i + 1], 'blockquote')) best.line = here;
        else if (token.char === ' ' || token.char === '\t') best.word = here;
        best.any = here;
      }
      previousChar = token.char;
    }

    if (fitsAll) {
      // A tail of only whitespace and tags has nothing to show; Telegram would reject it.
      if (visible || chunks.length === 0) chunks.push(prefix + rawOf(tokens, start, tokens.length));
      break;
    }

    let cut = chooseCut(best, limit);
    if (cut < 0) {
      throw new AppError('INTERNAL', `Message limit ${limit} is too small for the open tags: ${prefix}`);
    }
    const after = [...reopened];
    for (let i = start; i < cut; i++) applyTag(after, tokens[i] as Token);
    // Close tags right after the cut belong to this chunk; otherwise the next would start with an empty element.
    let length = prefix.length + rawOf(tokens, start, cut).length;
    for (let next = tokens[cut]; next?.kind === 'close'; next = tokens[cut]) {
      const trial = [...after];
      applyTag(trial, next);
      if (length + next.raw.length + closingTags(trial).length > limit) break;
      length += next.raw.length;
      after.splice(0, after.length, ...trial);
      cut++;
    }
    chunks.push(prefix + rawOf(tokens, start, cut) + closingTags(after));
    start = cut;
    reopened = after;
  }
  return chunks;
}

/**
 * The preferred boundary kind wins when it still fills at least half a message; otherwise a lone
 * heading would go out as its own message. Mid-word only when no boundary fits at all.
 */
function chooseCut(best: Record<BreakKind, Boundary>, limit: number): number {
  const kinds = ['paragraph', 'line', 'word'] as const;
  for (const kind of kinds) if (best[kind].at > 0 && best[kind].size >= limit / 2) return best[kind].at;
  const furthest = kinds.map((kind) => best[kind]).reduce((a, b) => (b.at > a.at ? b : a));
  return furthest.at > 0 ? furthest.at : best.any.at;
}

function rawOf(tokens: readonly Token[], from: number, to: number): string {
  let raw = '';
  for (let i = from; i < to; i++) raw += (tokens[i] as Token).raw;
  return raw;
}
