import type { Digest, DigestDraft } from '../../src/digest/schema.js';

/** A draft with every list empty and nothing known: tests spread it and set the fields they care about. */
export const emptyDraft: DigestDraft = {
  headline: '',
  summary: '',
  who: [],
  countries: [],
  what: '',
  when: null,
  where: null,
  agreements: [],
  nextSteps: [],
  keyPoints: [],
  background: [],
};

/** A small valid digest for storage tests. */
export const sampleDigest: Digest = {
  ...emptyDraft,
  language: 'en',
  engine: 'extractive',
  model: 'extractive-v1',
  source: { url: 'https://example.com/a', title: 'A', publisher: 'Example', publishedAt: null, language: 'en' },
  headline: 'Ministers meet',
  summary: 'Two ministers met.',
  what: 'A meeting',
  notes: [],
};
