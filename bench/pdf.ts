// PDF extraction benchmark: npm run bench:pdf [-- --runs 9] [--hostile] [--time-limit 2000] [file.pdf …]
// (1) readPdf on a generated 20-page statement (running header, page-number footer, wrapped paragraphs):
//     pages per second and ms per page, median of the runs after one warm-up; the same for unpdf's plain
//     extractText, to show what the layout pass (lines, headers, paragraphs) costs on top of pdf.js; the same
//     for any real PDF files named on the command line (their first 50 pages).
// (2) --hostile: time, memory and event-loop responsiveness for hand-written hostile PDFs (deep nesting,
//     a huge page tree, a deflate bomb, a 20 MB content stream), each under readPdf's time limit.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import { deflateSync } from 'node:zlib';
import { extractText, getDocumentProxy } from 'unpdf';
import { isAppError } from '../src/errors/app-error.js';
import { readPdf } from '../src/ingest/documents/pdf-text.js';
import { longStatementPdf, rawPdf } from '../tests/fixtures/documents/generate.js';

const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
};
const runs = arg('--runs', 9);
const PAGES = 20;

const OPTION_VALUES = new Set(['--runs', '--time-limit']);
const files = process.argv.slice(2).filter((value, i, all) => !value.startsWith('--') && !OPTION_VALUES.has(all[i - 1] ?? ''));

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function timed(label: string, work: () => Promise<unknown>, pages = PAGES): Promise<void> {
  await work(); // warm-up: module load, JIT
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  const ms = median(times);
  console.log(`${label.padEnd(28)} ${(ms / pages).toFixed(2).padStart(7)} ms/page ${((pages * 1000) / ms).toFixed(0).padStart(6)} pages/s   (median of ${runs}: ${ms.toFixed(1)} ms per ${pages}-page document)`);
}

const bytes = await longStatementPdf(PAGES);
const sample = await readPdf(bytes);
console.log(`document: ${PAGES} pages, ${(bytes.length / 1024).toFixed(0)} KB, ${sample.text.length} characters read, title "${sample.title}"`);
await timed('readPdf', () => readPdf(bytes));
await timed('unpdf extractText (raw)', async () => extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true }));

for (const file of files) {
  const data = new Uint8Array(readFileSync(file));
  const doc = await readPdf(data);
  const read = doc.pages - doc.pagesSkipped;
  console.log(`\n${basename(file)}: ${doc.pages} pages (${read} read), ${(data.length / 1024).toFixed(0)} KB, ${doc.text.length} characters, title "${doc.title}"`);
  await timed('readPdf', () => readPdf(data), read);
}

if (process.argv.includes('--hostile')) await hostile();

async function hostile(): Promise<void> {
  const stream = (data: Buffer, flate = false) => Buffer.concat([Buffer.from(`<< /Length ${data.length}${flate ? ' /Filter /FlateDecode' : ''} >>\nstream\n`), data, Buffer.from('\nendstream')]);
  const text = Buffer.from('BT /F1 11 Tf 50 760 Td (The ministers met in Jakarta and agreed on a plan of action for maritime cooperation.) Tj ET');
  const onePage = (pages: string, pageExtra: string, content: Buffer) =>
    rawPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      pages,
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> ${pageExtra} /Contents 5 0 R >>`,
      content,
    ]);
  const tree = '<< /Type /Pages /Kids [4 0 R] /Count 1 >>';
  const deep = 100_000;
  const cases: Array<[string, () => Uint8Array]> = [
    [`${deep} nested arrays in a page dictionary`, () => onePage(tree, `/X ${'['.repeat(deep)}${']'.repeat(deep)}`, stream(text))],
    [`${deep} nested arrays in the content stream`, () => onePage(tree, '', stream(Buffer.concat([text, Buffer.from(` ${'['.repeat(deep)}${']'.repeat(deep)} pop`)])))],
    ['/Count 100000000, one kid', () => onePage('<< /Type /Pages /Kids [4 0 R] /Count 100000000 >>', '', stream(text))],
    ['200000 kids, all one page', () => onePage(`<< /Type /Pages /Kids [${'4 0 R '.repeat(200_000)}] /Count 200000 >>`, '', stream(text))],
    ['deflate bomb (→ 300 MB)', () => onePage(tree, '', stream(deflateSync(Buffer.concat([text, Buffer.alloc(300 * 1024 * 1024, 0x20)]), { level: 9 }), true))],
    ['20 MB of Tj operators', () => onePage(tree, '', stream(Buffer.from(`BT /F1 11 Tf 50 760 Td ${'(word ) Tj 0 -1 Td '.repeat(1_050_000)}ET`)))],
  ];
  const limit = arg('--time-limit', 2000);
  console.log(`\nhostile PDFs (readPdf timeLimitMs ${limit}; "loop" = 50 ms timer ticks seen, i.e. how often the event loop ran):`);
  for (const [name, make] of cases) {
    const pdf = make();
    global.gc?.();
    const rss = process.memoryUsage().rss;
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 50);
    const start = performance.now();
    const outcome = await readPdf(pdf, { timeLimitMs: limit }).then(
      (doc) => `read: ${doc.pages} pages, ${doc.text.length} chars`,
      (error: unknown) => (isAppError(error) ? error.code : String(error)),
    );
    const ms = performance.now() - start;
    clearInterval(ticker);
    console.log(
      `  ${name.padEnd(42)} ${(pdf.length / 1e6).toFixed(1).padStart(5)} MB  ${ms.toFixed(0).padStart(6)} ms  rss ${((process.memoryUsage().rss - rss) / 1e6).toFixed(0).padStart(5)} MB  loop ${String(ticks).padStart(3)}/${Math.floor(ms / 50)}  ${outcome}`,
    );
  }
}
