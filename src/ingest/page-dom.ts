// The project compiles without the DOM lib, so linkedom's and Readability's DOM types resolve to `any`.
// These are the few members extraction reads, typed on purpose.
export interface DomNode {
  readonly nodeType: number;
  readonly childNodes: ArrayLike<DomNode>;
  readonly textContent: string | null;
}
export interface DomElement extends DomNode {
  readonly tagName: string;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  getElementsByTagName(tagName: string): ArrayLike<DomElement>;
}
export interface DomDocument {
  readonly documentElement: DomElement | null;
  readonly body: DomElement | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  getElementsByTagName(tagName: string): ArrayLike<DomElement>;
}

/**
 * `root.querySelectorAll(tagName)` for one lower-case tag name. linkedom answers querySelectorAll by running
 * css-select on every element; getElementsByTagName follows one linked list and is several times faster. The
 * two differ only inside `<template>` (querySelectorAll skips its content), so a page with one keeps the former.
 */
export function elementsByTag(root: DomElement | DomDocument, tagName: string): ArrayLike<DomElement> {
  return root.getElementsByTagName('template').length === 0 ? root.getElementsByTagName(tagName) : root.querySelectorAll(tagName);
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

/** Elements that end a paragraph; everything else is inline and joins the current paragraph. */
const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'CENTER', 'DD', 'DETAILS', 'DIV', 'DL', 'DT', 'FIGCAPTION', 'FIGURE',
  'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE',
  'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'TD', 'TFOOT', 'TH', 'THEAD', 'TR', 'UL',
]);
export const SKIPPED_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'IFRAME', 'OBJECT', 'BUTTON', 'SELECT', 'TEXTAREA']);

const MIN_CAPTION_TEXT = 140;

// Containers whose text is nearly all links are related-article lists, tag clouds or menus left inside the body.
const LINK_LIST_TAGS = new Set(['UL', 'OL', 'NAV', 'ASIDE', 'DIV', 'SECTION', 'TABLE', 'DL']);

function isLinkList(element: DomElement): boolean {
  const links = elementsByTag(element, 'a');
  if (links.length < 3) return false;
  const text = (element.textContent ?? '').replace(/\s+/g, ' ').trim();
  if (text.length === 0) return false;
  let linkText = 0;
  for (let i = 0; i < links.length; i++) linkText += (links[i]?.textContent ?? '').replace(/\s+/g, ' ').trim().length;
  return linkText / text.length >= 0.8 && text.length / links.length < 120;
}

/** Splits an element's text into paragraphs at block boundaries (lists and quotes keep their text); `<br>` becomes a newline. */
export function blockParagraphs(root: DomNode, skip: ReadonlySet<string> = SKIPPED_TAGS): string[] {
  const paragraphs: string[] = [];
  let buffer = '';
  const flush = () => {
    // <br> lines stay together as one paragraph with single newlines; clean-up decides whether they are
    // hard-wrapped sentences (press releases) or separate items ("Pewarta: …<br>Editor: …").
    const lines = buffer
      .split('\n')
      .map((line) => line.replace(/[\s\u00a0\u200b]+/g, ' ').trim())
      .filter((line) => line !== '');
    if (lines.length > 0) paragraphs.push(lines.join('\n'));
    buffer = '';
  };
  const walk = (node: DomNode) => {
    const children = node.childNodes;
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (!child) continue;
      if (child.nodeType === TEXT_NODE) {
        buffer += child.textContent ?? '';
        continue;
      }
      if (child.nodeType !== ELEMENT_NODE) continue;
      const tag = (child as DomElement).tagName.toUpperCase();
      if (skip.has(tag)) continue;
      if (tag === 'BR') {
        buffer += '\n';
        continue;
      }
      // A one-line figure caption describes a photo, not the story; galleries whose captions are the text keep them.
      if (tag === 'FIGCAPTION' && (child.textContent ?? '').replace(/\s+/g, ' ').trim().length < MIN_CAPTION_TEXT) continue;
      const block = BLOCK_TAGS.has(tag);
      if (LINK_LIST_TAGS.has(tag) && isLinkList(child as DomElement)) {
        flush();
        continue;
      }
      if (block) flush();
      walk(child);
      if (block) flush();
    }
  };
  walk(root);
  flush();
  return paragraphs;
}
/** Text of each link, split where the text splits into paragraphs (a card link holds headline, teaser and date). */
export function linkTexts(root: DomElement): string[] {
  const texts: string[] = [];
  const links = elementsByTag(root, 'a');
  for (let i = 0; i < links.length; i++) {
    const link = links[i];
    if (!link) continue;
    for (const paragraph of blockParagraphs(link)) for (const line of paragraph.split('\n')) if (line !== '') texts.push(line);
  }
  return texts;
}

/**
 * linkedom does not synthesise the <html> root a browser would: a page that starts with `<head>` or a bare
 * fragment ends up with several root elements and an empty `document.body`, so Readability sees nothing.
 */
export function withHtmlRoot(html: string): string {
  if (/<html[\s>]/i.test(html)) return html;
  const doctype = /^\s*(<!doctype[^>]*>)/i.exec(html);
  const rest = doctype ? html.slice(doctype[0].length) : html;
  const wrapped = /<(head|body)[\s>]/i.test(rest) ? rest : `<body>${rest}</body>`;
  return `${doctype?.[1] ?? '<!DOCTYPE html>'}<html>${wrapped}</html>`;
}

