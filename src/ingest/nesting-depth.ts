import { AppError } from '../errors/app-error.js';

/**
 * Deepest element nesting a page may have before it is parsed into a DOM: 8× the deepest of the 206 pages of
 * the extraction and diplomatic sets (32 levels, counted here and the same in the DOM linkedom builds).
 * linkedom, Readability and the density scorer slow down with depth: 5,000 nested `<div><p>` took 15–27 s,
 * 50,000 ran past 300 s; 3,000 paragraphs under 500 levels still take ~19 s, under 256 levels ~9 s.
 */
export const MAX_NESTING_DEPTH = 256;

// The same rules htmlparser2 (linkedom's parser) applies, so the depth counted is the depth of the DOM built.
const VOID_ELEMENTS = new Set([
  'area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex', 'keygen',
  'link', 'meta', 'param', 'source', 'track', 'wbr',
]);
/** Elements whose content is text up to their closing tag: markup inside them is not parsed. */
const RAW_TEXT_ELEMENTS = new Set(['script', 'style', 'title', 'textarea', 'xmp']);
/** Where `<svg>`/`<math>` content recognises `<x/>` as self-closing. */
const FOREIGN_ELEMENTS = new Set(['svg', 'math']);
const P = new Set(['p']);
const FORM_CONTROLS = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
/** An opening tag closes these open elements first: `<p>` inside `<p>`, `<li>` after `<li>`, a block after a `<p>`… */
const OPEN_IMPLIES_CLOSE = new Map<string, ReadonlySet<string>>([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])],
  ['li', new Set(['li'])],
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['dd', new Set(['dd', 'dt'])],
  ['dt', new Set(['dd', 'dt'])],
  ['rt', new Set(['rt', 'rp'])],
  ['rp', new Set(['rt', 'rp'])],
  ['tbody', new Set(['thead', 'tbody'])],
  ['tfoot', new Set(['thead', 'tbody'])],
  ...['select', 'input', 'output', 'button', 'datalist', 'textarea'].map((tag) => [tag, FORM_CONTROLS] as const),
  ...[
    'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl',
    'fieldset', 'figcaption', 'figure', 'footer', 'form', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'ul',
  ].map((tag) => [tag, P] as const),
]);

const isLetter = (code: number) => (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
const isSpace = (code: number) => code === 32 || code === 9 || code === 10 || code === 12 || code === 13;

/**
 * The deepest element nesting of `html`, counted in one linear scan without building a DOM: comments,
 * declarations and raw-text bodies (script, style…) are skipped, void elements do not nest, unclosed `<p>`,
 * `<li>`, `<td>`… are closed the way the parser closes them, and a stray closing tag is ignored. Stops as soon
 * as the depth passes `limit` (then returns limit + 1), so the work is bounded by the input length.
 */
export function htmlNestingDepth(html: string, limit = MAX_NESTING_DEPTH): number {
  const stack: string[] = [];
  const open = new Map<string, number>();
  let foreign = 0;
  let deepest = 0;
  const push = (name: string) => {
    stack.push(name);
    open.set(name, (open.get(name) ?? 0) + 1);
    if (FOREIGN_ELEMENTS.has(name)) foreign++;
  };
  const pop = () => {
    const name = stack.pop() as string;
    open.set(name, (open.get(name) ?? 1) - 1);
    if (FOREIGN_ELEMENTS.has(name)) foreign--;
    return name;
  };

  let at = html.indexOf('<');
  while (at !== -1 && at < html.length) {
    const next = html.charCodeAt(at + 1);
    let resume: number;
    if (html.startsWith('<!--', at)) {
      resume = endAfter(html, '-->', at + 4);
    } else if (next === 33 || next === 63 || (next === 47 && !isLetter(html.charCodeAt(at + 2)))) {
      // <!doctype>, <![CDATA[…]]>, <?xml?>, `</ >`: skipped up to the next '>'.
      resume = endAfter(html, '>', at + 2);
    } else if (next === 47) {
      const { name, end } = readTag(html, at + 2);
      resume = end;
      // A closing tag closes everything opened after its element; one without an open element is ignored.
      if (!VOID_ELEMENTS.has(name) && (open.get(name) ?? 0) > 0) while (pop() !== name);
    } else if (isLetter(next)) {
      const { name, end, selfClosing } = readTag(html, at + 1);
      resume = end;
      const implied = OPEN_IMPLIES_CLOSE.get(name);
      if (implied) while (stack.length > 0 && implied.has(stack[stack.length - 1] as string)) pop();
      const leaf = VOID_ELEMENTS.has(name) || (selfClosing && foreign > 0);
      // A leaf (void or self-closed) is one level deeper than its parent but never a parent itself.
      deepest = Math.max(deepest, stack.length + 1);
      if (deepest > limit) return limit + 1;
      if (!leaf) {
        push(name);
        if (RAW_TEXT_ELEMENTS.has(name)) {
          resume = rawTextEnd(html, name, end);
          pop();
        }
      }
    } else {
      resume = at + 1; // "1 < 2": text.
    }
    at = html.indexOf('<', resume);
  }
  return deepest;
}

/**
 * Refuses a page nested deeper than `limit` with AppError PAGE_TOO_COMPLEX, before any DOM parse. Linear
 * in the length of the page.
 */
export function assertNestingDepth(html: string, limit = MAX_NESTING_DEPTH): void {
  const depth = htmlNestingDepth(html, limit);
  if (depth > limit) {
    throw new AppError('PAGE_TOO_COMPLEX', `The page nests its elements more than ${limit} levels deep; it is not parsed.`, {
      details: { limit },
    });
  }
}

/** Index just past the first `marker` at or after `from`, or the end of the text. */
function endAfter(html: string, marker: string, from: number): number {
  const found = html.indexOf(marker, from);
  return found === -1 ? html.length : found + marker.length;
}

/**
 * Reads the tag name starting at `from` and finds the `>` that ends the tag, skipping quoted attribute values
 * (`<a title="x>y">`). An unterminated tag or quote runs to the end of the text, as in the parser.
 */
function readTag(html: string, from: number): { name: string; end: number; selfClosing: boolean } {
  let i = from;
  while (i < html.length) {
    const code = html.charCodeAt(i);
    if (code === 62 || code === 47 || isSpace(code)) break;
    i++;
  }
  const name = html.slice(from, i).toLowerCase();
  let quote = 0;
  for (; i < html.length; i++) {
    const code = html.charCodeAt(i);
    if (quote !== 0) {
      if (code === quote) quote = 0;
    } else if (code === 34 || code === 39) {
      // A quote opens a value only after `=` (possibly with spaces); elsewhere it is part of a name.
      let back = i - 1;
      while (back > from && isSpace(html.charCodeAt(back))) back--;
      if (html.charCodeAt(back) === 61) quote = code;
    } else if (code === 62) {
      return { name, end: i + 1, selfClosing: html.charCodeAt(i - 1) === 47 };
    }
  }
  return { name, end: html.length, selfClosing: false };
}

/** Index just past the closing tag of a raw-text element (`</script …>`, any case), or the end of the text. */
function rawTextEnd(html: string, name: string, from: number): number {
  for (let at = html.indexOf('</', from); at !== -1; at = html.indexOf('</', at + 2)) {
    const after = at + 2 + name.length;
    if (html.slice(at + 2, after).toLowerCase() !== name) continue;
    const code = html.charCodeAt(after);
    if (code === 62 || code === 47 || isSpace(code) || Number.isNaN(code)) return endAfter(html, '>', after);
  }
  return html.length;
}
