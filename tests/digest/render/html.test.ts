import { describe, expect, it } from 'vitest';
import { renderDigestHtml } from '../../../src/digest/render/html.js';
import { telegramTextLength } from '../../../src/digest/render/split.js';
import type { Digest } from '../../../src/digest/schema.js';

/** A digest like the one the seed article (ANTARA, Putin–Pezeshkian call) should produce. */
function seedDigest(overrides: Partial<Digest> = {}): Digest {
  return {
    headline: 'Putin and Pezeshkian discuss deeper Russia–Iran cooperation',
    summary:
      'Russian President Vladimir Putin and Iranian President Masoud Pezeshkian discussed strengthening bilateral ' +
      'cooperation under their Comprehensive Strategic Partnership Treaty in a phone call, the Kremlin said.',
    who: [
      { name: 'Vladimir Putin', role: 'President of Russia', country: 'Russia' },
      { name: 'Masoud Pezeshkian', role: 'President of Iran', country: 'Iran' },
    ],
    countries: [],
    what: 'A phone call between the two presidents.',
    when: '2025-05-06',
    where: 'By phone',
    agreements: [
      {
        text: 'The presidents agreed to deepen practical cooperation and foreign-policy coordination.',
        evidence:
          'Para presiden sepakat untuk meningkatkan kerja sama dalam rangka memperkuat hubungan praktis Rusia-Iran ' +
          'secara menyeluruh serta mempererat koordinasi di bidang kebijakan luar negeri,',
      },
    ],
    nextSteps: [],
    keyPoints: [
      'Trade, investment, transport and energy projects.',
      'Oman-mediated US–Iran nuclear talks.',
      'Condolences for the Shahid Rajaee port explosion.',
    ],
    background: [
      "Russia and Iran signed the Comprehensive Strategic Partnership Treaty during the Iranian president's official visit to Russia on 17 January.",
    ],
    language: 'en',
    engine: 'openai',
    model: 'gpt-4o-mini',
    source: {
      url: 'https://www.antaranews.com/berita/4817837/putin-dan-pezeshkian-bahas-penguatan-kerja-sama',
      title: 'Putin dan Pezeshkian bahas penguatan kerja sama',
      publisher: 'ANTARA',
      publishedAt: '2025-05-06T21:15:00+07:00',
      language: 'id',
    },
    notes: ['Quotes are in Indonesian, as in the article.'],
    ...overrides,
  };
}

const ALLOWED_TAGS = new Set(['b', 'i', 'u', 's', 'a', 'code', 'pre', 'blockquote']);

