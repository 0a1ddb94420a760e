import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { type DomDocument, elementsByTag } from '../../src/ingest/page-dom.js';
import { metaTags } from '../../src/ingest/page-metadata.js';

const documentOf = (html: string) => (parseHTML(html) as unknown as { document: DomDocument }).document;

describe('metaTags', () => {
  const document = documentOf(`<html><head>
    <meta name="og:title" content="Name fallback">
    <meta property="og:title" content="  Property title  ">
    <meta property="og:site_name" content="">
    <meta property="og:site_name" content="Hidden by the empty one">
    <meta name="og:site_name" content="Site by name">
    <meta itemprop="datePublished" content="2025-05-06">
  </head><body></body></html>`);
  const metas = metaTags(document);

  it('prefers property over name over itemprop for each key, and keys in the order given', () => {
    expect(metas.get('og:title')).toBe('Property title');
    expect(metas.get('missing', 'datePublished', 'og:title')).toBe('2025-05-06');
    expect(metas.get('missing')).toBeNull();
  });

  it('reads the first element of each attribute, as querySelector would: an empty one gives way to the next attribute', () => {
    expect(metas.get('og:site_name')).toBe('Site by name');
  });
});

describe('elementsByTag', () => {
  it('finds the same elements in the same order as querySelectorAll, template content included or not', () => {
    const plain = documentOf('<html><body><p>a</p><div><p>b</p><section><p>c</p></section></div></body></html>');
    const withTemplate = documentOf('<html><body><p>a</p><template><p>hidden</p></template><div><p>b</p></div></body></html>');
    for (const document of [plain, withTemplate]) {
      expect(Array.from(elementsByTag(document, 'p'))).toEqual(Array.from(document.querySelectorAll('p')));
    }
    expect(Array.from(elementsByTag(withTemplate, 'p')).map((p) => p.textContent)).toEqual(['a', 'b']);
  });
});
