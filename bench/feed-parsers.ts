// Feed parser evaluation (issue 11): npm run bench:feed-parsers [-- --timeout 20]
// Runs feedsmith, @rowanmanning/feed-parser, rss-parser and the project's own parseFeed on the real feeds
// (../shared/fixtures/feeds and tests/fixtures/feeds) and on hostile input. Every hostile case runs in its own
// child process, killed after --timeout seconds, so an entity bomb that hangs one parser cannot stop the bench.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseFeed as rowanmanning } from '@rowanmanning/feed-parser';
import { parseFeed as feedsmith } from 'feedsmith';
import RssParser from 'rss-parser';
import { parseFeed as kabar } from '../src/subscriptions/feed-parser.js';
import { HOSTILE_INPUTS } from '../tests/fixtures/hostile/generate.js';

interface Outcome {
  items: number;
  dated: number;
}

const rssParser = new RssParser();
const PARSERS: Record<string, (body: string) => Outcome | Promise<Outcome>> = {
  feedsmith: (body) => {
    const { feed } = feedsmith(body);
    const items: Array<Record<string, unknown>> = ('items' in feed ? feed.items : 'entries' in feed ? feed.entries : undefined) ?? [];
    const dated = items.filter((item) => item.pubDate ?? item.published ?? item.updated ?? item.date_published ?? (item.dc as { dates?: string[] } | undefined)?.dates?.[0]).length;
    return { items: items.length, dated };
  },
  '@rowanmanning/feed-parser': (body) => {
    const items = rowanmanning(body).items;
    return { items: items.length, dated: items.filter((item) => item.published ?? item.updated).length };
  },
  'rss-parser': async (body) => {
    const items = (await rssParser.parseString(body)).items;
    return { items: items.length, dated: items.filter((item) => item.isoDate).length };
  },
  'kabar parseFeed (feedsmith + own mapping)': (body) => {
    const items = kabar(body, 'https://feeds.example.test/feed.xml').items;
    return { items: items.length, dated: items.filter((item) => item.publishedAt).length };
  },
};

const x = (n: number, s: string) => s.repeat(n);
const rssItem = (i: number, date: string, description = 'A summary.') =>
  `<item><title>Item ${i}</title><link>https://example.test/${i}</link><guid>g${i}</guid><pubDate>${date}</pubDate><description>${description}</description></item>`;
const rss = (items: string) => `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://example.test/</link>${items}</channel></rss>`;

const HOSTILE: Record<string, () => string> = {
  'billion laughs (DOCTYPE entities, 10^9 expansion)': () =>
    `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${x(10, `&lol${i === 0 ? '' : i};`)}">`).join('')}]><rss version="2.0"><channel><title>&lol9;</title>${rssItem(1, 'Tue, 06 May 2025 10:00:00 +0700', '&lol9;')}</channel></rss>`,
  'quadratic blowup (one 50 KB entity used 50,000 times)': () =>
    `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "${x(50_000, 'a')}">]><rss version="2.0"><channel><title>T</title>${rssItem(1, 'x', x(50_000, '&a;'))}</channel></rss>`,
  'huge feed (20,000 items, ~4 MB)': () => rss(Array.from({ length: 20_000 }, (_, i) => rssItem(i, 'Tue, 06 May 2025 10:00:00 +0700', x(10, 'Some text. '))).join('')),
  'feed-description-420k (hostile corpus)': () => HOSTILE_INPUTS.find((input) => input.name === 'feed-description-420k')!.build(),
  'feed-title-5600 (hostile corpus)': () => HOSTILE_INPUTS.find((input) => input.name === 'feed-title-5600')!.build(),
  'bad and missing dates (4 items, 1 readable)': () =>
    rss([rssItem(1, 'not a date'), rssItem(2, '31 Feb 2025 10:00 GMT'), rssItem(3, ''), rssItem(4, 'Tue, 06 May 2025 10:00:00 GMT')].join('')),
  'Indonesian dates (Sen, 06 Mei 2025 10:00 WIB; 2025-05-06 10:00:00)': () =>
    rss([rssItem(1, 'Sen, 06 Mei 2025 10:00 WIB'), rssItem(2, '2025-05-06 10:00:00'), rssItem(3, '6 Agustus 2025 09:15:00 GMT')].join('')),
  'RDF (RSS 1.0), 2 items': () =>
    `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="https://example.test/"><title>R</title><link>https://example.test/</link></channel><item rdf:about="https://example.test/1"><title>One</title><link>https://example.test/1</link><dc:date>2025-05-06T10:00:00+07:00</dc:date></item><item rdf:about="https://example.test/2"><title>Two</title><link>https://example.test/2</link><dc:date>2025-05-06T11:00:00Z</dc:date></item></rdf:RDF>`,
  'Atom, 2 entries': () =>
    `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><link href="https://example.test/"/><entry><id>tag:1</id><title>One</title><link href="https://example.test/1"/><published>2025-05-06T10:00:00Z</published></entry><entry><id>tag:2</id><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Two</div></title><link rel="alternate" href="/2"/><updated>2025-05-06T11:00:00Z</updated></entry></feed>`,
  'JSON Feed 1.1, 2 items': () =>
    JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'J', items: [{ id: '1', url: 'https://example.test/1', title: 'One', date_published: '2025-05-06T10:00:00Z' }, { id: 2, content_text: 'Two, untitled.' }] }),
  'HTML page, not a feed': () => '<!doctype html><html><head><title>Page</title></head><body><p>Hello</p></body></html>',
};

