import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors/app-error.js';
import { findPreset, loadPresets, parsePresets } from '../../src/subscriptions/presets.js';

const CATALOGUE = resolve(import.meta.dirname, '../../config/sources.json');
const good = { id: 'antara-id-dunia', name: 'ANTARA — Dunia', url: 'https://www.antaranews.com/rss/dunia.xml', language: 'id' };

function configError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('the shipped catalogue', () => {
  it('loads config/sources.json with ANTARA in both languages and international sources', () => {
    const presets = loadPresets(CATALOGUE);
    expect(presets.length).toBeGreaterThanOrEqual(8);
    expect(findPreset(presets, 'antara-id-dunia')).toMatchObject({ language: 'id', url: 'https://www.antaranews.com/rss/dunia.xml' });
    expect(findPreset(presets, 'ANTARA-EN-WORLD')).toMatchObject({ language: 'en' });
    expect(presets.some((preset) => preset.language === 'id')).toBe(true);
    expect(presets.some((preset) => preset.language === 'en')).toBe(true);
  });
});

describe('parsePresets', () => {
  it('accepts a valid catalogue', () => {
    expect(parsePresets([good])).toEqual([good]);
  });

  it('names the entry that has a non-http URL, a bad id or an unknown language', () => {
    const ftp = configError(() => parsePresets([good, { ...good, id: 'ftp', url: 'ftp://x.example.com/rss' }]));
    expect(ftp.code).toBe('CONFIG_INVALID');
    expect(ftp.message).toMatch(/entry 2 \(id "ftp"\).*url/);
    expect(configError(() => parsePresets([{ ...good, id: 'Bad Id' }])).message).toMatch(/entry 1 \(id "Bad Id"\).*id/);
    expect(configError(() => parsePresets([{ ...good, language: 'fr' }])).message).toMatch(/language/);
    expect(configError(() => parsePresets([{ ...good, name: '' }])).message).toMatch(/name/);
  });

  it('refuses duplicate ids and URLs, naming both entries', () => {
    expect(configError(() => parsePresets([good, { ...good, url: 'https://other.example.com/rss' }])).message).toBe(
      'sources entry 2 (id "antara-id-dunia"): id already used by entry 1',
    );
    expect(configError(() => parsePresets([good, { ...good, id: 'copy' }])).message).toContain('url already used by entry 1');
  });

  it('refuses something that is not an array', () => {
    expect(configError(() => parsePresets({ sources: [] })).code).toBe('CONFIG_INVALID');
  });
});

describe('loadPresets', () => {
  it('reports a missing file and invalid JSON as CONFIG_INVALID', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kabar-presets-'));
    expect(configError(() => loadPresets(join(dir, 'missing.json'))).message).toContain('Cannot read');
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '[{"id": ');
    expect(configError(() => loadPresets(broken)).message).toContain('not valid JSON');
  });
});
