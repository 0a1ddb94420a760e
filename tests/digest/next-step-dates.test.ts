import { describe, expect, it } from 'vitest';
import { datedNextSteps, resolveNextStepDate } from '../../src/digest/next-step-dates.js';
import { sampleDigest } from '../support/sample-digest.js';

// Wednesday 6 May 2026, 10:00 in Jakarta.
const MAY_6 = '2026-05-06T03:00:00Z';
const JAKARTA = { articleDate: MAY_6, timeZone: 'Asia/Jakarta' };
const en = (evidence: string, articleDate: string | null = MAY_6, timeZone = 'Asia/Jakarta') => resolveNextStepDate(evidence, { articleDate, timeZone, language: 'en' });
const id = (evidence: string, articleDate: string | null = MAY_6) => resolveNextStepDate(evidence, { ...JAKARTA, articleDate, language: 'id' });
const dateOf = (result: ReturnType<typeof en>) => result && `${result.date}/${result.precision}`;

describe('resolveNextStepDate: days and months', () => {
  it('resolves a day and month in either order, with ordinals and years', () => {
    expect(en('The two leaders will meet again on 12 June.')).toEqual({ date: '2026-06-12', precision: 'day', phrase: '12 June' });
    expect(dateOf(en('A summit is planned for June 12th in Jakarta.'))).toBe('2026-06-12/day');
    expect(dateOf(en('The agreement will be signed on the 3rd of September.'))).toBe('2026-09-03/day');
    expect(dateOf(en('Talks are set for June 12, 2027 in Vienna.'))).toBe('2027-06-12/day');
    expect(en('Ministers will reconvene on 12 June 2026.')?.phrase).toBe('12 June 2026');
  });

  it('resolves Indonesian day and month names', () => {
    expect(id('Kedua negara akan menandatangani nota kesepahaman pada 17 Agustus.')).toEqual({ date: '2026-08-17', precision: 'day', phrase: '17 Agustus' });
    expect(dateOf(id('Pertemuan berikutnya dijadwalkan tanggal 2 Desember 2026 di Bali.'))).toBe('2026-12-02/day');
    expect(dateOf(id('Presiden dijadwalkan berkunjung ke Tokyo pada 1 Juni.'))).toBe('2026-06-01/day');
  });

  it('treats a day already past in the article as a report, not a reminder', () => {
    expect(en('The ministers met on 3 May and agreed to continue talks.')).toBeNull();
    expect(id('Kedua menteri bertemu pada 3 Mei lalu.')).toBeNull();
    expect(en('Talks were held on 6 May 2026 in Geneva.')).toBeNull();
    expect(en('The treaty was signed on 12 June 2025.')).toBeNull();
  });

  it('places a day months behind the article in the next year', () => {
    expect(dateOf(en('The visit is planned for 10 January.', '2026-12-20T08:00:00Z'))).toBe('2027-01-10/day');
    expect(dateOf(id('Kunjungan dijadwalkan pada 5 Februari.', '2026-11-30T08:00:00Z'))).toBe('2027-02-05/day');
  });

  it('resolves a month alone to its first day, the next such month after the article', () => {
    expect(en('The next round of talks in Geneva in July will focus on trade.')).toEqual({ date: '2026-07-01', precision: 'month', phrase: 'in July' });
    expect(dateOf(id('Putaran perundingan berikutnya akan digelar pada bulan Juli.'))).toBe('2026-07-01/month');
    expect(dateOf(en('The leaders will meet again in March.'))).toBe('2027-03-01/month');
    expect(dateOf(en('A state visit is expected in mid-October.'))).toBe('2026-10-15/month');
    expect(dateOf(id('Kunjungan itu direncanakan awal September mendatang.'))).toBe('2026-09-01/month');
    expect(dateOf(id('KTT dijadwalkan Juli mendatang di Jakarta.'))).toBe('2026-07-01/month');
    expect(dateOf(en('The conference will open in November 2027.'))).toBe('2027-11-01/month');
    expect(dateOf(en('The text is to be finalised by the end of June.'))).toBe('2026-06-21/month');
    expect(dateOf(en('Both sides aim to conclude talks by September.'))).toBe('2026-09-01/month');
    expect(dateOf(id('Perjanjian ditargetkan rampung akhir Juni.'))).toBe('2026-06-21/month');
  });

  it('gives no date for the article’s own month, whose start has passed', () => {
    expect(en('The delegation will travel to Cairo in May.')).toBeNull();
    expect(id('Delegasi akan ke Kairo pada bulan Mei.')).toBeNull();
  });

  it('does not read the modal verb "may" as the month', () => {
    expect(en('This may lead to another meeting.')).toBeNull();
    expect(en('Officials said talks may resume next week.')?.phrase).toBe('next week');
  });
});

