import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors/app-error.js';
import {
  decodeHtmlEntities,
  GUID_MAX_CHARS,
  HTML_INPUT_MAX_CHARS,
  htmlToText,
  LINK_MAX_CHARS,
  MAX_FEED_ITEMS,
  parseFeed,
  ParsedFeedSchema,
  SUMMARY_MAX_CHARS,
  TITLE_MAX_CHARS,
} from '../../src/subscriptions/feed-parser.js';
import { HOSTILE_INPUTS } from '../fixtures/hostile/generate.js';

const hostile = (name: string) => HOSTILE_INPUTS.find((input) => input.name === name)!.build();

const FEEDS = join(import.meta.dirname, '../fixtures/feeds');
const manifest = JSON.parse(readFileSync(join(FEEDS, 'manifest.json'), 'utf8')) as Array<{ file: string; channel_title: string; items: number }>;

describe('parseFeed on real RSS snapshots', () => {
  it('has a manifest entry for every fixture file', () => {
    const files = readdirSync(FEEDS).filter((name) => name.endsWith('.xml')).sort();
    expect(manifest.map((entry) => entry.file).sort()).toEqual(files);
  });

  for (const entry of manifest) {
    it(`parses ${entry.file} with every item titled and linked absolutely`, () => {
      const feed = parseFeed(readFileSync(join(FEEDS, entry.file), 'utf8'), 'https://feeds.example.com/rss.xml');
      expect(ParsedFeedSchema.parse(feed)).toEqual(feed);
      expect(feed.format).toBe('rss');
      expect(feed.title).toBe(entry.channel_title);
      expect(feed.items.length).toBe(Math.min(entry.items, MAX_FEED_ITEMS));
      for (const item of feed.items) {
        expect(item.title.trim()).not.toBe('');
        expect(item.title).not.toMatch(/<\/?[a-z]+[^>]*>|&amp;|&#\d+;|<!\[CDATA/i);
        expect(item.link).toMatch(/^https?:\/\/[^/]+\//);
        expect(item.summary.length).toBeLessThanOrEqual(SUMMARY_MAX_CHARS);
      }
    });
  }

  it('reads the BBC snapshot item by item', () => {
    const feed = parseFeed(readFileSync(join(FEEDS, 'bbc-world-2017-01-20.xml'), 'utf8'), 'http://feeds.bbci.co.uk/news/world/rss.xml');
    expect(feed.language).toBe('en-gb');
    expect(feed.link).toBe('http://www.bbc.co.uk/news/');
    expect(feed.items[0]).toMatchObject({
      title: expect.stringContaining('Rigopiano avalanche'),
      link: 'http://www.bbc.co.uk/news/world-europe-38691103',
      guid: 'http://www.bbc.co.uk/news/world-europe-38691103',
      publishedAt: '2017-01-20T12:55:28.000Z',
    });
  });

  it('prefers the FeedBurner original link over the click-tracking redirect', () => {
    const feed = parseFeed(readFileSync(join(FEEDS, 'cnn-international-2019-07-20.xml'), 'utf8'), 'http://rss.cnn.com/rss/edition_world.rss');
    expect(feed.items[0]?.link).toBe('https://www.cnn.com/2020/01/01/australia/australia-fires-explainer-intl-hnk-scli/index.html');
    // origLink is read as XML text: its entities are decoded like those of every other field.
    expect(feed.items.filter((item) => item.link?.includes('&amp;'))).toEqual([]);
  });

  it('reads the Indonesian ANTARA snapshot with its +0700 dates and declared language', () => {
    const feed = parseFeed(readFileSync(join(FEEDS, 'wartapedia-news_fetcher_test-0.xml'), 'utf8'), 'https://www.antaranews.com/rss/terkini.xml');
    expect(feed.language).toBe('id');
    expect(feed.items.every((item) => item.publishedAt !== null)).toBe(true);
    expect(feed.items[0]?.link).toContain('https://www.antaranews.com/');
  });
});

describe('parseFeed on hand-made feeds', () => {
  it('reads an Atom 1.0 feed with relative links, xml:base, html titles and authors', () => {
    const atom = `<?xml version="1.0" encoding="utf-8"?>
      <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en" xml:base="https://news.example.org/world/">
        <title type="text">Example World</title>
        <link rel="self" href="https://news.example.org/atom.xml"/>
        <link rel="alternate" href="/world"/>
        <id>urn:uuid:feed</id>
        <updated>2025-05-06T03:00:00Z</updated>
        <entry>
          <title type="html">ASEAN &amp;lt;b&amp;gt;ministers&amp;lt;/b&amp;gt; meet in Kuala Lumpur</title>
          <link rel="enclosure" href="https://cdn.example.org/photo.jpg"/>
          <link href="2025/05/06/asean-ministers"/>
          <id>tag:news.example.org,2025:asean</id>
          <published>2025-05-06T10:00:00+07:00</published>
          <updated>2025-05-06T11:00:00+07:00</updated>
          <author><name>Siti Rahma</name></author>
          <summary type="html">&lt;p&gt;Foreign ministers &lt;em&gt;agreed&lt;/em&gt; to meet again.&lt;/p&gt;</summary>
        </entry>
        <entry>
          <title>Older entry</title>
          <link rel="alternate" type="text/html" href="https://news.example.org/older"/>
          <id>tag:news.example.org,2025:older</id>
          <updated>2025-05-05T08:00:00Z</updated>
          <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Body text</p></div></content>
        </entry>
      </feed>`;
    const feed = parseFeed(atom, 'https://news.example.org/atom.xml');
    expect(feed).toMatchObject({ format: 'atom', title: 'Example World', link: 'https://news.example.org/world', language: 'en' });
    expect(feed.items).toEqual([
      {
        guid: 'tag:news.example.org,2025:asean',
        link: 'https://news.example.org/world/2025/05/06/asean-ministers',
        title: 'ASEAN ministers meet in Kuala Lumpur',
        summary: 'Foreign ministers agreed to meet again.',
        publishedAt: '2025-05-06T03:00:00.000Z',
        author: 'Siti Rahma',
      },
      {
        guid: 'tag:news.example.org,2025:older',
        link: 'https://news.example.org/older',
        title: 'Older entry',
        summary: 'Body text',
        publishedAt: '2025-05-05T08:00:00.000Z',
      },
    ]);
  });

  it('reads a JSON Feed 1.1 with authors, external URLs and untitled items', () => {
    const json = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Kemlu Notes',
      home_page_url: 'https://kemlu.example.id/',
      language: 'id',
      items: [
        {
          id: 42,
          url: '/berita/42',
          title: 'Menlu Sugiono bertemu Menlu Rusia',
          content_html: '<p>Menteri Luar Negeri Sugiono &amp; Sergei Lavrov bertemu di Moskow.</p>',
          date_published: '2025-05-06T10:00:00+07:00',
          authors: [{ name: 'Humas Kemlu' }],
        },
        { id: 'b', external_url: 'https://other.example.com/x', content_text: 'Catatan singkat tanpa judul tentang ASEAN.' },
        { id: 'c', url: 'javascript:alert(1)', title: 'No usable link' },
      ],
    });
    const feed = parseFeed(json, 'https://kemlu.example.id/feed.json');
    expect(feed).toMatchObject({ format: 'json', title: 'Kemlu Notes', link: 'https://kemlu.example.id/', language: 'id' });
    expect(feed.items.map((item) => [item.guid, item.link, item.title, item.publishedAt, item.author])).toEqual([
      ['42', 'https://kemlu.example.id/berita/42', 'Menlu Sugiono bertemu Menlu Rusia', '2025-05-06T03:00:00.000Z', 'Humas Kemlu'],
      ['b', 'https://other.example.com/x', 'Catatan singkat tanpa judul tentang ASEAN.', null, undefined],
      ['c', null, 'No usable link', null, undefined],
    ]);
    expect(feed.items[0]?.summary).toBe('Menteri Luar Negeri Sugiono & Sergei Lavrov bertemu di Moskow.');
  });

  it('reads an RDF (RSS 1.0) feed whose items sit beside the channel', () => {
    const rdf = `<?xml version="1.0"?>
      <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
        <channel rdf:about="https://rdf.example.net/">
          <title>RDF Wire</title>
          <link>https://rdf.example.net/</link>
          <dc:language>de</dc:language>
        </channel>
        <item rdf:about="https://rdf.example.net/a">
          <title>First</title>
          <link>https://rdf.example.net/a</link>
          <description>One</description>
          <dc:date>2025-05-06T09:00:00+02:00</dc:date>
          <dc:creator>Anna</dc:creator>
        </item>
        <item rdf:about="https://rdf.example.net/b"><title>Second</title><link>https://rdf.example.net/b</link></item>
      </rdf:RDF>`;
    const feed = parseFeed(rdf, 'https://rdf.example.net/rss');
    expect(feed).toMatchObject({ format: 'rdf', title: 'RDF Wire', language: 'de' });
    expect(feed.items.map((item) => [item.guid, item.title, item.publishedAt, item.author])).toEqual([
      ['https://rdf.example.net/a', 'First', '2025-05-06T07:00:00.000Z', 'Anna'],
      ['https://rdf.example.net/b', 'Second', null, undefined],
    ]);
  });

  it('reads an RSS 0.91 feed', () => {
    const rss = `<rss version="0.91"><channel><title>Old</title><link>http://old.example.com/</link>
      <item><title>Hello</title><link>http://old.example.com/hello</link><description>World</description></item></channel></rss>`;
    const feed = parseFeed(rss, 'http://old.example.com/rss');
    expect(feed.items).toEqual([{ guid: null, link: 'http://old.example.com/hello', title: 'Hello', summary: 'World', publishedAt: null }]);
  });

  it('keeps bad dates as null without throwing, and reads Indonesian month and day names', () => {
    const rss = `<rss version="2.0"><channel><title>Berita</title><language>id</language>
      <item><title>A</title><link>/a</link><pubDate>Sen, 06 Mei 2025 10:00:00 +0700</pubDate></item>
      <item><title>B</title><link>/b</link><pubDate>2025-05-06 10:00:00</pubDate></item>
      <item><title>C</title><link>/c</link><pubDate>kemarin sore</pubDate></item>
      <item><title>D</title><link>/d</link><pubDate>Rabu, 31 Februari 2025 10:00 WIB</pubDate></item>
      <item><title>E</title><link>/e</link><pubDate>Kamis, 07 Agustus 2025 08:15 WIB</pubDate></item>
      <item><title>F</title><link>/f</link><pubDate></pubDate></item>
    </channel></rss>`;
    const feed = parseFeed(rss, 'https://berita.example.id/rss');
    expect(feed.items.map((item) => [item.title, item.publishedAt])).toEqual([
      ['A', '2025-05-06T03:00:00.000Z'],
      // No zone in an Indonesian feed: read as WIB.
      ['B', '2025-05-06T03:00:00.000Z'],
      ['C', null],
      ['D', null],
      ['E', '2025-08-07T01:15:00.000Z'],
      ['F', null],
    ]);
    expect(feed.items[0]?.link).toBe('https://berita.example.id/a');
  });

  it('decodes CDATA, entities and strips markup in titles and summaries', () => {
    const rss = `<rss version="2.0"><channel><title><![CDATA[ Dunia &amp; Diplomasi ]]></title>
      <item>
        <title><![CDATA[Iran &amp; Oman: <b>talks</b> &#8217;resume&#x2019; &mdash; officials]]></title>
        <link>https://x.example.com/a?utm_source=rss&amp;id=1</link>
        <description>&lt;p&gt;Lead&amp;nbsp;text&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src="x.jpg"&gt; more</description>
        <guid isPermaLink="false">  12345  </guid>
        <author>desk@x.example.com (Desk Editor)</author>
      </item></channel></rss>`;
    const feed = parseFeed(rss, 'https://x.example.com/rss');
    expect(feed.title).toBe('Dunia & Diplomasi');
    expect(feed.items[0]).toEqual({
      guid: '12345',
      link: 'https://x.example.com/a?utm_source=rss&id=1',
      title: 'Iran & Oman: talks ’resume’ — officials',
      summary: 'Lead text more',
      publishedAt: null,
      author: 'Desk Editor',
    });
  });

  it('does not use a non-permalink guid as the link and drops javascript: links', () => {
    const rss = `<rss version="2.0"><channel><title>T</title>
      <item><title>A</title><guid isPermaLink="false">https://x.example.com/a</guid></item>
      <item><title>B</title><guid>https://x.example.com/b</guid></item>
      <item><title>C</title><link>javascript:alert(1)</link></item>
      <item><description></description></item>
    </channel></rss>`;
    const feed = parseFeed(rss, 'https://x.example.com/rss');
    expect(feed.items.map((item) => [item.title, item.link])).toEqual([
      ['A', null],
      ['B', 'https://x.example.com/b'],
      ['C', null],
    ]);
  });

  it('trims long summaries at a word', () => {
    const long = 'kata '.repeat(400);
    const feed = parseFeed(`<rss><channel><title>T</title><item><title>A</title><description>${long}</description></item></channel></rss>`, 'https://x.example.com/');
    const summary = feed.items[0]?.summary ?? '';
    expect(summary.length).toBeLessThanOrEqual(SUMMARY_MAX_CHARS);
    expect(summary.endsWith('kata…')).toBe(true);
  });

  it('keeps the newest 200 of a 5,000-item feed, newest first', () => {
    const start = Date.UTC(2025, 0, 1);
    const items = Array.from({ length: 5000 }, (_, i) => {
      const date = new Date(start + i * 60_000).toUTCString();
      return `<item><title>Item ${i}</title><link>https://big.example.com/${i}</link><guid>${i}</guid><pubDate>${date}</pubDate><description>Text ${i}</description></item>`;
    });
    const feed = parseFeed(`<rss version="2.0"><channel><title>Big</title>${items.join('')}</channel></rss>`, 'https://big.example.com/rss');
    expect(feed.items).toHaveLength(MAX_FEED_ITEMS);
    expect(feed.items[0]?.title).toBe('Item 4999');
    expect(feed.items.at(-1)?.title).toBe(`Item ${5000 - MAX_FEED_ITEMS}`);
  });

  it('keeps document order when some items are undated', () => {
    const rss = `<rss><channel><title>T</title>
      <item><title>first</title><pubDate>Tue, 06 May 2025 10:00:00 GMT</pubDate></item>
      <item><title>second</title></item>
      <item><title>third</title><pubDate>Wed, 07 May 2025 10:00:00 GMT</pubDate></item>
    </channel></rss>`;
    expect(parseFeed(rss, 'https://x.example.com/').items.map((item) => item.title)).toEqual(['first', 'second', 'third']);
  });

  it('does not expand a billion-laughs entity bomb', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
      <rss><channel><title>Bomb</title><item><title>&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;</title></item></channel></rss>`;
    let title = '';
    try {
      title = parseFeed(bomb, 'https://x.example.com/').items[0]?.title ?? '';
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
    }
    expect(title.length).toBeLessThan(1000);
  });
});

describe('parseFeed refusing what is not a feed', () => {
  const cases: Array<[string, string]> = [
    ['an HTML page', '<!DOCTYPE html><html><head><title>Kabar</title><link rel="alternate" type="application/rss+xml" href="/rss"></head><body><p>Hello</p></body></html>'],
    ['random XML', '<?xml version="1.0"?><sitemap><url><loc>https://x.example.com/</loc></url></sitemap>'],
    ['invalid JSON', '{"version": "https://jsonfeed.org/version/1", "items": ['],
    ['JSON that is not a JSON Feed', '{"items": [{"title": "x"}]}'],
    ['plain text', 'Just some words.'],
    ['an empty body', ''],
  ];
  for (const [name, body] of cases) {
    it(`refuses ${name} with INVALID_INPUT`, () => {
      let caught: unknown;
      try {
        parseFeed(body, 'https://x.example.com/page');
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(AppError);
      expect((caught as AppError).code).toBe('INVALID_INPUT');
      expect((caught as AppError).message).toBe('https://x.example.com/page is not an RSS, Atom or JSON feed');
    });
  }
});

describe('htmlToText', () => {
  it('drops script and style bodies, comments and tags, and decodes entities', () => {
    expect(htmlToText('<style>p{}</style><!-- c --><p>A&nbsp;<a href="x">link</a></p><script>evil()</script>B &lt; C')).toBe('A link B < C');
  });

  it('leaves unknown entities and lone angle brackets as text', () => {
    expect(decodeHtmlEntities('&unknown; &#0; &#x41;')).toBe('&unknown; &#0; A');
    expect(htmlToText('1 < 2 and 3 > 2')).toBe('1 < 2 and 3 > 2');
  });
});

describe('htmlToText on hostile markup', () => {
  it('drops everything after an unclosed comment or script, as a browser would', () => {
    expect(htmlToText('<p>Kept.</p><!-- never closed <p>hidden</p>')).toBe('Kept.');
    expect(htmlToText('<p>Kept.</p><script>var hidden = 1; <p>hidden</p>')).toBe('Kept.');
  });

  it('closes script and style elements whatever the case of their tags', () => {
    expect(htmlToText('A<SCRIPT type="x">b()</Script >C<Style>p{}</STYLE>D')).toBe('A C D');
  });

  it('keeps a tag-like text that is not a tag, and a tag cut off by the end of the text', () => {
    expect(htmlToText('a <b and <1> c')).toBe('a <b and <1> c');
    expect(htmlToText('text <a href="x" ')).toBe('text <a href="x"');
  });

  it('reads only the first HTML_INPUT_MAX_CHARS characters of a field', () => {
    expect(htmlToText(`${'<br>'.repeat(HTML_INPUT_MAX_CHARS / 4)}Beyond the cap.`)).toBe('');
    expect(htmlToText(`${'<br>'.repeat(HTML_INPUT_MAX_CHARS / 4 - 10)}Within the cap.`)).toBe('Within the cap.');
  });
});

describe('parseFeed on hostile feeds', () => {
  it('parses a feed whose 420 KB item description is full of unclosed comments and scripts', () => {
    const feed = parseFeed(hostile('feed-description-420k'), 'https://feeds.example.test/rss.xml');
    expect(feed.items.map((item) => item.title)).toEqual(['Envoys meet in Geneva', 'Second item after the huge one']);
    const summary = feed.items[0]!.summary;
    expect(summary).toBe('Envoys met in Geneva.');
    expect(feed.items[1]!.summary).toBe('A normal, short description.');
  });

  it('shortens a 5,600-character feed title and oversized item fields at parse time', () => {
    const feed = parseFeed(hostile('feed-title-5600'), 'https://feeds.example.test/rss.xml');
    expect(feed.title.length).toBeLessThanOrEqual(TITLE_MAX_CHARS);
    expect(feed.title.length).toBeGreaterThan(TITLE_MAX_CHARS * 0.6);
    expect(feed.title).toMatch(/^Kementerian Luar Negeri .*\p{L}…$/u);
    const [item] = feed.items;
    expect(item!.title.length).toBeLessThanOrEqual(TITLE_MAX_CHARS);
    expect(item!.title.endsWith('…')).toBe(true);
    expect(item!.summary.length).toBeLessThanOrEqual(SUMMARY_MAX_CHARS);
    // A cut URL would point elsewhere: the 4 KB link is dropped, the guid identifies the item.
    expect(item!.link).toBeNull();
    expect(item!.guid).toBe('long-fields-1');
    expect(ParsedFeedSchema.parse(feed)).toEqual(feed);
  });

  const longTitle = 'Siaran pers Kementerian Luar Negeri '.repeat(160);
  it.each([
    ['Atom', `<feed xmlns="http://www.w3.org/2005/Atom"><title>${longTitle}</title><entry><title>${longTitle}</title><id>e1</id></entry></feed>`],
    ['JSON Feed', JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: longTitle, items: [{ id: 'e1', title: longTitle }] })],
  ])('shortens long feed and item titles in %s too', (_format, body) => {
    const feed = parseFeed(body, 'https://x.example.com/feed');
    expect(feed.title.length).toBeLessThanOrEqual(TITLE_MAX_CHARS);
    expect(feed.items[0]!.title.length).toBeLessThanOrEqual(TITLE_MAX_CHARS);
    // Cut at a word boundary: whole words, then the ellipsis.
    expect(feed.title).toMatch(/^Siaran pers (?:\p{L}+ )*\p{L}+…$/u);
    expect(longTitle.startsWith(feed.title.slice(0, -1))).toBe(true);
  });

  it('keeps the first usable link when an earlier candidate is longer than LINK_MAX_CHARS', () => {
    const long = `https://x.example.com/${'a'.repeat(LINK_MAX_CHARS)}`;
    const feed = parseFeed(
      `<rss><channel><title>T</title><item><title>A</title><feedburner:origLink>${long}</feedburner:origLink><link>https://x.example.com/a</link></item></channel></rss>`,
      'https://x.example.com/',
    );
    expect(feed.items[0]!.link).toBe('https://x.example.com/a');
  });

  it('ignores a guid longer than GUID_MAX_CHARS so the item is known by its link', () => {
    const feed = parseFeed(
      `<rss><channel><title>T</title><item><title>A</title><guid isPermaLink="false">${'g'.repeat(GUID_MAX_CHARS + 1)}</guid><link>https://x.example.com/a</link></item></channel></rss>`,
      'https://x.example.com/',
    );
    expect(feed.items[0]).toMatchObject({ guid: null, link: 'https://x.example.com/a' });
  });
});