/** Checks every tag against Telegram's allow-list and nesting; returns the problems found. */
function tagProblems(html: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  for (const match of html.matchAll(/<(\/?)([a-zA-Z][\w-]*)([^>]*)>/g)) {
    const [tag, slash, name = '', attributes = ''] = match;
    if (!ALLOWED_TAGS.has(name)) problems.push(`tag not allowed: ${tag}`);
    if (slash) {
      if (stack.pop() !== name) problems.push(`mis-nested close: ${tag}`);
    } else {
      stack.push(name);
      const okAttributes = name === 'a' ? /^ href="[^"<>]*"$/ : name === 'blockquote' ? /^( expandable)?$/ : /^$/;
      if (!okAttributes.test(attributes)) problems.push(`bad attributes: ${tag}`);
    }
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(',')}`);
  // A bare < or > outside tags, or an & that is not an entity, makes Telegram reject the message.
  const text = html.replace(/<\/?[a-zA-Z][\w-]*[^>]*>/g, '');
  if (/[<>]/.test(text)) problems.push('bare < or > in text');
  if (/&(?!(?:amp|lt|gt|quot|#\d+);)/.test(text)) problems.push('bare & in text');
  return problems;
}

const linksIn = (html: string) => [...html.matchAll(/<a\b[^>]*>/g)].map((m) => m[0]);

describe('renderDigestHtml', () => {
  it('renders the seed digest with headline, key facts, agreement, evidence, background and credit', () => {
    const html = renderDigestHtml(seedDigest());
    expect(html.startsWith('<b>Putin and Pezeshkian discuss deeper Russia–Iran cooperation</b>\n\n')).toBe(true);
    expect(html).toContain('<b>Who:</b> Vladimir Putin (President of Russia); Masoud Pezeshkian (President of Iran)');
    expect(html).toContain('<b>When:</b> 6 May 2025 · <b>Where:</b> By phone');
    expect(html).toContain('<b>Agreements</b>\n• The presidents agreed');
    expect(html).toContain('<blockquote expandable>“Para presiden sepakat');
    expect(html).toContain('<b>Background</b>\n• Russia and Iran signed');
    expect(html).toContain('\n\n<i>Quotes are in Indonesian, as in the article.</i>\n\n');
    expect(tagProblems(html)).toEqual([]);
  });

  it('lists key points after the who/what/when/where facts and before the agreements', () => {
    const html = renderDigestHtml(seedDigest());
    expect(html).toContain(
      '<b>When:</b> 6 May 2025 · <b>Where:</b> By phone\n\n<b>Key points</b>\n• Trade, investment, transport and energy projects.\n' +
        '• Oman-mediated US–Iran nuclear talks.\n• Condolences for the Shahid Rajaee port explosion.\n\n<b>Agreements</b>',
    );
    const id = renderDigestHtml(seedDigest({ language: 'id', keyPoints: ['Belasungkawa atas ledakan di Pelabuhan Shahid Rajaee.'] }));
    expect(id).toContain('<b>Poin penting</b>\n• Belasungkawa atas ledakan di Pelabuhan Shahid Rajaee.');
  });

  it('shortens a long key point at a word boundary and escapes it', () => {
    const long = `Trade & energy <projects> ${'with many more words '.repeat(12)}end`;
    const html = renderDigestHtml(seedDigest({ keyPoints: [long, '  '] }));
    const items = /<b>Key points<\/b>\n((?:• .*\n?)+)/.exec(html)?.[1]?.trim().split('\n') ?? [];
    expect(items).toHaveLength(1);
    // Cut after a whole word, never inside one.
    expect(items[0]).toMatch(/^• Trade &amp; energy &lt;projects&gt; with many.* (?:with|many|more|words)…$/);
    expect(telegramTextLength(items[0]!.slice(2))).toBeLessThanOrEqual(160);
    expect(tagProblems(html)).toEqual([]);
  });

  it('shows an agreement once, in quotation marks, when its text is the verbatim quote', () => {
    const quote = 'Para presiden sepakat untuk meningkatkan kerja sama';
    const html = renderDigestHtml(seedDigest({ agreements: [{ text: `${quote}.`, evidence: quote }] }));
    expect(html).toContain(`<b>Agreements</b>\n• “${quote}”\n\n`);
    expect(html).not.toContain('<blockquote');
  });

  it('keeps a typical digest, key points included, within 1,150 characters of Telegram text', () => {
    const length = telegramTextLength(renderDigestHtml(seedDigest()));
    // About 1,000 without key points; three short key points add about 140.
    expect(length).toBeLessThanOrEqual(1150);
  });

  it('puts the credit line last, linking the publisher to the source URL with the date and engine', () => {
    const lines = renderDigestHtml(seedDigest()).split('\n');
    expect(lines.at(-1)).toBe(
      'Source: <a href="https://www.antaranews.com/berita/4817837/putin-dan-pezeshkian-bahas-penguatan-kerja-sama">ANTARA</a>' +
        ' · 6 May 2025 · Summarized by AI (gpt-4o-mini)',
    );
  });

  it('uses Indonesian labels, dates and credit for an Indonesian digest', () => {
    const html = renderDigestHtml(
      seedDigest({
        language: 'id',
        engine: 'extractive',
        model: 'extractive-1',
        who: [{ name: 'Vladimir Putin', role: 'Presiden Rusia', country: 'Rusia' }],
        nextSteps: [{ text: 'Kedua pemimpin akan bertemu lagi.', evidence: 'akan bertemu' }],
      }),
    );
    expect(html).toContain('<b>Siapa:</b> Vladimir Putin (Presiden Rusia)');
    expect(html).toContain('<b>Kapan:</b> 6 Mei 2025 · <b>Di mana:</b> By phone');
    expect(html).toContain('<b>Kesepakatan</b>');
    expect(html).toContain('<b>Langkah selanjutnya</b>\n• Kedua pemimpin akan bertemu lagi.');
    expect(html).toContain('<b>Latar belakang</b>');
    expect(html).toContain('\n\n<i>Quotes are in Indonesian, as in the article.</i>\n\nSumber: ');
    expect(html).not.toMatch(/Agreements|Next steps|Background|Source:/);
    expect(html.split('\n').at(-1)).toMatch(/^Sumber: <a href="[^"]+">ANTARA<\/a> · 6 Mei 2025 · Diringkas oleh mesin bawaan$/);
  });

  it('omits empty sections and missing facts', () => {
    const html = renderDigestHtml(
      seedDigest({ who: [], what: '', when: null, where: null, agreements: [], nextSteps: [], keyPoints: [], background: [], notes: [] }),
    );
    expect(html).not.toMatch(/Who|What|When|Where|Key points|Agreements|Next steps|Background|Notes|<blockquote|<i>/);
    expect(html.split('\n\n')).toHaveLength(3);
  });

  it('shows where without when, and the country when the role does not name it', () => {
    const html = renderDigestHtml(
      seedDigest({
        when: null,
        where: 'Moscow',
        who: [
          { name: 'Sergey Lavrov', role: 'Foreign Minister', country: 'Russia' },
          { name: 'Badr Albusaidi', role: null, country: 'Oman' },
          { name: 'Kremlin', role: null, country: null },
        ],
      }),
    );
    expect(html).toContain('<b>Who:</b> Sergey Lavrov (Foreign Minister, Russia); Badr Albusaidi (Oman); Kremlin\n');
    expect(html).toContain('\n<b>Where:</b> Moscow\n');
  });

  it('escapes <, > and & in the headline, names, items and evidence', () => {
    const html = renderDigestHtml(
      seedDigest({
        headline: 'Tom & Jerry <script>alert(1)</script>',
        who: [{ name: 'A <b>B</b>', role: 'R&D "chief"', country: null }],
        agreements: [{ text: 'x < y > z', evidence: 'Q&A <i>quoted</i>' }],
      }),
    );
    expect(html).toContain('<b>Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt;</b>');
    expect(html).toContain('A &lt;b&gt;B&lt;/b&gt; (R&amp;D "chief")');
    expect(html).toContain('• x &lt; y &gt; z');
    expect(html).toContain('“Q&amp;A &lt;i&gt;quoted&lt;/i&gt;”');
    expect(tagProblems(html)).toEqual([]);
  });

  it('escapes quotes and ampersands in the source URL attribute', () => {
    const url = 'https://example.com/news?a=1&b="x"&c=<y>';
    const html = renderDigestHtml(seedDigest({ source: { ...seedDigest().source, url, publisher: 'Ex & Co' } }));
    expect(linksIn(html)).toEqual(['<a href="https://example.com/news?a=1&amp;b=&quot;x&quot;&amp;c=&lt;y&gt;">']);
    expect(html).toContain('>Ex &amp; Co</a>');
    expect(tagProblems(html)).toEqual([]);
  });

  it('does not link a javascript: source URL and names the source instead', () => {
    const html = renderDigestHtml(
      seedDigest({ source: { ...seedDigest().source, url: 'javascript:alert(document.cookie)', publisher: null, title: null } }),
    );
    expect(linksIn(html)).toEqual([]);
    expect(html).not.toContain('javascript');
    expect(html.split('\n').at(-1)).toBe('Source: web page · 6 May 2025 · Summarized by AI (gpt-4o-mini)');
  });

  it('never emits a link other than the source URL, even when content contains anchor markup', () => {
    const evil = '<a href="https://evil.example/">click</a>';
    const html = renderDigestHtml(
      seedDigest({
        summary: `See ${evil}`,
        background: [evil],
        notes: [evil],
        agreements: [{ text: evil, evidence: evil }],
        who: [{ name: evil, role: evil, country: null }],
      }),
    );
    expect(linksIn(html)).toEqual([
      '<a href="https://www.antaranews.com/berita/4817837/putin-dan-pezeshkian-bahas-penguatan-kerja-sama">',
    ]);
    expect(tagProblems(html)).toEqual([]);
  });

  it('uses only tags Telegram accepts, balanced, whatever the content', () => {
    const nasty = '</b></blockquote><pre>&amp; &#x; & <<>> "\u0000\u001b[31m\u202e';
    const html = renderDigestHtml(
      seedDigest({
        headline: nasty,
        summary: nasty,
        what: nasty,
        where: nasty,
        when: nasty,
        who: [{ name: nasty, role: nasty, country: nasty }],
        agreements: [{ text: nasty, evidence: nasty }],
        nextSteps: [{ text: nasty, evidence: nasty }],
        background: [nasty],
        notes: [nasty],
        model: nasty,
        source: { url: nasty, title: nasty, publisher: nasty, publishedAt: nasty, language: 'en' },
      }),
    );
    expect(tagProblems(html)).toEqual([]);
    expect(html).not.toMatch(/[\u0000-\u0008\u001b\u202e]/);
  });

  it('names a pasted text source without a link, and falls back to the host when there is no publisher', () => {
    const pasted = renderDigestHtml(
      seedDigest({ language: 'id', source: { url: null, title: null, publisher: null, publishedAt: null, language: 'id' } }),
    );
    expect(pasted.split('\n').at(-1)).toBe('Sumber: teks yang ditempel · Diringkas oleh AI (gpt-4o-mini)');
    const hosted = renderDigestHtml(seedDigest({ source: { ...seedDigest().source, publisher: null } }));
    expect(hosted).toMatch(/Source: <a href="[^"]+">antaranews\.com<\/a>/);
  });

  it('shortens long evidence at a word boundary for display', () => {
    const evidence = `${'kerja sama '.repeat(40)}akhir`;
    const html = renderDigestHtml(seedDigest({ agreements: [{ text: 'Item.', evidence }] }));
    const quote = /<blockquote expandable>“([^”]*)”<\/blockquote>/.exec(html)?.[1] ?? '';
    expect(quote.length).toBeLessThanOrEqual(200);
    expect(quote.endsWith('…')).toBe(true);
    expect(evidence.startsWith(quote.slice(0, -1))).toBe(true);
    expect(quote).toMatch(/(kerja|sama)…$/);
  });

  it('shows the participating states under Who, in the digest language, only when they add to it', () => {
    const joint = { who: [], countries: ['Chile', 'New Zealand'] };
    expect(renderDigestHtml(seedDigest(joint))).toContain('<b>Countries:</b> Chile, New Zealand\n<b>What:</b>');
    expect(renderDigestHtml(seedDigest({ ...joint, language: 'id', countries: ['Chili', 'Selandia Baru'] }))).toContain(
      '<b>Negara:</b> Chili, Selandia Baru\n<b>Apa:</b>',
    );
    // Putin and Pezeshkian already show Russia and Iran: no line repeats them.
    const html = renderDigestHtml(seedDigest({ countries: ['Russia', 'Iran'] }));
    expect(html).not.toContain('Countries:');
    expect(renderDigestHtml(seedDigest({ countries: [] }))).not.toContain('Countries:');
    // A summit with more states than people names them all, once each.
    expect(renderDigestHtml(seedDigest({ countries: ['Russia', 'Iran', 'Oman', 'Iran', ' '] }))).toContain('<b>Countries:</b> Russia, Iran, Oman\n');
  });
});
