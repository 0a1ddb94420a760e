import type { Digest } from '../../src/digest/schema.js';

/** A small valid digest for storage tests. */
export const sampleDigest: Digest = {
  language: 'en',
  engine: 'extractive',
  model: 'extractive-v1',
  source: { url: 'https://example.com/a', title: 'A', publisher: 'Example', publishedAt: null, language: 'en' },
  headline: 'Ministers meet',
  summary: 'Two ministers met.',
  who: [],
  countries: [],
  what: 'A meeting',
  when: null,
  where: null,
  agreements: [],
  nextSteps: [],
  keyPoints: [],
  background: [],
  notes: [],
} as Digest;