describe('resolveNextStepDate: relative phrases', () => {
  it('resolves next week to Monday and next month to the first', () => {
    expect(en('The two sides will meet next week to finalise the text.')).toEqual({ date: '2026-05-11', precision: 'week', phrase: 'next week' });
    expect(dateOf(id('Kedua pihak akan bertemu pekan depan.'))).toBe('2026-05-11/week');
    expect(dateOf(id('Tim teknis akan bertemu minggu depan.'))).toBe('2026-05-11/week');
    expect(dateOf(en('The memorandum is to be signed next month.'))).toBe('2026-06-01/month');
    expect(dateOf(id('Nota kesepahaman akan ditandatangani bulan depan.'))).toBe('2026-06-01/month');
    expect(dateOf(id('Perjanjian itu diteken bulan mendatang.'))).toBe('2026-06-01/month');
  });

  it('resolves tomorrow and the day after', () => {
    expect(en('The minister will fly to Beijing tomorrow.')).toEqual({ date: '2026-05-07', precision: 'day', phrase: 'tomorrow' });
    expect(dateOf(id('Menlu akan bertolak ke Beijing besok.'))).toBe('2026-05-07/day');
    expect(dateOf(id('Delegasi tiba lusa.'))).toBe('2026-05-08/day');
    expect(dateOf(en('The vote is the day after tomorrow.'))).toBe('2026-05-08/day');
  });

  it('resolves a named weekday after the article day', () => {
    // 6 May 2026 is a Wednesday.
    expect(dateOf(en('Talks resume next Tuesday.'))).toBe('2026-05-12/day');
    expect(dateOf(en('The envoy arrives this Friday.'))).toBe('2026-05-08/day');
    expect(dateOf(id('Perundingan dilanjutkan Selasa depan.'))).toBe('2026-05-12/day');
    expect(dateOf(id('Presiden akan menerima tamu Jumat mendatang.'))).toBe('2026-05-08/day');
    expect(dateOf(en('The two will speak again on Monday next week.'))).toBe('2026-05-11/day');
    expect(dateOf(id('Pertemuan lanjutan digelar Kamis pekan depan.'))).toBe('2026-05-14/day');
    expect(dateOf(en('They meet next Wednesday.'))).toBe('2026-05-13/day');
    // "This Wednesday" said on a Wednesday is the article day: no reminder, not a week later.
    expect(en('They meet this Wednesday.')).toBeNull();
    expect(id('Mereka bertemu Rabu ini.')).toBeNull();
    expect(dateOf(id('Mereka bertemu Kamis ini.'))).toBe('2026-05-07/day');
  });

  it('resolves spans counted from the article day', () => {
    expect(dateOf(en('A ceasefire review will take place in two weeks.'))).toBe('2026-05-20/week');
    expect(dateOf(en('The envoy returns in 10 days.'))).toBe('2026-05-16/day');
    expect(dateOf(id('Tim akan kembali tiga hari lagi.'))).toBe('2026-05-09/day');
    expect(dateOf(id('Laporan diserahkan dalam dua pekan.'))).toBe('2026-05-20/week');
    expect(dateOf(id('Kesepakatan diteken sepekan lagi.'))).toBe('2026-05-13/week');
  });

  it('gives vague phrases no date', () => {
    for (const vague of [
      'The two sides will meet again soon.',
      'A visit is expected in the near future.',
      'Talks will continue later.',
      'A deal is likely later this month.',
      'They will hold talks at a later date.',
      'The minister said on Monday that talks would continue.',
      'The two sides will meet again next year.',
      'Kedua negara akan kembali bertemu tahun depan.',
      'Kedua pihak akan segera bertemu.',
      'Kunjungan itu akan dilakukan dalam waktu dekat.',
      'Perundingan akan dilanjutkan di kemudian hari.',
    ]) {
      expect(resolveNextStepDate(vague, { ...JAKARTA, language: vague.includes('akan') ? 'id' : 'en' })).toBeNull();
    }
  });

  it('gives today no reminder: the day is the article’s own', () => {
    expect(en('The leaders will sign the deal today.')).toBeNull();
    expect(id('Kesepakatan diteken hari ini.')).toBeNull();
  });
});

