import { describe, expect, it } from 'vitest';
import { agreementClause, isAgreement, isNextStep, isPastSigning, isPhoneCall } from '../../../src/digest/extractive/cues.js';

describe('isAgreement', () => {
  it('accepts what the parties agreed or signed in this event', () => {
    for (const s of [
      'Kedua menteri menandatangani nota kesepahaman di bidang energi.',
      'Indonesia dan Jepang menyepakati peta jalan kerja sama pertahanan.',
      'The two ministers signed a memorandum of understanding on maritime cooperation.',
      'Both sides agreed to set up a joint working group.',
      'Negotiators reached a deal on tariffs on Friday.',
    ])
      expect(isAgreement(s), s).toBe(true);
  });

  it('rejects readiness, hopes, negations and courtesy', () => {
    for (const s of [
      'Putin menegaskan kesiapan Rusia untuk mendorong dialog demi tercapainya kesepakatan yang adil dan seimbang.',
      'Kedua pihak belum sepakat soal tarif.',
      'Mereka tidak sepakat mengenai perbatasan.',
      'The talks failed to agree on a ceasefire.',
      'Russia is ready to sign a new treaty.',
      'Pezeshkian menyampaikan ucapan selamat kepada Putin.',
      'Kedua pemimpin membahas perkembangan negosiasi nuklir.',
      // Generic "agreed to increase cooperation" is relations talk, not an outcome (fixture README rule).
      '"Para presiden sepakat untuk meningkatkan kerja sama," lanjut pernyataan tersebut.',
      'Kedua negara sepakat untuk mendorong perdagangan bilateral.',
    ])
      expect(isAgreement(s), s).toBe(false);
  });

  it('sends earlier signings to the background instead', () => {
    for (const s of [
      'Kerja sama berdasarkan Perjanjian Kemitraan Strategis Komprehensif yang telah ditandatangani kedua negara.',
      'Perjanjian itu ditandatangani saat kunjungan resmi Presiden Iran ke Rusia pada 17 Januari lalu.',
      'The treaty, signed in 2023, covers energy.',
      'The pact they signed earlier this year is working.',
    ]) {
      expect(isAgreement(s), s).toBe(false);
      expect(isPastSigning(s), s).toBe(true);
    }
    expect(isPastSigning('Both ministers signed an MoU on Tuesday.')).toBe(false);
  });
});

describe('isNextStep', () => {
  it('accepts a planned action or a dated plan', () => {
    for (const s of [
      'The two ministers will meet again in Jakarta next month.',
      'Prabowo dijadwalkan berkunjung ke Moskow pekan depan.',
      'Kedua negara akan menggelar perundingan putaran kedua.',
      'The president is expected to visit Canberra.',
    ])
      expect(isNextStep(s), s).toBe(true);
  });

  it('rejects vague intentions, hopes and past events', () => {
    for (const s of [
      'Rusia akan terus mendukung Iran.',
      'We hope the talks will resume soon.',
      'Hubungan kedua negara akan semakin erat.',
      'Mereka telah bertemu dan akan bertemu lagi.',
      'The ministers met on Tuesday.',
    ])
      expect(isNextStep(s), s).toBe(false);
  });

  it('accepts a vague plan when it carries a future date', () => {
    expect(isNextStep('Menteri itu akan hadir pada 6 Juni 2025.', true)).toBe(true);
    expect(isNextStep('Menteri itu akan hadir pada 6 Juni 2025.', false)).toBe(false);
  });
});

describe('agreementClause', () => {
  it('cuts a sentence down to the named treaty', () => {
    expect(agreementClause('Pembahasan mencakup kerja sama berdasarkan Perjanjian Kemitraan Strategis Komprehensif yang ditandatangani pada 17 Januari lalu."')).toBe(
      'Perjanjian Kemitraan Strategis Komprehensif yang ditandatangani pada 17 Januari lalu',
    );
    expect(agreementClause('Mereka sepakat bekerja sama.')).toBeNull();
  });
});

describe('isPhoneCall', () => {
  it('recognises a call between the parties but not a reporter phoning a source', () => {
    expect(isPhoneCall('Kedua pemimpin melakukan pembicaraan melalui sambungan telepon.')).toBe(true);
    expect(isPhoneCall('The leaders spoke by phone on Tuesday.')).toBe(true);
    expect(isPhoneCall('Hal itu dikatakannya saat dihubungi melalui telepon, Kamis.')).toBe(false);
    expect(isPhoneCall('The official said when contacted by phone.')).toBe(false);
  });
});
