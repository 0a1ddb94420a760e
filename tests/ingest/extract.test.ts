import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanArticleText } from '../../src/ingest/clean-text.js';
import { extractArticle, extractPage, stripSiteSuffix } from '../../src/ingest/extract.js';

const PAGES = join(import.meta.dirname, '../fixtures/pages');
const page = (name: string) => readFileSync(join(PAGES, name), 'utf8');
const ANTARA_URL = 'https://www.antaranews.com/berita/4825301/ri-dan-vietnam-sepakati-percepatan-perundingan-batas-zee?utm_source=telegram';

describe('extractArticle', () => {
  it('reads title, publisher, date and canonical URL from an ANTARA-style page', () => {
    const article = extractArticle(page('antara-like-article.html'), ANTARA_URL);
    expect(article.title).toBe('RI dan Vietnam sepakati percepatan perundingan batas ZEE');
    expect(article.publisher).toBe('ANTARA News');
    expect(article.publishedAt).toBe('2025-05-13T07:05:00.000Z');
    // Relative canonical resolved against the page, tracking parameters gone.
    expect(article.url).toBe('https://www.antaranews.com/berita/4825301/ri-dan-vietnam-sepakati-percepatan-perundingan-batas-zee');
    expect(article.language).toBe('id');
  });

  it('keeps the story paragraphs of an ANTARA-style page and cleans away its boilerplate', () => {
    const text = cleanArticleText(extractArticle(page('antara-like-article.html'), ANTARA_URL).text);
    const paragraphs = text.split('\n\n');
    expect(paragraphs[0]).toMatch(/^Hanoi \(ANTARA\) - Indonesia dan Vietnam sepakat/);
    expect(paragraphs.at(-1)).toBe('Kedua negara telah menyepakati garis batas landas kontinen pada 2003, namun perundingan batas ZEE masih berlangsung hingga kini.');
    expect(text).toContain('"Kami sepakat untuk menuntaskan perundingan batas ZEE secepatnya');
    for (const junk of ['Baca juga', 'Menlu Sugiono tiba di Hanoi', 'ANTARA FOTO', 'Share on Facebook', 'Bagikan', 'Pewarta', 'Editor', 'Copyright', 'Dilarang keras', 'Terpopuler', 'Politik']) {
      expect(text).not.toContain(junk);
    }
  });

  it('takes the date and publisher from JSON-LD inside an array and @graph', () => {
    const article = extractArticle(page('jsonld-article.html'), 'https://worlddesk.example/2025/03/04/grain-talks');
    expect(article.publishedAt).toBe('2025-03-04T09:30:00.000Z');
    expect(article.publisher).toBe('World Desk');
    expect(article.title).toBe('Leaders agree to resume Black Sea grain talks');
    expect(article.url).toBe('https://worlddesk.example/2025/03/04/grain-talks');
    expect(article.language).toBe('en');
  });

  it('keeps list items and block quotes as their own paragraphs', () => {
    const paragraphs = extractArticle(page('jsonld-article.html'), null).text.split('\n\n');
    expect(paragraphs).toContain('Turkey will host the technical team in Istanbul.');
    expect(paragraphs).toContain('The United Nations will chair the first round of talks.');
    expect(paragraphs).toContain('"Ships carrying grain must never be a target," the statement said.');
  });

  it('falls back to the host name without www when the page names no publisher', () => {
    const html = `<html><head><title>Talks resume</title></head><body><article>${'<p>The foreign ministers met in Jakarta on Tuesday and agreed to resume the maritime border talks next month.</p>'.repeat(5)}</article></body></html>`;
    const article = extractArticle(html, 'https://www.example.org/news/talks');
    expect(article.publisher).toBe('example.org');
    expect(article.url).toBe('https://www.example.org/news/talks');
    expect(article.publishedAt).toBeNull();
  });

  it('ignores a canonical link that is not http(s) or that points every article at the home page', () => {
    const body = `<body><article>${'<p>The foreign ministers met in Jakarta on Tuesday and agreed to resume the talks.</p>'.repeat(5)}</article></body>`;
    const javascriptCanonical = `<html><head><link rel="canonical" href="javascript:alert(1)"></head>${body}</html>`;
    expect(extractArticle(javascriptCanonical, 'https://news.example/a/1').url).toBe('https://news.example/a/1');
    const homeCanonical = `<html><head><link rel="canonical" href="https://news.example/"></head>${body}</html>`;
    expect(extractArticle(homeCanonical, 'https://news.example/a/2').url).toBe('https://news.example/a/2');
    expect(extractArticle(body, null).url).toBeNull();
  });

  it('reads a page that starts with <head> and has no <html> element', () => {
    const html = `<!DOCTYPE html>\n<head><meta property="og:title" content="Talks resume"></head><body><div>${'<p>The foreign ministers met in Jakarta on Tuesday and agreed to resume the talks.</p>'.repeat(5)}</div></body>`;
    const article = extractArticle(html, 'https://news.example/a/3');
    expect(article.title).toBe('Talks resume');
    expect(article.text).toContain('The foreign ministers met in Jakarta');
  });

  it('extracts a real ANTARA page with its metadata and without its trailers after clean-up', () => {
    const extracted = extractPage(page('antara-singlepage.html'), 'http://www.antaranews.com/berita/527615/29-penerbangan-bandara-internasional-lombok-dibatalkan');
    expect(extracted.article.title).toBe('29 penerbangan Bandara Internasional Lombok dibatalkan');
    expect(extracted.article.publishedAt).toMatch(/^2015-11-05/);
    expect(extracted.languageHint).toBe('id');
    const text = cleanArticleText(extracted.article.text);
    expect(text).toContain('Sebanyak 29 penerbangan baik domestik dan internasional');
    expect(text).not.toMatch(/Editor:|COPYRIGHT|views/);
  });
});

