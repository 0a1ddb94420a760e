/** How far into a document the root element of a feed is looked for. */
const SNIFF_CHARS = 4000;

/**
 * Whether a fetched "page" is an RSS, Atom or RDF feed: after whitespace, XML declarations, processing
 * instructions (stylesheets) and comments, its first element is `<rss>`, `<feed>` or `<rdf:RDF>`. A scan, not
 * a regex: the former `^\s*(?:<\?xml…|<!--[\s\S]*?-->\s*|…)*<(?:rss|feed…)` backtracked exponentially on a
 * page that starts with a few dozen empty comments (`<!---->` × 40 froze the event loop for hours).
 */
export function looksLikeFeedDocument(html: string): boolean {
  const head = html.slice(0, SNIFF_CHARS);
  let at = 0;
  for (;;) {
    while (at < head.length && /\s/.test(head[at] as string)) at++;
    const marker = head.startsWith('<?', at) ? '?>' : head.startsWith('<!--', at) ? '-->' : null;
    if (marker === null) break;
    const end = head.indexOf(marker, at + 2);
    if (end === -1) return false;
    at = end + marker.length;
  }
  return /^<(?:rss|feed|rdf:RDF)\b/i.test(head.slice(at, at + 16));
}
