// News boilerplate removal, one paragraph (line) at a time. Every rule is anchored to the start or end of a
// short line, so a real sentence that merely mentions "editor" or "iklan" mid-sentence is never touched.

/** "Baca juga: …" style cross-links that sit between the paragraphs of Indonesian and English news. */
const CROSS_LINK = /^(?:[-–—•*|>]\s*)?(?:baca|lihat|simak|cek|tonton|saksikan)\s+(?:juga|pula|selengkapnya)\b|^(?:[-–—•*|>]\s*)?(?:read|see|watch)\s+(?:also|more|next)\b\s*[:|-]|^(?:[-–—•*|>]\s*)?(?:also read|related(?: stories| articles?| coverage)?|artikel terkait|berita terkait)\s*[:|-]/i;

/** A heading that introduces a list of other headlines (the list follows on its own lines). */
const RELATED_HEADING =
  /^(?:baca juga|lihat juga|simak juga|jangan lewatkan|berita terkait|artikel terkait|topik terkait|foto terkait|video terkait|berita lainnya|artikel lainnya|berita populer|terpopuler|pilihan editor|rekomendasi|related(?: articles| stories| posts| news| coverage)?|read more|more stories|more photos|you may also like|recommended(?: for you)?|most popular|most read|trending(?: now)?|more from [\w .]+)\s*[!:.]*$/i;

/** Credit lines: translator, reporter, editor, photographer, source. */
const CREDIT_LABEL =
  '(?:penerjemah|pewarta|editor|redaktur|reporter|penulis|kontributor|fotografer|videografer|produser|sumber|source|translator|written by|reporting by|editing by|additional reporting by)';
const CREDIT_LINE = new RegExp(`^[(\\[]?${CREDIT_LABEL}\\s*[:|]`, 'i');
const CREDIT_LABEL_ONLY = new RegExp(`^${CREDIT_LABEL}\\s*:?$`, 'i');

const COPYRIGHT_TRAILER = /^(?:copyright\b|©|\(c\)\s*\d{4}|hak cipta\b|all rights reserved)/i;
const NO_COPYING = /^(?:dilarang (?:keras )?(?:mengambil|mengutip|menyalin|memperbanyak)|this (?:material|article) may not be (?:published|reproduced))/i;

/** Photo captions and credits: "Foto: …", "… (ANTARA FOTO/…)", "(AP Photo/…)". */
const CAPTION_START =
  /^(?:foto|photo|image|gambar|ilustrasi|illustration|file photo|dok(?:umentasi)?\.?|caption|keterangan foto|credit|pictured)\s*[:|/-]|^(?:photo(?:graph)?|image|picture|video)s? (?:by|courtesy of|credit)\b/i;
const CAPTION_END = /\((?:antara(?: foto)?|ap photo|foto|photo|dok\.?|ilustrasi|reuters\/|afp photo|credit|image|images)\s*[:/][^()]*\)?\.?$/i;
const FILE_PHOTO = /^(?:file photo|foto arsip|foto ilustrasi|ilustrasi)\.?$/i;

/** Share buttons, ad labels, app and social prompts. */
const CHROME_EXACT =
  /^(?:share(?: this(?: article| story)?)?|bagikan(?: artikel ini| berita ini)?|advertisement|advertisment|iklan|ads?|sponsored|sponsored content|konten bersponsor|scroll to continue(?: with content)?|gulir untuk melanjutkan|lanjutkan membaca|continue reading(?: below)?|story continues below(?: advertisement)?|subscribe|berlangganan|komentar|comments?|\d+\s+komentar|\d+\s+comments?|print|cetak|email|tweet|whatsapp|facebook|twitter|telegram|linkedin|copy link|salin tautan|tags?|tag:?)\s*[.!:]*$/i;
