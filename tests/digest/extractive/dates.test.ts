import { describe, expect, it } from 'vitest';
import { dayOfIso, describeUnresolved, findDatePhrases, findDates } from '../../../src/digest/extractive/dates.js';

// Tuesday 6 May 2025.
const anchor = { year: 2025, month: 5, day: 6 };
const dates = (text: string, a = anchor) => findDates(text, a).map((d) => [d.text, d.date]);

describe('findDates', () => {
  it('reads English parts of the day and last night as days relative to the article date', () => {
    expect(dates('spoke this afternoon with')).toEqual([['this afternoon', '2025-05-06']]);
    expect(dates('met this morning, and last night')).toEqual([
      ['this morning', '2025-05-06'],
      ['last night', '2025-05-05'],
    ]);
    expect(dates('bertemu sore ini')).toEqual([['sore ini', '2025-05-06']]);
  });

  it('reads a year in "Senin (16/10/17)" and "waktu setempat" before the day and month', () => {
    expect(dates('di Jedah, Senin (16/10/17).')).toEqual([['Senin (16/10/17)', '2017-10-16']]);
    expect(dates('pada Minggu waktu setempat (4/5)')).toEqual([['Minggu waktu setempat (4/5)', '2025-05-04']]);
  });

  it('resolves a day name to the most recent such day on or before the article date', () => {
    expect(dates('kata Kremlin, Selasa.')).toEqual([['Selasa', '2025-05-06']]);
    expect(dates('bertemu pada Senin')).toEqual([['Senin', '2025-05-05']]);
    expect(dates('they met on Wednesday')).toEqual([['Wednesday', '2025-04-30']]);
    expect(dates('pada Jumat')).toEqual([['Jumat', '2025-05-02']]);
  });

  it('gives a day and month the article year, or the year before when that would be later than the article', () => {
    expect(dates('ditandatangani pada 17 Januari lalu')).toEqual([['17 Januari', '2025-01-17']]);
    expect(dates('ledakan pada 26 April')).toEqual([['26 April', '2025-04-26']]);
    expect(dates('pada 20 Desember')).toEqual([['20 Desember', '2024-12-20']]);
    expect(dates('on May 1')).toEqual([['May 1', '2025-05-01']]);
  });

  it('keeps an explicit year', () => {
    expect(dates('pada 6 Mei 2025')).toEqual([['6 Mei 2025', '2025-05-06']]);
    expect(dates('signed on May 6, 2024')).toEqual([['May 6, 2024', '2024-05-06']]);
    expect(dates('on 3 June 2026')).toEqual([['3 June 2026', '2026-06-03']]);
  });

  it('reads relative days and the Indonesian "Sabtu (19/11)" form', () => {
    expect(dates('kemarin dan hari ini')).toEqual([
      ['kemarin', '2025-05-05'],
      ['hari ini', '2025-05-06'],
    ]);
    expect(dates('yesterday, today and tomorrow')).toEqual([
      ['yesterday', '2025-05-05'],
      ['today', '2025-05-06'],
      ['tomorrow', '2025-05-07'],
    ]);
    expect(dates('di Old Trafford, Sabtu (19 / 11) waktu setempat', { year: 2016, month: 11, day: 20 })).toEqual([
      ['Sabtu (19 / 11)', '2016-11-19'],
    ]);
  });

  it('does not read "May" the verb or "minggu" the week as dates', () => {
    expect(dates('They may meet next week, dalam dua minggu.')).toEqual([]);
  });

  it('cannot place a day name without an anchor', () => {
    expect(findDates('Selasa', null)).toEqual([]);
  });
});

describe('findDatePhrases and describeUnresolved', () => {
  const unresolved = (text: string, language: 'en' | 'id') =>
    findDatePhrases(text, null).map((p) => [p.text, p.date, describeUnresolved(p, language)]);

  it('keeps a day name or a day and month without an anchor, and says them without a year', () => {
    expect(unresolved('sebut Kremlin, Selasa.', 'en')).toEqual([['Selasa', null, 'Tuesday']]);
    expect(unresolved('sebut Kremlin, Selasa.', 'id')).toEqual([['Selasa', null, 'Selasa']]);
    expect(unresolved('ditandatangani pada 17 Januari lalu', 'en')).toEqual([['17 Januari', null, '17 January']]);
    expect(unresolved('signed on January 17', 'id')).toEqual([['January 17', null, '17 Januari']]);
    expect(unresolved('pada Sabtu (19/11)', 'en')).toEqual([['Sabtu (19/11)', null, '19 November']]);
  });

  it('still resolves a date that carries its year, and has no words for "kemarin" without an anchor', () => {
    expect(findDatePhrases('pada 6 Mei 2025', null).map((p) => [p.text, p.date])).toEqual([['6 Mei 2025', '2025-05-06']]);
    expect(unresolved('bertemu kemarin', 'id')).toEqual([['kemarin', null, null]]);
    expect(findDatePhrases('pada 31 Februari 2025', null)).toEqual([]);
  });

  it('resolves the same phrases once an anchor is given', () => {
    expect(findDatePhrases('Selasa dan 17 Januari', anchor).map((p) => p.date)).toEqual(['2025-05-06', '2025-01-17']);
  });
});

describe('dayOfIso', () => {
  it('takes the calendar day as the publisher wrote it', () => {
    expect(dayOfIso('2025-05-06T23:30:00+07:00')).toEqual({ year: 2025, month: 5, day: 6 });
    expect(dayOfIso('not a date')).toBeNull();
  });
});
