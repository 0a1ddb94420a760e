// Attribution on real pages: npx tsx bench/attribution.ts [sharedFixturesDir]
// For every extraction-en / extraction-id page with its real URL, how often the page's own claims
// (og:site_name, canonical / og:url) are credited, and which ones are not. Offline: pages are files.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseHTML } from 'linkedom';
import { attribute } from '../src/ingest/attribution.js';
import { displayHost } from '../src/ingest/urls.js';

const ROOT = resolve(import.meta.dirname, '..');
const shared = resolve(process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? join(ROOT, '../shared/fixtures'));

interface Page {
  url: string;
  file: string;
}

function pages(): Page[] {
  const found: Page[] = [];
  const en = JSON.parse(readFileSync(join(shared, 'extraction-en/evaldata-en.json'), 'utf8')) as Record<string, { file: string }>;
  for (const [url, entry] of Object.entries(en)) found.push({ url, file: join(shared, 'extraction-en/html', entry.file) });
  const id = JSON.parse(readFileSync(join(shared, 'extraction-id/ground-truth.json'), 'utf8')) as Record<string, { url?: string }>;
  for (const [file, entry] of Object.entries(id)) if (entry.url) found.push({ url: entry.url, file: join(shared, 'extraction-id/html', file) });
  // Pages saved without their address cannot be attributed to anything.
  return found.filter((page) => /^https?:\/\//.test(page.url));
}

interface Doc {
  querySelector(selector: string): { getAttribute(name: string): string | null } | null;
}
const metaOf = (document: Doc, key: string) =>
  document.querySelector(`meta[property="${key}"]`)?.getAttribute('content') ?? document.querySelector(`meta[name="${key}"]`)?.getAttribute('content') ?? null;

let named = 0;
let nameKept = 0;
let declared = 0;
let declaredKept = 0;
const refusedNames: string[] = [];
const refusedUrls: string[] = [];
const all = pages();
for (const page of all) {
  const { document } = parseHTML(readFileSync(page.file, 'utf8')) as unknown as { document: Doc };
  const siteName = metaOf(document, 'og:site_name') ?? metaOf(document, 'application-name');
  const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? null;
  const ogUrl = metaOf(document, 'og:url');
  const credit = attribute(page.url, { canonical, ogUrl, siteName });
  const host = displayHost(page.url);
  if (siteName) {
    named++;
    // A name that is the host itself ("https://site.example") is kept whichever way it is judged.
    if (credit.publisher !== host || displayHost(/^https?:/i.test(siteName) ? siteName : `http://${siteName.trim()}`) === host) nameKept++;
    else refusedNames.push(`  "${siteName.trim()}" on ${new URL(page.url).hostname} → ${credit.publisher}`);
  }
  const claim = canonical ?? ogUrl;
  if (claim) {
    declared++;
    let claimed: string | null = null;
    try {
      claimed = new URL(claim, page.url).hostname;
    } catch {
      // Not a URL: nothing was claimed.
    }
    if (claimed === null || new URL(credit.url ?? page.url).hostname === claimed) declaredKept++;
    else refusedUrls.push(`  ${claimed} declared on ${new URL(page.url).hostname}`);
  }
}

console.log(`Attribution on ${all.length} pages of extraction-en + extraction-id with their real URL (${shared})`);
console.log(`  og:site_name / application-name declared: ${named}; credited as publisher: ${nameKept} (${((100 * nameKept) / Math.max(1, named)).toFixed(0)}%); host credited instead: ${named - nameKept}`);
console.log(`  canonical / og:url declared: ${declared}; kept (same site): ${declaredKept}; ignored (another site): ${declared - declaredKept}`);
if (process.argv.includes('--list')) {
  console.log('Site names not credited:');
  console.log(refusedNames.join('\n'));
  console.log('Canonical URLs of another site:');
  console.log(refusedUrls.join('\n'));
}