const CHROME_START =
  /^(?:share on (?:facebook|twitter|whatsapp|linkedin|x|telegram)|bagikan (?:ke|di) |ikuti (?:kami|kanal|saluran|berita|update|akun)|follow us on|follow (?:\w+ )?on (?:twitter|facebook|instagram|x|google news)|download (?:aplikasi|app|the app)|unduh aplikasi|klik di ?sini|click here|sign up for|daftar(?:kan diri)? (?:sekarang|newsletter)|dapatkan (?:update|berita|informasi)|pilih saluran andalanmu|mari bergabung|gabung (?:di|ke) (?:grup|kanal|saluran)|artikel ini (?:telah|sudah) tayang|this article (?:was|has been) (?:originally )?published|(?:the )?post .{1,120} appeared first on|(?:saksikan|simak|tonton) (?:juga )?(?:video|live streaming)\b)/i;
/** Page metadata labels that Readability keeps next to the body ("Last Modified: …", "Category : Press Releases"). */
const METADATA_LABEL =
  /^(?:last (?:modified|updated)|updated|release date|published(?: on)?|posted(?: on| in)?|category|categories|filed under|topics?|diperbarui|diterbitkan)\s*:/i;
/** "page.html - Created 03-10-2004 - Last Modified: …" footers that sit mid-line. */
const PAGE_STAMP = /\blast (?:modified|updated)\s*:/i;
/** Reprint notices and "follow us" / app prompts that are phrased as sentences. */
const NOTICE =
  /\bis the copyrighted property of\b|^\W*(?:disclaimer|disclosure)\s*:|\bthis (?:post|article|page|story) contains (?:references to products|affiliate links)\b|\bwe may (?:receive|earn) (?:a )?(?:compensation|commission)\b|\b(?:submit|send|write) (?:a|your) letters? to the editor\b|\badvertising (?:disclaimer|disclosure)\b|^get .{0,80}\b(?:by email|in your inbox|straight to your (?:phone|inbox))\b|\bsign up here\b|^(?:suggested citation|cite (?:this|as)|how to cite)\b|\b(?:you can )?(?:keep up with|follow) (?:me|him|her|them) on (?:twitter|facebook|instagram|x|linkedin|mastodon)\b|\bwritten permission (?:must|is required)\b|\bmay not be (?:re)?published,? broadcast|\bdownload (?:the|our) .{0,40}\bapps?\b|^(?:you can )?(?:keep up with|follow) .{0,60}\bon (?:twitter|facebook|instagram|x|linkedin|telegram|google news)\b|^sign up (?:to|for)\b|\balready a subscriber\b|\bplease subscribe\b|^if you (?:enjoyed|liked) (?:reading )?this/i;
const NEWSLETTER = /\b(?:newsletter|nawala)\b|\b(?:sudah|telah) berlangganan\b|^subscribe\b|^berlangganan\b|\bberlangganan untuk\b/i;

/** "5.713 views", "1.229 kali dibaca": counters of popular-article boxes. */
const VIEW_COUNTER = /\d[\d.,]*\s*(?:views?|kali dibaca|dibaca|dilihat|pembaca)\s*$/i;
const GALLERY_COUNTER = /^\d+\s+(?:foto|photos?|gambar|images?|video|videos)$/i;
/** A credit line that is just a wire agency, as ANTARA and Tempo print under translated stories. */
const AGENCY_ONLY = /^(?:\(?(?:antara|reuters|afp|ap|xinhua|bernama|sputnik|tass|anadolu|kyodo|yonhap)(?: news| foto)?\)?\s*(?:[/|,]\s*)?)+\.?$/i;
/** Detik-style editor initials at the end of a story: "(rdp/imk)". */
const EDITOR_INITIALS = /^\(\s*[a-z]{2,5}\s*\/\s*[a-z]{2,5}\s*\)$/i;

const DAY_OR_MONTH =
  /\b(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad|monday|tuesday|wednesday|thursday|friday|saturday|sunday|januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|desember|january|february|march|may|june|july|august|october|december|jan|feb|mar|apr|jun|jul|aug|agu|agt|sep|sept|okt|oct|nov|des|dec)\b/gi;
