import { describe, expect, it } from 'vitest';
import { isNextStep } from '../../../src/digest/extractive/next-step-cues.js';

describe('isNextStep', () => {
  it('counts an instruction to the teams as a next step', () => {
    for (const s of [
      'The two presidents tasked their negotiators to finish the text of the agreement.',
      'The leaders instructed their foreign ministers to prepare a joint action plan.',
      'Presiden menginstruksikan Menteri Perdagangan untuk menindaklanjuti hasil pertemuan.',
    ])
      expect(isNextStep(s), s).toBe(true);
  });

  it('counts an announced intention to conclude or establish something as a next step', () => {
    for (const s of [
      'The two leaders announced their intention to establish a joint investment fund.',
      'The ministers signaled their intent to conclude a visa waiver arrangement.',
    ])
      expect(isNextStep(s), s).toBe(true);
  });

  it('does not count an order to a crowd or a mere possibility as a next step', () => {
    for (const s of [
      'Polisi memerintahkan massa untuk membubarkan diri.',
      'Juru bicara itu tidak menutup kemungkinan akan ada pertemuan lanjutan.',
      'Officials said the ministers might meet again in the autumn.',
    ])
      expect(isNextStep(s), s).toBe(false);
  });

  it('does not count a question, a condition or a likelihood as a next step', () => {
    for (const s of [
      'Will the two presidents meet again before the summit?',
      'If the ceasefire holds, the ministers will meet in Doha next week.',
      'The decision could prompt a new round of talks next year.',
    ])
      expect(isNextStep(s), s).toBe(false);
  });

  it('does not take an order to ordinary people for an instruction to a team', () => {
    expect(isNextStep('The guide instructed the hikers to wait for his signal.')).toBe(false);
  });

  it('does not count an intention only expressed or reaffirmed as a next step', () => {
    for (const s of [
      'The leaders expressed their intent to work together on reform of the institution.',
      'Both sides reaffirmed their intention to build resilience against disinformation.',
    ])
      expect(isNextStep(s), s).toBe(false);
  });

  it('counts a planned meeting the president looks forward to as a next step', () => {
    expect(isNextStep('The president looks forward to welcoming the king in Canberra in the spring.')).toBe(true);
    expect(isNextStep('The president looks forward to deeper ties with the region.')).toBe(false);
  });

  it('counts a meeting to be held in the Indonesian passive and a commitment to meet as next steps', () => {
    for (const s of [
      'Sidang Komisi Bersama berikutnya akan diselenggarakan di Manila.',
      'Pertemuan tingkat menteri rencananya digelar di Bangkok.',
      'The leaders committed to meet again at the summit in Nairobi.',
    ])
      expect(isNextStep(s), s).toBe(true);
    expect(isNextStep('Kalau hasilnya imbang, laga ulang akan digelar pekan depan.')).toBe(false);
  });

  it('counts an invitation to visit as a next step', () => {
    for (const s of ['The president invited the prime minister to visit Jakarta next year.', 'Menlu Sugiono mengundang Menlu Wong berkunjung ke Indonesia.'])
      expect(isNextStep(s), s).toBe(true);
  });

  it('counts a meeting to be held, a slated delivery or a deadline as a next step', () => {
    for (const s of [
      'The third round of talks is to be held in Oslo.',
      'Laos is slated to receive the first shipment of vaccines in the coming weeks.',
      'The leaders are working towards a summit in Manila in the autumn.',
      'Pemerintah memberi waktu tiga hari kepada diplomat itu untuk meninggalkan negara tersebut.',
      'Kedua menteri sepakat bertemu kembali di Bali bulan depan.',
    ])
      expect(isNextStep(s), s).toBe(true);
  });

  it('does not count a vow, a plan that fell through or talk about the current visit as a next step', () => {
    for (const s of [
      'Perdana menteri bersumpah akan menggelar pertemuan darurat setiap pekan.',
      'The minister was scheduled to visit Geneva but cancelled the trip.',
      'Semula menteri itu dijadwalkan berkunjung ke Seoul.',
      'Kunjungan dua hari itu diperkirakan akan berfokus pada energi.',
      'The new railway will improve trade across the region.',
    ])
      expect(isNextStep(s), s).toBe(false);
  });

  it('counts the launch of something at a date ahead as a next step', () => {
    expect(isNextStep('The leaders welcomed the launch of a maritime dialogue in 2031.', true)).toBe(true);
    expect(isNextStep('The leaders welcomed the launch of a maritime dialogue.', false)).toBe(false);
  });
});
