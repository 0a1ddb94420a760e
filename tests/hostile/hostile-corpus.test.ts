import { describe, expect, it } from 'vitest';
import { checkEvidence } from '../../src/digest/evidence.js';
import { createExtractiveEngine } from '../../src/digest/extractive/extractive-engine.js';
import type { DigestDraft } from '../../src/digest/schema.js';
import { isAppError } from '../../src/errors/app-error.js';
import type { Article } from '../../src/ingest/article.js';
import { cleanArticleText } from '../../src/ingest/clean-text.js';
import { extractPage } from '../../src/ingest/extract.js';
import { createIngestor } from '../../src/ingest/article-reader.js';
import { discoverFeedLinks } from '../../src/subscriptions/feed-discovery.js';
import { parseFeed } from '../../src/subscriptions/feed-parser.js';
import { HOSTILE_INPUTS, type HostileInput } from '../fixtures/hostile/generate.js';
import { longStatementPdf, rawPdf } from '../fixtures/documents/generate.js';

// Every parser meets every hostile input, whatever its kind: a user can paste a page as text, subscribe to a
// page, or send a feed's URL as an article. A new parser (PDF…) belongs in this table.

const ingestor = createIngestor({ fetcher: { fetchPage: () => Promise.reject(new Error('offline test')) } });
const engine = createExtractiveEngine({ now: () => new Date('2025-05-06T12:00:00Z') });

function quoting(evidence: string): DigestDraft {
  return {
    headline: 'Hostile input', summary: 'A test draft.', who: [], countries: [], what: 'A test', when: null, where: null,
    agreements: [{ text: 'An agreement.', evidence }], nextSteps: [], keyPoints: [], background: [],
  };
}

const longestParagraph = (text: string) => text.split(/\n+/).reduce((a, b) => (b.length > a.length ? b : a), '');

async function digestOf(article: Article): Promise<DigestDraft> {
  const { draft } = await engine.generate({ article, language: 'en' });
  return checkEvidence(draft, article.text).draft;
}

const PARSERS: Record<string, (body: string) => unknown> = {
  'feed parser': (body) => parseFeed(body, 'https://feeds.example.test/feed.xml'),
  'feed discovery': (body) => discoverFeedLinks(body, 'https://pages.example.test/a'),
  'page extraction': (body) => extractPage(body, 'https://pages.example.test/a'),
  'page ingestion': (body) => ingestor.fromHtml(body, 'https://pages.example.test/a'),
  'text clean-up': (body) => cleanArticleText(body),
  'evidence check': (body) => checkEvidence(quoting(longestParagraph(body)), body),
  'pasted text through the extractive engine': (body) => digestOf(ingestor.fromText(body)),
};

type Answer = { ok: true; value: unknown } | { ok: false; code: string };

async function answer(run: () => unknown): Promise<Answer> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    // Anything but an AppError is a crash: the user would see the generic "something went wrong".
    if (!isAppError(error)) throw error;
    return { ok: false, code: error.code };
  }
}

/** The answer the bot gives on the input's own path: fetched page, text page or feed. */
async function answerOnItsPath(input: HostileInput, body: string): Promise<Answer> {
  if (input.kind === 'feed') return answer(() => parseFeed(body, 'https://feeds.example.test/feed.xml'));
  const article = input.kind === 'html' ? () => ingestor.fromHtml(body, 'https://pages.example.test/a') : () => ingestor.fromText(body);
  return answer(async () => digestOf(article()));
}

describe('hostile corpus', () => {
  it('builds every input with the same bytes on every call, under a unique name', () => {
    expect(new Set(HOSTILE_INPUTS.map((input) => input.name)).size).toBe(HOSTILE_INPUTS.length);
    for (const input of HOSTILE_INPUTS) expect(input.build() === input.build(), input.name).toBe(true);
  });

  it.each(HOSTILE_INPUTS.map((input) => [input.name, input] as const))(
    'answers %s from every parser with a result or an AppError, never a crash',
    async (_name, input) => {
      const body = input.build();
      for (const [parser, run] of Object.entries(PARSERS)) {
        await expect(answer(() => run(body)), parser).resolves.toBeDefined();
      }
    },
    120_000,
  );

  it.each(HOSTILE_INPUTS.map((input) => [input.name, input] as const))(
    'gives %s the answer its README row promises',
    async (_name, input) => {
      const result = await answerOnItsPath(input, input.build());
      if (input.expected.outcome === 'error') {
        expect(result).toEqual({ ok: false, code: input.expected.code });
      } else if (input.expected.outcome === 'feed') {
        expect(result.ok).toBe(true);
        expect((result as { value: { items: unknown[] } }).value.items.length).toBeGreaterThan(0);
      } else {
        expect(result.ok).toBe(true);
        expect((result as { value: DigestDraft }).value.headline).not.toBe('');
      }
    },
    60_000,
  );
});

/** A page tree node with the given /Kids and /Count, under a catalog (object 1); the tree is object 2. */
const pageTree = (kids: string, count: number, ...more: string[]) => rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', `<< /Type /Pages /Kids [${kids}] /Count ${count} >>`, ...more]);
const PAGE = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]';

// PDFs as a user could upload or link them: each ends in a specific AppError or, where pdf.js recovers what is
// there, an article from the start of the document; never a crash or a hang.
const HOSTILE_PDFS: Array<[string, () => Promise<Uint8Array> | Uint8Array, string]> = [
  ['only the %PDF- signature', () => Buffer.from('%PDF-1.7\n'), 'PDF_UNREADABLE'],
  ['a statement cut off after its first page', async () => (await longStatementPdf(3)).subarray(0, 4000), 'read'],
  ['a page tree that contains itself', () => pageTree('2 0 R', 1), 'PDF_UNREADABLE'],
  ['a page whose contents refer to themselves', () => pageTree('3 0 R', 1, `${PAGE} /Contents 4 0 R >>`, '4 0 R'), 'PDF_NO_TEXT'],
  ['50,000 nested arrays in a page', () => pageTree('3 0 R', 1, `${PAGE} /Annots ${'['.repeat(50_000)}${']'.repeat(50_000)} >>`), 'PDF_UNREADABLE'],
  ['a page count of a billion with one real page', () => pageTree('3 0 R', 999_999_999, `${PAGE} >>`), 'PDF_NO_TEXT'],
];

describe('hostile PDFs', () => {
  it.each(HOSTILE_PDFS)('answers %s with %s', async (_name, build, expected) => {
    const result = await answer(async () => ingestor.fromDocument(await build(), { fileName: 'upload.pdf' }));
    if (expected === 'read') {
      // pdf.js rebuilds the cross-reference table from the objects it finds: the pages that arrived are read.
      expect(result.ok).toBe(true);
      expect((result as { value: Article }).value.text).toContain('(item 1)');
    } else {
      expect(result).toEqual({ ok: false, code: expected });
    }
  }, 30_000);
});
