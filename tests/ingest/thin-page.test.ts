import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors/app-error.js';
import { userMessage } from '../../src/errors/user-messages.js';
import { createIngestor } from '../../src/ingest/article-reader.js';
import { thinPageReason } from '../../src/ingest/thin-page.js';

const page = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/pages', name), 'utf8');
const ingestor = createIngestor({ fetcher: { fetchPage: () => Promise.reject(new Error('these tests never fetch')) } });

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the page to be refused');
}

const STORY = [
  'The foreign ministers of Chile and Vietnam met in Hanoi on Monday to prepare a visit by the Chilean president later this year.',
  'They discussed lithium processing, a direct shipping line for fruit and seafood, and scholarships for engineering students in both countries.',
  'Officials said a memorandum on customs cooperation would be ready for signing during the visit, after two rounds of talks by video link.',
  'The two countries have had a free trade agreement since 2014, and trade between them has tripled since then, the ministry said.',
];
const options = { minChars: 500 };

describe('section fronts and articles', () => {
  it('summarizes a long article page with a long related-links block', () => {
    const article = ingestor.fromHtml(page('long-article-related-links.html'), 'https://wire.example/ocean/fisheries-talks');
    expect(article.title).toBe('Indonesia and Norway to open fisheries partnership talks');
    expect(article.text).toMatch(/^Jakarta \(Kabar Test\) - Indonesia and Norway agreed on Tuesday/);
    expect(article.text).toContain('would meet again before the end of the year');
  });

  it('still refuses a real section front, even one that calls itself og:type=article', () => {
    const error = refusal(() => ingestor.fromHtml(page('diplomacy-index.html'), 'https://wire.example/diplomacy'));
    expect(error.code).toBe('NOT_AN_ARTICLE');
    expect(error.details['reason']).toBe('section-front');
  });

  it('still refuses a short latest-news box of two dated headlines with teasers', () => {
    const error = refusal(() => ingestor.fromHtml(page('kompas-mainpage.html'), 'http://indeks.kompas.com/'));
    expect(error.details['reason']).toBe('section-front');
  });

  it('still refuses an index whose headlines are not links when each item ends in a date and a read-more link', () => {
    const html = page('diplomacy-index.html').replace(
      /<h3><a href="([^"]+)">([^<]+)<\/a><\/h3>([\s\S]*?<span class="date">[^<]+<\/span>)/g,
      '<h3>$2</h3>$3 <a href="$1">Read more</a>',
    );
    expect(html).not.toMatch(/<h3><a/);
    const error = refusal(() => ingestor.fromHtml(html, 'https://wire.example/diplomacy'));
    expect(error.details['reason']).toBe('section-front');
  });

  it('still refuses an index whose cards are single links holding headline, teaser and date', () => {
    const html = page('diplomacy-index.html').replace(
      /<div class="card">\s*<h3><a href="([^"]+)">([^<]+)<\/a><\/h3>\s*<p>([^<]+)<\/p>\s*<span class="date">([^<]+)<\/span>\s*<\/div>/g,
      '<a class="card" href="$1"><h3>$2</h3><p>$3</p><span class="date">$4</span></a>',
    );
    expect(html).toContain('<a class="card"');
    const error = refusal(() => ingestor.fromHtml(html, 'https://wire.example/diplomacy'));
    expect(error.details['reason']).toBe('section-front');
  });

  it('summarizes a question-and-answer page of short headings and short answers', () => {
    const pairs = [
      ['What did the ministers agree on?', 'They agreed to open talks on a fisheries partnership before the end of the year.'],
      ['Who will lead the talks?', 'Senior officials of both foreign ministries will lead the first two rounds.'],
      ['Where will the first round be held?', 'The first round is planned for Bergen, on the west coast of Norway.'],
      ['Does this change the maritime boundary?', 'No, the boundary was settled earlier and is not part of these talks.'],
      ['Will other countries join?', 'Members of the regional fisheries forum may join once the terms are agreed.'],
      ['When is the next meeting?', 'Officials will meet again in the autumn to review the draft terms of reference.'],
    ];
    const html = `<html lang="en"><head><title>Fisheries talks: questions and answers</title></head><body><article><h1>Fisheries talks: questions and answers</h1>${pairs
      .map(([question, answer]) => `<h3>${question}</h3><p>${answer}</p>`)
      .join('')}</article></body></html>`;
    const article = ingestor.fromHtml(html, 'https://wire.example/ocean/faq');
    expect(article.text).toContain('Bergen, on the west coast of Norway');
  });

  it('summarizes a short brief that opens the page even when related headlines with teasers fill most of it', () => {
    const article = ingestor.fromHtml(page('brief-with-related-headlines.html'), 'https://wire.example/asia/coast-guards');
    expect(article.text).toContain('hotline between the two coast guards');
  });

  it('summarizes a story whose page ends in a navigation box of headline links', () => {
    // The box's links are dropped from the text as a link list; they must not count against the story either.
    const article = ingestor.fromHtml(page('article-with-navigation-box.html'), 'https://wire.example/ocean/fisheries-talks');
    expect(article.text).toMatch(/^Jakarta \(Kabar Test\)/);
    expect(article.text).not.toContain('salmon farming standards');
  });

  it('summarizes a story followed by a long list of names that are not links', () => {
    const names = Array.from({ length: 80 }, (_, i) => `Signatory ${i}, University of Somewhere`);
    const text = [...STORY, ...names].join('\n\n');
    expect(thinPageReason({ rawText: text, text, readable: true, linkTexts: [] }, options)).toBeNull();
  });

  it('refuses headline links with one-line teasers, and needs more of them when the page declares a NewsArticle', () => {
    const headlines = Array.from({ length: 6 }, (_, i) => `Envoys of ${i + 3} nations meet in Geneva on grain corridor`);
    const paragraphs = headlines.flatMap((headline, i) => [headline, `Delegates from ${i + 3} countries took part in the first session on Monday.`]);
    // A short note of the desk between the items: the page is still mostly items, but not 90% of them.
    paragraphs.push('This page lists the latest stories from our diplomacy desk and is updated every hour of the day.');
    paragraphs.push('Our editors choose the stories with the help of reporters in twelve capitals across four regions.');
    const text = paragraphs.join('\n\n');
    const facts = { rawText: text, text, readable: true, linkTexts: headlines };
    expect(thinPageReason(facts, options)).toBe('section-front');
    expect(thinPageReason({ ...facts, declaredTypes: ['NewsArticle'] }, options)).toBeNull();
    expect(thinPageReason({ ...facts, declaredTypes: ['og:article'] }, options)).toBe('section-front');
  });
});

describe('the refusal the user reads', () => {
  it('names a section front in one sentence in English and in Indonesian', () => {
    const error = new AppError('NOT_AN_ARTICLE', 'Section front: …', { details: { reason: 'section-front' } });
    const en = userMessage(error, 'en');
    const id = userMessage(error, 'id');
    expect(en).toMatch(/list of headlines/);
    expect(id).toMatch(/daftar judul berita/);
    for (const line of [en, id]) expect(line.split(/[.!?]\s+\p{Lu}/u)).toHaveLength(1);
  });

  it('tells a paywall from a section front', () => {
    const wall = new AppError('NOT_AN_ARTICLE', 'Cookie wall', { details: { reason: 'wall' } });
    expect(userMessage(wall, 'en')).toMatch(/cookie or subscription wall/);
    expect(userMessage(wall, 'id')).toMatch(/dinding cookie atau langganan/);
  });
});