describe('resolveNextStepDate: context', () => {
  it('takes the article’s calendar day in the chat’s time zone', () => {
    // 23:30 UTC on 6 May is already 7 May in Jakarta: "tomorrow" is 8 May there, 7 May in London.
    expect(en('They will meet tomorrow.', '2026-05-06T23:30:00Z', 'Asia/Jakarta')?.date).toBe('2026-05-08');
    expect(en('They will meet tomorrow.', '2026-05-06T23:30:00Z', 'Europe/London')?.date).toBe('2026-05-08');
    expect(en('They will meet tomorrow.', '2026-05-06T21:30:00Z', 'Europe/London')?.date).toBe('2026-05-07');
    expect(en('They will meet next week.', '2026-05-10T20:00:00Z', 'Asia/Jakarta')?.date).toBe('2026-05-18');
    expect(en('They will meet next week.', '2026-05-10T20:00:00Z', 'America/New_York')?.date).toBe('2026-05-11');
  });

  it('resolves only full dates when the article has no date', () => {
    expect(en('They will meet on 12 June 2026.', null)?.date).toBe('2026-06-12');
    expect(en('They will meet on 12 June.', null)).toBeNull();
    expect(en('They will meet next week.', null)).toBeNull();
  });

  it('prefers the most precise phrase, then the first', () => {
    expect(dateOf(en('After meeting on 3 May, they agreed to meet again in July, on 14 July in Geneva.'))).toBe('2026-07-14/day');
    expect(dateOf(en('They will talk next week and sign next month.'))).toBe('2026-05-11/week');
    expect(en('Officials will meet on 20 May and again on 27 May.')?.phrase).toBe('20 May');
  });

  it('tries both languages when the evidence language is unknown', () => {
    expect(resolveNextStepDate('Pertemuan digelar pekan depan.', { ...JAKARTA, language: 'und' })?.date).toBe('2026-05-11');
    expect(resolveNextStepDate('They meet next week.', { ...JAKARTA, language: 'und' })?.date).toBe('2026-05-11');
  });
});

describe('datedNextSteps', () => {
  it('dates the next steps whose evidence carries a date, in the article language', () => {
    const visit = { text: 'Pezeshkian will visit Moscow.', evidence: 'Pezeshkian dijadwalkan berkunjung ke Moskwa pada bulan Juni.' };
    const vague = { text: 'The two will meet in June.', evidence: 'Kedua presiden akan segera bertemu.' };
    const digest = {
      ...sampleDigest,
      nextSteps: [visit, vague],
      source: { ...sampleDigest.source, publishedAt: MAY_6, language: 'id' },
    };
    expect(datedNextSteps(digest, 'Asia/Jakarta')).toEqual([{ step: visit, due: { date: '2026-06-01', precision: 'month', phrase: 'pada bulan Juni' } }]);
  });
});