const args = process.argv.slice(2);
const timeoutSeconds = Number(args[args.indexOf('--timeout') + 1]) || 20;

async function timed(parser: string, body: string): Promise<{ ms: number; outcome: Outcome | null; error: string | null }> {
  const start = performance.now();
  try {
    const outcome = await PARSERS[parser]!(body);
    return { ms: performance.now() - start, outcome, error: null };
  } catch (error) {
    return { ms: performance.now() - start, outcome: null, error: (error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error)).replace(/\s+/g, ' ').slice(0, 90) };
  }
}

async function child(parser: string, hostile: string): Promise<void> {
  const result = await timed(parser, HOSTILE[hostile]!());
  process.stdout.write(JSON.stringify(result));
}

function feedFiles(): Array<{ name: string; body: string }> {
  const dirs = [fileURLToPath(new URL('../../shared/fixtures/feeds', import.meta.url)), fileURLToPath(new URL('../tests/fixtures/feeds', import.meta.url))];
  return dirs.filter(existsSync).flatMap((dir) =>
    readdirSync(dir).filter((file) => file.endsWith('.xml')).map((file) => ({ name: join(dir, file), body: readFileSync(join(dir, file), 'utf8') })),
  );
}

async function main(): Promise<void> {
  const feeds = feedFiles();
  console.log(`Real feeds: ${feeds.length} files (../shared/fixtures/feeds and tests/fixtures/feeds)\n`);
  console.log('parser'.padEnd(44), 'parsed', ' items', ' dated', ' ms/feed');
  for (const parser of Object.keys(PARSERS)) {
    let parsed = 0, items = 0, dated = 0, ms = 0;
    for (let round = 0; round < 5; round++) {
      for (const feed of feeds) {
        const result = await timed(parser, feed.body);
        if (round > 0) ms += result.ms; // round 0 warms the parser up
        if (round > 0 || !result.outcome) continue;
        parsed++;
        items += result.outcome.items;
        dated += result.outcome.dated;
      }
    }
    console.log(parser.padEnd(44), `${parsed}/${feeds.length}`.padStart(6), String(items).padStart(6), String(dated).padStart(6), (ms / (4 * feeds.length)).toFixed(2).padStart(8));
  }
  console.log(`\nHostile input (each in a child process, killed after ${timeoutSeconds} s):`);
  for (const hostile of Object.keys(HOSTILE)) {
    console.log(`\n${hostile} (${(Buffer.byteLength(HOSTILE[hostile]!()) / 1024).toFixed(0)} KB)`);
    for (const parser of Object.keys(PARSERS)) {
      const run = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', parser, hostile], {
        encoding: 'utf8', timeout: timeoutSeconds * 1000, maxBuffer: 1 << 20,
      });
      let line: string;
      if (run.error || run.signal) line = `killed after ${timeoutSeconds} s (${run.signal ?? run.error?.message})`;
      else if (run.status !== 0) line = `child exited ${run.status}: ${run.stderr.trim().split('\n').at(-1)?.slice(0, 90)}`;
      else {
        const result = JSON.parse(run.stdout) as Awaited<ReturnType<typeof timed>>;
        line = `${result.ms.toFixed(1).padStart(8)} ms  ${result.outcome ? `${result.outcome.items} items, ${result.outcome.dated} dated` : `error ${result.error}`}`;
      }
      console.log(`  ${parser.padEnd(44)} ${line}`);
    }
  }
}

if (args[0] === '--child') await child(args[1]!, args[2]!);
else await main();
