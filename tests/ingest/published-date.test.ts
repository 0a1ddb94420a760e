import { describe, expect, it } from 'vitest';
import { defaultUtcOffsetMinutes, parsePublishedDate } from '../../src/ingest/published-date.js';

describe('parsePublishedDate', () => {
  it('reads RFC 822 dates with named zones, numeric offsets and two-digit years', () => {
    expect(parsePublishedDate('Tue, 06 May 2025 10:00:00 GMT')).toBe('2025-05-06T10:00:00.000Z');
    expect(parsePublishedDate('Tue, 6 May 2025 06:00:00 EDT')).toBe('2025-05-06T10:00:00.000Z');
    expect(parsePublishedDate('06 May 25 17:00 +0700')).toBe('2025-05-06T10:00:00.000Z');
    expect(parsePublishedDate('Selasa, 6 Mei 2025 17.00 WIB')).toBe('2025-05-06T10:00:00.000Z');
  });

  it('reads ISO dates with and without a zone, using the default offset when none is given', () => {
    expect(parsePublishedDate('2025-05-06T10:00:00Z')).toBe('2025-05-06T10:00:00.000Z');
    expect(parsePublishedDate('2025-05-06T10:00:00.123+07:00')).toBe('2025-05-06T03:00:00.000Z');
    expect(parsePublishedDate('2025-05-06 10:00:00')).toBe('2025-05-06T10:00:00.000Z');
    expect(parsePublishedDate('2025-05-06 10:00:00', 420)).toBe('2025-05-06T03:00:00.000Z');
    expect(parsePublishedDate('2025-05-06')).toBe('2025-05-06T00:00:00.000Z');
  });

  it('returns null for garbage and impossible dates', () => {
    for (const bad of ['', 'yesterday', '1', '2025-13-01', '2025-02-30 10:00', '32 Jan 2025', 'Tue, 06 Foo 2025 10:00 GMT', '2025-05-06T25:00:00Z', null, undefined]) {
      expect(parsePublishedDate(bad)).toBeNull();
    }
  });
});

describe('one rule for zone-less dates', () => {
  it('reads a zone-less date at WIB for Indonesian sources and at UTC otherwise', () => {
    expect(defaultUtcOffsetMinutes('id')).toBe(420);
    expect(defaultUtcOffsetMinutes('id-ID')).toBe(420);
    expect(defaultUtcOffsetMinutes('en-gb')).toBe(0);
    expect(defaultUtcOffsetMinutes(null)).toBe(0);
    expect(parsePublishedDate('6 Mei 2025 17.00', defaultUtcOffsetMinutes('id'))).toBe('2025-05-06T10:00:00.000Z');
    expect(parsePublishedDate('2025-05-06 10:00:00', defaultUtcOffsetMinutes('en'))).toBe('2025-05-06T10:00:00.000Z');
  });

  it('keeps an explicit zone over the default offset', () => {
    expect(parsePublishedDate('2025-05-06T10:00:00Z', 420)).toBe('2025-05-06T10:00:00.000Z');
    expect(parsePublishedDate('Tue, 06 May 2025 10:00:00 GMT', 420)).toBe('2025-05-06T10:00:00.000Z');
  });

  it('reads Unix seconds and milliseconds, and refuses years outside 1970-2100', () => {
    expect(parsePublishedDate(1446710203)).toBe('2015-11-05T07:56:43.000Z');
    expect(parsePublishedDate('1446710203000')).toBe('2015-11-05T07:56:43.000Z');
    expect(parsePublishedDate('2150-01-01T00:00:00Z')).toBeNull();
    expect(parsePublishedDate('1969-12-31T00:00:00Z')).toBeNull();
  });
});
