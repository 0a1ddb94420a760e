/** What a Markdown file says, as plain paragraphs for the same clean-up as pasted text. */
export interface MarkdownText {
  /** The first level-1 heading ("# Title" or "Title\n====="), else null. */
  title: string | null;
  /** Paragraphs separated by a blank line, without markup; headings stay as their own paragraphs. */
  text: string;
}

/** Inline markup: images go, links keep their words, emphasis and code marks go, escapes resolve. */
function inlineText(line: string): string {
  return line
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/<(https?:\/\/[^>\s]+)>/g, '$1')
    .replace(/<\/?[a-z][^>]*>/gi, '')
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
    .replace(/(^|[^\w*])([*_])(?=\S)([^*_]*?\S)\2(?![\w*])/g, '$1$3')
    .replace(/~~(.+?)~~/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!>|])/g, '$1')
    .trim();
}

/**
 * Markdown to plain paragraphs: front matter, code blocks, HTML comments, link definitions, rules and table
 * separators are dropped; list items and table rows become their own lines; block quotes lose their marks.
 */
export function markdownText(markdown: string): MarkdownText {
  const source = markdown
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/^---\n[\s\S]*?\n---\n/, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  const lines = source.split('\n');
  const paragraphs: string[] = [];
  let current: string[] = [];
  let title: string | null = null;
  const flush = () => {
    const text = current.join(' ').replace(/\s+/g, ' ').trim();
    if (text.length > 0) paragraphs.push(text);
    current = [];
  };
  const heading = (text: string, level: number) => {
    flush();
    const clean = inlineText(text.replace(/\s+#+\s*$/, ''));
    if (level === 1 && title === null) title = clean;
    if (clean.length > 0) paragraphs.push(clean);
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const next = lines[i + 1] ?? '';
    const atx = /^\s{0,3}(#{1,6})\s+(.*)$/.exec(line);
    if (atx) {
      heading(atx[2] as string, (atx[1] as string).length);
    } else if (line.trim() !== '' && current.length === 0 && /^\s{0,3}(=+|-+)\s*$/.test(next)) {
      heading(line, next.trim().startsWith('=') ? 1 : 2);
      i++;
    } else if (line.trim() === '' || /^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line) || /^\s*\|?[\s:|-]+\|[\s:|-]*$/.test(line) || /^\s{0,3}\[[^\]]+\]:\s/.test(line)) {
      flush();
    } else if (/^\s*(?:[-*+]|\d{1,3}[.)])\s+/.test(line) || /^\s*\|/.test(line)) {
      // A list item or a table row is a line of its own, not part of the paragraph before it.
      flush();
      current.push(inlineText(line.replace(/^\s*(?:[-*+]|\d{1,3}[.)])\s+/, '').replace(/^\s*\||\|\s*$/g, '').replace(/\s*\|\s*/g, ' · ')));
      flush();
    } else {
      current.push(inlineText(line.replace(/^\s*(>\s?)+/, '')));
    }
  }
  flush();
  return { title, text: paragraphs.join('\n\n') };
}
