import { describe, expect, it } from 'vitest';
import { creditName, describePerson, formatDate, labelsFor } from '../../../src/digest/render/labels.js';
import type { DigestSource } from '../../../src/digest/schema.js';

const source = (overrides: Partial<DigestSource> = {}): DigestSource => ({
  url: null,
  title: null,
  publisher: null,
  publishedAt: null,
  language: 'id',
  ...overrides,
});

describe('labelsFor', () => {
  it('gives natural Indonesian labels for an Indonesian digest', () => {
    const id = labelsFor('id');
    expect([id.who, id.what, id.when, id.where]).toEqual(['Siapa', 'Apa', 'Kapan', 'Di mana']);
    expect([id.agreements, id.nextSteps, id.background, id.notes, id.source]).toEqual([
      'Kesepakatan',
      'Langkah selanjutnya',
      'Latar belakang',
      'Catatan',
      'Sumber',
    ]);
    expect(id.engineTag('extractive', 'extractive-1')).toBe('Diringkas oleh mesin bawaan');
    expect(id.engineTag('openai', 'gpt-4o-mini')).toBe('Diringkas oleh AI (gpt-4o-mini)');
  });

  it('gives English labels for an English digest', () => {
    const en = labelsFor('en');
    expect([en.agreements, en.nextSteps, en.background, en.source]).toEqual(['Agreements', 'Next steps', 'Background', 'Source']);
    expect(en.keyPoints).toBe('Key points');
    expect(labelsFor('id').keyPoints).toBe('Poin penting');
    expect(en.engineTag('extractive', 'x')).toBe('Summarized by the built-in engine');
  });
});

describe('formatDate', () => {
  it('writes ISO dates the way each language reads them', () => {
    expect(formatDate('2025-05-06', 'en')).toBe('6 May 2025');
    expect(formatDate('2025-05-06', 'id')).toBe('6 Mei 2025');
    expect(formatDate('2025-08-17', 'id')).toBe('17 Agustus 2025');
    expect(formatDate('2024-02-29', 'en')).toBe('29 February 2024');
    expect(formatDate('2025-03', 'id')).toBe('Maret 2025');
  });

  it('keeps the calendar date of a timestamp as written, not converted to UTC', () => {
    expect(formatDate('2025-05-06T06:00:00+07:00', 'id')).toBe('6 Mei 2025');
    expect(formatDate('2025-05-05T23:30:00Z', 'en')).toBe('5 May 2025');
  });

  it('returns text that is not a valid ISO date unchanged', () => {
    expect(formatDate('Tuesday', 'en')).toBe('Tuesday');
    expect(formatDate('Selasa', 'id')).toBe('Selasa');
    expect(formatDate('17 Januari', 'id')).toBe('17 Januari');
    expect(formatDate('17 January', 'en')).toBe('17 January');
    expect(formatDate('2025-02-30', 'en')).toBe('2025-02-30');
    expect(formatDate('2025-13-01', 'id')).toBe('2025-13-01');
  });
});

describe('describePerson', () => {
  it('shows the role, and the country only when the role does not name it', () => {
    expect(describePerson({ name: 'Vladimir Putin', role: 'President of Russia', country: 'Russia' })).toBe(
      'Vladimir Putin (President of Russia)',
    );
    expect(describePerson({ name: 'Masoud Pezeshkian', role: 'Presiden Iran', country: 'Iran' })).toBe('Masoud Pezeshkian (Presiden Iran)');
    expect(describePerson({ name: 'Sergey Lavrov', role: 'Foreign Minister', country: 'Russia' })).toBe(
      'Sergey Lavrov (Foreign Minister, Russia)',
    );
    expect(describePerson({ name: 'Badr Albusaidi', role: null, country: 'Oman' })).toBe('Badr Albusaidi (Oman)');
    expect(describePerson({ name: 'Oman', role: null, country: 'Oman' })).toBe('Oman');
    expect(describePerson({ name: 'Kremlin', role: ' ', country: null })).toBe('Kremlin');
  });
});

describe('creditName', () => {
  it('falls back from publisher to host to title to a pasted-text label', () => {
    expect(creditName(source({ publisher: 'ANTARA', url: 'https://www.antaranews.com/x' }), 'id')).toBe('ANTARA');
    expect(creditName(source({ url: 'https://www.antaranews.com/x', title: 'Judul' }), 'id')).toBe('antaranews.com');
    expect(creditName(source({ title: 'Judul berita' }), 'id')).toBe('Judul berita');
    expect(creditName(source(), 'id')).toBe('teks yang ditempel');
    expect(creditName(source(), 'en')).toBe('pasted text');
    expect(creditName(source({ url: 'ftp://files.example/a' }), 'en')).toBe('web page');
  });
});
