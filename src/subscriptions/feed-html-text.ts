import { cleanText } from '../digest/render/escape.js';

/**
 * Raw HTML read from one feed field before text conversion. A summary keeps 500 characters; a field longer
 * than this is a full article (content:encoded) or an attack (a 420 KB description polled every few minutes).
 */
export const HTML_INPUT_MAX_CHARS = 32 * 1024;

/** Elements whose content is never text. An unclosed one hides the rest of the field, as in a browser. */
const SKIPPED_ELEMENTS = new Set(['script', 'style', 'noscript', 'iframe', 'object', 'template']);

/**
 * Plain text from a feed's HTML fragment: comments and script/style bodies dropped, tags replaced by spaces,
 * entities decoded, whitespace collapsed. The result is only ever rendered escaped, so a tag-like leftover is
 * harmless; a second pass catches double-escaped markup ("&lt;p&gt;"). Linear in the input, which is first cut
 * to HTML_INPUT_MAX_CHARS: markup is removed by one indexOf scan, not by lazy regexes that rescan the rest of
 * the text from every unclosed `<!--` or `<script>`.
 */
export function htmlToText(html: string): string {
  if (!html) return '';
  const once = decodeHtmlEntities(stripMarkup(capLength(html, HTML_INPUT_MAX_CHARS)));
  const twice = /<\/?[a-zA-Z]/.test(once) ? stripMarkup(once) : once;
  return cleanText(twice);
}

/** The first `max` UTF-16 units of `text`, never ending on half a surrogate pair. */
export function capLength(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return text.slice(0, cut);
}

/** Text with comments, tags and the content of SKIPPED_ELEMENTS replaced by spaces; every character is visited a bounded number of times. */
function stripMarkup(html: string): string {
  const parts: string[] = [];
  let pending = 0;
  let at = html.indexOf('<');
  while (at !== -1) {
    if (html.startsWith('<!--', at)) {
      const end = html.indexOf('-->', at + 4);
      parts.push(html.slice(pending, at), ' ');
      pending = end === -1 ? html.length : end + 3;
    } else {
      const tag = tagAt(html, at);
      if (tag) {
        parts.push(html.slice(pending, at), ' ');
        pending = tag.end;
        if (!tag.closing && SKIPPED_ELEMENTS.has(tag.name)) pending = closingTagEnd(html, tag.name, pending);
      }
    }
    if (pending >= html.length) break;
    at = html.indexOf('<', Math.max(pending, at + 1));
  }
  if (pending < html.length) parts.push(html.slice(pending));
  return parts.join('');
}

const isLetter = (code: number) => (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
// [\w:-]: letters, digits, underscore, colon, hyphen.
const isNameChar = (code: number) => isLetter(code) || (code >= 48 && code <= 58) || code === 95 || code === 45;
const isSpace = (code: number) => code === 32 || (code >= 9 && code <= 13);

/**
 * The tag starting at `at` (`<name …>`, `</name>`, `<name/>`), or null when the `<` starts no tag ("1 < 2").
 * Attributes run to the next `>`; a `<` before it means this was not a tag. Scans at most up to the next `<`.
 */
function tagAt(html: string, at: number): { name: string; closing: boolean; end: number } | null {
  let i = at + 1;
  const closing = html.charCodeAt(i) === 47; // '/'
  if (closing) i++;
  if (!isLetter(html.charCodeAt(i))) return null;
  const nameStart = i;
  while (i < html.length && isNameChar(html.charCodeAt(i))) i++;
  const name = html.slice(nameStart, i).toLowerCase();
  const next = html.charCodeAt(i);
  if (next === 62) return { name, closing, end: i + 1 }; // '>'
  if (next === 47 && html.charCodeAt(i + 1) === 62) return { name, closing, end: i + 2 }; // '/>'
  if (!isSpace(next)) return null;
  for (let j = i + 1; j < html.length; j++) {
    const code = html.charCodeAt(j);
    if (code === 62) return { name, closing, end: j + 1 };
    if (code === 60) return null;
  }
  return null;
}

/** Index just past `</name …>` at or after `from`, or the end of the text when the element is never closed. */
function closingTagEnd(html: string, name: string, from: number): number {
  for (let at = html.indexOf('</', from); at !== -1; at = html.indexOf('</', at + 2)) {
    const after = at + 2 + name.length;
    if (html.slice(at + 2, after).toLowerCase() !== name || isNameChar(html.charCodeAt(after))) continue;
    const end = html.indexOf('>', after);
    return end === -1 ? html.length : end + 1;
  }
  return html.length;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ensp: ' ', emsp: ' ', thinsp: ' ',
  ndash: '–', mdash: '—', hellip: '…', lsquo: '‘', rsquo: '’', sbquo: '‚', ldquo: '“', rdquo: '”', bdquo: '„',
  laquo: '«', raquo: '»', lsaquo: '‹', rsaquo: '›', bull: '•', middot: '·', copy: '©', reg: '®', trade: '™',
  deg: '°', euro: '€', pound: '£', yen: '¥', cent: '¢', sect: '§', para: '¶', times: '×', divide: '÷',
  aacute: 'á', agrave: 'à', acirc: 'â', auml: 'ä', atilde: 'ã', aring: 'å', aelig: 'æ', ccedil: 'ç',
  eacute: 'é', egrave: 'è', ecirc: 'ê', euml: 'ë', iacute: 'í', igrave: 'ì', icirc: 'î', iuml: 'ï',
  ntilde: 'ñ', oacute: 'ó', ograve: 'ò', ocirc: 'ô', ouml: 'ö', otilde: 'õ', oslash: 'ø', szlig: 'ß',
  uacute: 'ú', ugrave: 'ù', ucirc: 'û', uuml: 'ü', yacute: 'ý', yuml: 'ÿ',
  Aacute: 'Á', Agrave: 'À', Acirc: 'Â', Auml: 'Ä', Atilde: 'Ã', Aring: 'Å', Ccedil: 'Ç', Eacute: 'É',
  Egrave: 'È', Ecirc: 'Ê', Iacute: 'Í', Ntilde: 'Ñ', Oacute: 'Ó', Ouml: 'Ö', Uacute: 'Ú', Uuml: 'Ü',
  zwj: '', zwnj: '', shy: '',
};

/** Decodes named (common HTML set), decimal and hex character references; unknown ones stay as written. */
export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z][a-z0-9]{1,8});/gi, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return whole;
      return String.fromCodePoint(code);
    }
    return NAMED_ENTITIES[ref] ?? whole;
  });
}