describe('extractArticle when Readability settles on the wrong block', () => {
  const story = [
    'The open letter was published on Tuesday by a group of writers who say public debate has become narrower in recent years. They want editors and universities to defend the exchange of ideas even when those ideas are unpopular.',
    'Its authors argue that institutions should answer bad ideas with argument and persuasion rather than with silence. Critics replied within hours that the letter confuses criticism with censorship and speaks for people with large platforms.',
    'Several of the signatories said they had hesitated before adding their names because they feared the reaction online.',
    'The publisher said it would print replies from readers who disagree with the letter in next month’s issue of the magazine.',
  ];
  const names = Array.from({ length: 12 }, (_, i) => `<p>Signatory Number${i}, Professor of History, University of Somewhere, Emeritus</p>`).join('');
  // "promo-banner" is one of Readability's unlikely-candidate class names, so it drops the story and keeps the comma-heavy list.
  const html = `<!doctype html><html><head><title>A Letter on Open Debate</title></head><body>
    <div class="page"><div class="col"><div class="promo-banner">${story.map((p) => `<p><span>${p}</span></p>`).join('')}</div></div></div>
    <div class="list"><div class="inner"><div class="signatories">${names}</div></div></div></body></html>`;

  it('takes the block of sentences instead of a comma-heavy list of names', () => {
    const text = extractArticle(html, 'https://magazine.example/letter').text;
    expect(text.split('\n\n')).toEqual(story);
  });

  it('drops a one-line figure caption but keeps a caption that is running text', () => {
    const longCaption = 'Pair a wide-brimmed hat with a long black dress and a broom from the garden shed, then add dark lipstick and a cat-shaped bag to finish the look.';
    const article = (caption: string) =>
      `<html><body><article>${story.map((p) => `<p>${p}</p>`).join('')}<figure><img src="a.jpg"><figcaption>${caption}</figcaption></figure></article></body></html>`;
    expect(extractArticle(article('Protesters outside the ministry on Monday.'), null).text).not.toContain('Protesters outside');
    expect(extractArticle(article(longCaption), null).text).toContain(longCaption);
  });
});

describe('page dates', () => {
  const page = (lang: string, date: string) =>
    `<html lang="${lang}"><head><meta property="article:published_time" content="${date}"></head><body><article><p>${'Kalimat berita yang cukup panjang untuk dibaca. '.repeat(12)}</p></article></body></html>`;

  it('reads zoned page dates as UTC instants, like feed dates', () => {
    expect(extractArticle(page('en', '2025-05-13T14:05:00+07:00'), null).publishedAt).toBe('2025-05-13T07:05:00.000Z');
    expect(extractArticle(page('en', 'Tue, 13 May 2025 14:05:00 +0700'), null).publishedAt).toBe('2025-05-13T07:05:00.000Z');
    expect(extractArticle(page('en', '1446710203000'), null).publishedAt).toBe('2015-11-05T07:56:43.000Z');
  });

  it('reads a zone-less page date at WIB on an Indonesian page and at UTC otherwise (the feed rule)', () => {
    expect(extractArticle(page('id-ID', '2025-05-13 14:05:00'), null).publishedAt).toBe('2025-05-13T07:05:00.000Z');
    expect(extractArticle(page('en', '2025-05-13 14:05:00'), null).publishedAt).toBe('2025-05-13T14:05:00.000Z');
    expect(extractArticle(page('en', '2025/5/3'), null).publishedAt).toBe('2025-05-03T00:00:00.000Z');
  });

  it('leaves the date null when the page gives none that reads as a date', () => {
    expect(extractArticle(page('id', 'kemarin sore'), null).publishedAt).toBeNull();
    expect(extractArticle(page('id', '0000-00-00 00:00:00'), null).publishedAt).toBeNull();
  });
});

describe('stripSiteSuffix', () => {
  it('removes the site name from either end of a title', () => {
    expect(stripSiteSuffix('RI dan Vietnam sepakati batas ZEE - ANTARA News', ['ANTARA News'])).toBe('RI dan Vietnam sepakati batas ZEE');
    expect(stripSiteSuffix('Menteri Yuddy Ancam PNS - Kompas.com Regional', ['KOMPAS.com'])).toBe('Menteri Yuddy Ancam PNS');
    expect(stripSiteSuffix('KapanLagi.com: Brandon Salim Makin Dekat', ['KapanLagi.com'])).toBe('Brandon Salim Makin Dekat');
  });

  it('leaves a title alone when the last part is not the site name', () => {
    expect(stripSiteSuffix('Putin - Pezeshkian call', ['ANTARA News'])).toBe('Putin - Pezeshkian call');
  });
});

describe('extractPage without language detection', () => {
  it('reports the declared language, as the Ingestor detects it on the cleaned text itself', () => {
    const extracted = extractPage(page('antara-like-article.html'), ANTARA_URL, { detectLanguage: false });
    expect(extracted.article.language).toBe(extracted.languageHint ?? 'und');
    expect(extracted.article.text).toBe(extractPage(page('antara-like-article.html'), ANTARA_URL).article.text);
  });
});