const TIME_WORDS = /\b(?:wib|wita|wit|gmt|utc|am|pm|pukul|updated|diperbarui|published|dipublikasikan|diterbitkan|views?|dilihat|dibaca)\b/gi;

const MAX_BOILERPLATE_LINE = 220;

/**
 * Author boxes and subscription pitches that follow the story. They read like sentences, so they are only
 * recognised among the last few paragraphs.
 */
const AUTHOR_BIO_SUBJECT = /^(?:[\p{Lu}][\p{L}.'’-]*\s){1,4}(?:is|was|has been)\s/u;
const AUTHOR_ROLE = /^.{0,200}\b(?:writer|editor|journalist|reporter|correspondent|columnist|founder|author|contributor|consultant|freelancer|blogger)\b/i;
const AUTHOR_BIO =
  /\b(?:has|have) been (?:writing|reporting|covering)\b|^(?:senior |contributing |staff |managing )?(?:editor|writer|reporter|journalist) (?:with|at|for|who)\b/iu;
const SUBSCRIPTION_PITCH = /\bsubscri(?:be|bers?|ption)\b/i;
const TAIL_WINDOW = 3;

function isTrailingExtra(paragraph: string): boolean {
  if (paragraph.length > 600) return false;
  return (AUTHOR_BIO_SUBJECT.test(paragraph) && AUTHOR_ROLE.test(paragraph)) || AUTHOR_BIO.test(paragraph) || (paragraph.length <= 250 && SUBSCRIPTION_PITCH.test(paragraph));
}

/** A line holding only a date, time and view count ("Kamis, 5 November 2015 14:56 WIB | 1.229 Views"). */
export function isDateOnly(line: string): boolean {
  if (line.length > 90 || !/\d/.test(line)) return false;
  if (!/(?<![\d+])\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}/.test(line) && line.search(DAY_OR_MONTH) === -1) return false;
  const rest = line.replace(DAY_OR_MONTH, ' ').replace(TIME_WORDS, ' ').replace(/[\d.,:/|()\-–—]+/g, ' ').trim();
  return rest.split(/\s+/).filter((word) => /\p{L}{2,}/u.test(word)).length === 0;
}

/** Short, without a sentence ending: a headline, label or link text rather than running text. */
export function isHeadlineLike(line: string): boolean {
  return line.length <= 160 && line.split(/\s+/).length <= 22 && !/[.:;,]["”’)]?$/.test(line) && !/\.\s+\p{Lu}/u.test(line);
}

/** Why a single line is boilerplate, or null when it is article text. */
function boilerplateKind(line: string): 'trailer' | 'related' | 'line' | null {
  if (line.length > MAX_BOILERPLATE_LINE * 2) return null;
  if (COPYRIGHT_TRAILER.test(line) && line.length <= MAX_BOILERPLATE_LINE) {
    return /\b(?:19|20)\d{2}\b|all rights reserved|hak cipta/i.test(line) ? 'trailer' : 'line';
  }
  if (RELATED_HEADING.test(line)) return 'related';
  if (CAPTION_END.test(line)) return 'line';
  if (NOTICE.test(line)) return 'line';
  if (line.length > MAX_BOILERPLATE_LINE) {
    // Long lines are article text unless they are an explicit cross-link or caption credit.
    return CROSS_LINK.test(line) && isHeadlineLike(line.replace(CROSS_LINK, '').replace(/^\s*[:|-]\s*/, '')) ? 'line' : null;
  }
  if (CROSS_LINK.test(line)) return 'line';
  if (CREDIT_LINE.test(line) && line.split(/\s+/).length <= 12) return 'line';
  if (NO_COPYING.test(line)) return 'line';
  if (CAPTION_START.test(line) || CAPTION_END.test(line) || FILE_PHOTO.test(line)) return 'line';
  // "Brandon Salim/©KapanLagi.com®/M. Akrom" — a © inside a short line is a photo credit.
  if (line.includes('©') && line.length <= 200) return 'line';
  if (CHROME_EXACT.test(line) || CHROME_START.test(line)) return 'line';
  if (line.length <= 160 && (NEWSLETTER.test(line) || METADATA_LABEL.test(line) || PAGE_STAMP.test(line))) return 'line';
  if (line.length <= 160 && VIEW_COUNTER.test(line)) return 'line';
  if (GALLERY_COUNTER.test(line) || AGENCY_ONLY.test(line) || EDITOR_INITIALS.test(line)) return 'line';
  if (isDateOnly(line)) return 'line';
  return null;
}

/** A line that ends like this ends its paragraph: the next line starts a new one even in lower case. */
const PARAGRAPH_END = /[.!?:;"”’)\]]$/;
/** A line that may continue a hard-wrapped sentence from the line above. */
const CONTINUATION_START = /^[\p{Ll}\d(]/u;
/** A shorter first piece is a label or heading ("Jakarta"), not a wrapped sentence. */
const MIN_WRAPPED_CHARS = 40;

/**
 * Splits text into paragraphs. Blank lines and single newlines both separate paragraphs (pasted news keeps one
 * paragraph per line), except a hard-wrapped line that stops mid-sentence and continues in lower case.
 * Linear: a paragraph is collected as a list of lines and joined once, and only its last line is tested (testing
 * the growing paragraph at every line made a 1.27 MB hard-wrapped page quadratic).
 */
function paragraphsOf(text: string): string[] {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[\t\f\v \u00a0\u200b\u2000-\u200a\u202f\u205f\u3000]+/g, ' ').trim());
  const paragraphs: string[] = [];
  let current: string[] = [];
  let currentLength = 0;
  const flush = () => {
    if (current.length > 0) paragraphs.push(current.join(' '));
    current = [];
    currentLength = 0;
  };
  let previousBlank = true;
  for (const line of lines) {
    if (line === '') {
      previousBlank = true;
      continue;
    }
    // Lines are trimmed, so the paragraph ends the way its last line ends.
    const lastLine = current.at(-1);
    const wrapped =
      !previousBlank && lastLine !== undefined && !PARAGRAPH_END.test(lastLine) && CONTINUATION_START.test(line) && currentLength >= MIN_WRAPPED_CHARS;
    if (!wrapped) flush();
    current.push(line);
    currentLength += (current.length > 1 ? 1 : 0) + line.length;
    previousBlank = false;
  }
  flush();
  return paragraphs;
}

/**
 * Removes news boilerplate (cross-links, credits, copyright trailers, captions, share/ad/newsletter text) from
 * main text or pasted text. Returns paragraphs separated by one blank line; the dateline stays.
 */
export function cleanArticleText(text: string): string {
  const paragraphs = paragraphsOf(text);
  const kept: string[] = [];
  for (let i = 0; i < paragraphs.length; i++) {
    const line = paragraphs[i] as string;
    const kind = boilerplateKind(line);
    if (kind === 'trailer') {
      // Everything after "Copyright © ANTARA 2025" is footer and sidebar, once the story itself is behind us.
      if (kept.length >= 2) break;
      continue;
    }
    if (kind === 'related') {
      // Skip the heading and the run of bare headlines under it.
      while (i + 1 < paragraphs.length && isHeadlineLike(paragraphs[i + 1] as string) && boilerplateKind(paragraphs[i + 1] as string) !== 'trailer') i++;
      continue;
    }
    if (kind === 'line') continue;
    if (CREDIT_LABEL_ONLY.test(line)) {
      // Kompas and Republika print "Editor" / ": Name" (or "Redaktur" / ":" / "Name") on separate lines.
      const next = paragraphs[i + 1];
      if (next !== undefined && /^:/.test(next)) {
        i++;
        if (next.trim() === ':' && (paragraphs[i + 1]?.length ?? 999) <= 60) i++;
      }
      continue;
    }
    kept.push(line);
  }
  if (kept.length > TAIL_WINDOW) {
    const first = kept.length - TAIL_WINDOW;
    for (let i = kept.length - 1; i >= first; i--) if (isTrailingExtra(kept[i] as string)) kept.splice(i, 1);
  }
  return kept.join('\n\n');
}
