import { domainToUnicode } from 'node:url';
import { parse } from 'tldts';
import { displayHost, parseHttpUrl as httpUrl, safeCanonicalUrl } from './urls.js';

/**
 * Who a page is credited to. A page may say anything about itself (canonical URL, og:url, og:site_name);
 * those claims are believed only when they agree with the host the page was actually read from, so a
 * copycat cannot borrow another site's name or link.
 */

// Private suffixes (github.io, blogspot.com…) count: two blogs on one platform are two sites.
const PARSE_OPTIONS = { allowPrivateDomains: true } as const;

/**
 * The site a URL belongs to: its registrable domain ("en.antaranews.com" → "antaranews.com", by the
 * public-suffix list), or the bare host name for IP addresses and single-label hosts; null when it is not
 * an http(s) URL.
 */
export function siteOf(url: string | null | undefined): string | null {
  const parsed = httpUrl(url);
  if (!parsed) return null;
  const hostname = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return parse(hostname, PARSE_OPTIONS).domain ?? hostname;
}

/** True when both URLs are http(s) on the same site (same registrable domain; the port does not matter). */
export function sameSite(a: string | null | undefined, b: string | null | undefined): boolean {
  const siteA = siteOf(a);
  return siteA !== null && siteA === siteOf(b);
}

/** Words of a name, lower-cased, accents removed: "ANTARA News" → ["antara", "news"]. */
function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Words a site name may add after its brand without naming someone else ("BBC News", "detikNews", "Tempo English"). */
const GENERIC_WORDS = ['news', 'berita', 'online', 'daily', 'media', 'digital', 'tv', 'english', 'international', 'official', 'magazine', 'www'];

/** True when `rest` is nothing, or generic words and the host's own suffix parts glued together ("news", "com", "newscom"). */
function onlyGeneric(rest: string, allowed: readonly string[]): boolean {
  if (rest === '') return true;
  return allowed.some((word) => rest.startsWith(word) && onlyGeneric(rest.slice(word.length), allowed));
}

const MAX_SITE_NAME = 100;

/**
 * True when the first words of `name`, each taken whole or by its initial, spell `label` (at least three
 * letters) and every later word is in `allowed`: "Los Angeles Times" → latimes, "South China Morning Post" → scmp.
 */
function spellsWithInitials(name: readonly string[], label: string, allowed: readonly string[]): boolean {
  if (label.length < 3 || name.length > 12) return false;
  const walk = (i: number, j: number): boolean => {
    if (j === label.length) return i > 0 && name.slice(i).every((word) => allowed.includes(word));
    const word = name[i];
    if (word === undefined) return false;
    return (label.startsWith(word, j) && walk(i + 1, j + word.length)) || (label[j] === word[0] && walk(i + 1, j + 1));
  };
  return walk(0, 0);
}

const HOST_NAME = /^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i;

/**
 * Whether a page's declared site name may stand as its publisher on this host. The rule, for every site:
 * the name's letters and digits (accents, spaces and punctuation dropped, an initial "The" or "www"
 * optional) must spell the registrable domain's label ("antaranews" of en.antaranews.com, "bbc" of
 * bbc.co.uk), followed only by generic words ("News", "Online", "English"…), the host's own subdomain
 * labels ("detikfinance" on finance.detik.com) or its public suffix ("Kompas.com"); or the name may be the
 * label minus a generic ending ("Kaieteur News" on kaieteurnewsonline.com), or its first words may spell a
 * label of three or more letters whole or by initials ("South China Morning Post" on scmp.com). A name written as a host name
 * agrees when that host is on the same site. So "ANTARA News" agrees with antaranews.com, "BBC News" with
 * bbc.co.uk, and "Reuters" with nothing but a reuters.* host. IP addresses and single-label hosts have no
 * label, so no name agrees with them.
 */
export function siteNameAgrees(siteName: string, url: string | null | undefined): boolean {
  const parsed = httpUrl(url);
  const trimmed = siteName.trim();
  if (!parsed || trimmed.length > MAX_SITE_NAME) return false;
  if (HOST_NAME.test(trimmed)) return sameSite(`http://${trimmed}/`, parsed.toString());
  const info = parse(parsed.hostname, PARSE_OPTIONS);
  if (!info.domainWithoutSuffix) return false;
  const label = words(domainToUnicode(info.domainWithoutSuffix) || info.domainWithoutSuffix).join('');
  if (label === '') return false;
  const allowed = [...GENERIC_WORDS, ...(info.publicSuffix ?? '').split('.'), ...(info.subdomain ?? '').split('.').flatMap(words)].filter(Boolean);
  const name = words(trimmed);
  const variants = name[0] === 'the' || name[0] === 'www' ? [name, name.slice(1)] : [name];
  return variants.some((variant) => {
    const compact = variant.join('');
    return (
      (compact.startsWith(label) && onlyGeneric(compact.slice(label.length), allowed)) ||
      (compact.length >= 2 && label.startsWith(compact) && onlyGeneric(label.slice(compact.length), GENERIC_WORDS)) ||
      spellsWithInitials(variant, label, allowed)
    );
  });
}

/** What a page says about itself, read from its markup. */
export interface DeclaredIdentity {
  /** `<link rel="canonical">` href, as written (may be relative). */
  canonical: string | null;
  /** `og:url`, as written. */
  ogUrl: string | null;
  /** og:site_name, application-name or the JSON-LD publisher name. */
  siteName: string | null;
}

/** The URL and publisher a digest credits. */
export interface Attribution {
  /** The same-site canonical URL if the page declares one, else the URL read; tracking parameters stripped. */
  url: string | null;
  /** The declared site name when it agrees with the host, else the host read from (without www). */
  publisher: string | null;
}

const stripTracking = (url: URL): string => safeCanonicalUrl(url.toString());

/**
 * Credits a page read from `pageUrl` (the final URL after redirects). A declared canonical or og:url is
 * kept only on the same site as the page, and not when it points an article at the site's home page (some
 * CMSs do that on every article). Without a `pageUrl` nothing the page declares can be checked, so both
 * are null.
 */
export function attribute(pageUrl: string | null, declared: DeclaredIdentity): Attribution {
  const page = httpUrl(pageUrl);
  if (!page) return { url: null, publisher: null };
  let chosen = page;
  for (const raw of [declared.canonical, declared.ogUrl]) {
    const candidate = httpUrl(raw, page.toString());
    if (!candidate) continue;
    if (sameSite(candidate.toString(), page.toString()) && !(candidate.pathname === '/' && page.pathname !== '/')) chosen = candidate;
    break;
  }
  // Some sites put their home-page URL in og:site_name; then it is judged as that URL's host name.
  const siteName = declared.siteName?.replace(/\s+/g, ' ').trim() || null;
  const named = siteName && /^https?:\/\//i.test(siteName) ? displayHost(siteName) : siteName;
  const publisher = named && siteNameAgrees(named, page.toString()) ? named : displayHost(page.toString());
  return { url: stripTracking(chosen), publisher };
}
