// Word document benchmark: npm run bench:docx [-- --runs 9] [file.docx …]
// readDocx (package checks, mammoth's HTML, the block-to-paragraph walk) on a generated 10-section statement (a
// Title, and per section a Heading 1, three paragraphs, two bullets and a table): the first call (loading mammoth
// and jszip), then ms per document as the median of the runs; the same for any real .docx named on the command line.
// Also the declared-size refusal of a 51 MB zero-filled entry, which must not reach mammoth.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import { isAppError } from '../src/errors/app-error.js';
import { readDocx } from '../src/ingest/documents/docx-text.js';
import { type DocxBlock, buildDocx } from '../tests/support/docx-builder.js';

const runsIndex = process.argv.indexOf('--runs');
const runs = runsIndex >= 0 ? Number(process.argv[runsIndex + 1]) : 9;
const files = process.argv.slice(2).filter((value, i, all) => !value.startsWith('--') && all[i - 1] !== '--runs');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

const SENTENCE =
  'The two foreign ministers discussed cooperation on trade, maritime security and the protection of migrant workers, and agreed that their officials would meet again before the end of the year.';
function statement(sections: number): DocxBlock[] {
  const blocks: DocxBlock[] = [{ text: 'Joint Press Statement on the Bilateral Consultation', style: 'Title' }];
  for (let s = 1; s <= sections; s++) {
    blocks.push({ text: `Section ${s}: outcomes of the consultation`, style: 'Heading1' });
    for (let p = 0; p < 3; p++) blocks.push(`${SENTENCE} ${SENTENCE} ${SENTENCE}`);
    blocks.push({ bullet: `Follow-up ${s}.1: a working group on trade facilitation.` }, { bullet: `Follow-up ${s}.2: a joint patrol schedule.` });
    blocks.push({ table: [['Item', 'Lead', 'Date'], [`Programme ${s}`, 'Ministry of Foreign Affairs', '12 June 2026']] });
  }
  return blocks;
}

async function measure(label: string, bytes: Uint8Array): Promise<void> {
  let start = performance.now();
  const first = await readDocx(bytes);
  const firstMs = performance.now() - start;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    start = performance.now();
    await readDocx(bytes);
    times.push(performance.now() - start);
  }
  console.log(`${label}: ${bytes.byteLength} bytes, ${first.text.length} characters; first call ${firstMs.toFixed(0)} ms, then ${median(times).toFixed(1)} ms per document (median of ${runs})`);
}

await measure('generated statement, 10 sections', await buildDocx({ blocks: statement(10) }));
for (const file of files) await measure(basename(file), new Uint8Array(readFileSync(file)));

const bomb = await buildDocx({ blocks: statement(1), extra: { 'word/media/zeros.bin': new Uint8Array(51 * 1024 * 1024) } });
const start = performance.now();
const outcome = await readDocx(bomb).then(
  () => 'read (unexpected)',
  (error: unknown) => (isAppError(error) ? error.code : String(error)),
);
console.log(`51 MB declared entry (${(bomb.byteLength / 1024).toFixed(0)} KB file): ${outcome} in ${(performance.now() - start).toFixed(1)} ms`);
