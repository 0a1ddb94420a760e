import { describe, expect, it } from 'vitest';
import { describeEvent, detectEvent, leadClause } from '../../../src/digest/extractive/event.js';
import type { Person } from '../../../src/digest/schema.js';

const putin: Person = { name: 'Vladimir Putin', role: 'President of Russia', country: 'Russia' };
const pezeshkian: Person = { name: 'Masoud Pezeshkian', role: 'President of Iran', country: 'Iran' };

const call = [
  'Moskow (ANTARA) - Presiden Rusia Vladimir Putin dan Presiden Iran Masoud Pezeshkian membahas penguatan kerja sama bilateral berdasarkan Perjanjian Kemitraan Strategis Komprehensif, sebut Kremlin dalam satu pernyataan, Selasa.',
  'Sebelumnya pada hari yang sama, kedua pemimpin melakukan pembicaraan melalui sambungan telepon.',
];

describe('describeEvent', () => {
  it('names a phone call between the two people of the opening, in the digest language', () => {
    expect(describeEvent(call, [putin, pezeshkian], 'en')).toBe('Phone call between Vladimir Putin and Masoud Pezeshkian');
    expect(describeEvent(call, [putin, pezeshkian], 'id')).toBe('Percakapan telepon Vladimir Putin dan Masoud Pezeshkian');
  });

  it('names a meeting, and falls back to the countries when no two people are named', () => {
    const meeting = ['Presiden Prabowo Subianto bertemu Perdana Menteri Anthony Albanese di Jakarta, Senin.'];
    const people: Person[] = [
      { name: 'Prabowo Subianto', role: 'Presiden', country: null },
      { name: 'Anthony Albanese', role: 'Perdana Menteri', country: null },
    ];
    expect(describeEvent(meeting, people, 'en')).toBe('Meeting between Prabowo Subianto and Anthony Albanese');
    expect(describeEvent(['Russia and Iran held talks in Tehran on Monday.'], [], 'id')).toBe('Pembicaraan Rusia dan Iran');
  });

  it('names a joint statement of two governments', () => {
    const opening = ['Following consultations, the governments of Norway and Chile released the following joint statement:'];
    const states: Person[] = [
      { name: 'Norway', role: null, country: 'Norway' },
      { name: 'Chile', role: null, country: 'Chile' },
    ];
    expect(describeEvent(opening, states, 'en')).toBe('Joint statement by Norway and Chile');
    expect(describeEvent(opening, states, 'id')).toBe('Pernyataan bersama Norway dan Chile');
  });

  it('uses the first clause of the lead when the event is not a call, meeting, visit or signing', () => {
    const lead = 'JAKARTA (Reuters) - Harga minyak dunia naik tajam pada perdagangan pekan ini, kata analis, Senin.';
    expect(describeEvent([lead], [], 'en')).toBe('Harga minyak dunia naik tajam pada perdagangan pekan ini');
  });
});

describe('detectEvent and leadClause', () => {
  it('finds the call in the second sentence and ignores a reporter phoning a source', () => {
    expect(detectEvent(call)).toBe('call');
    expect(detectEvent(['Menteri itu mengatakan hal tersebut saat dihubungi melalui telepon.'])).toBeNull();
  });

  it('cuts a lead at "berdasarkan" or a comma and keeps at most 15 words', () => {
    expect(leadClause(call[0]!)).toBe(
      'Presiden Rusia Vladimir Putin dan Presiden Iran Masoud Pezeshkian membahas penguatan kerja sama bilateral',
    );
    const long = leadClause(`Para menteri ${'membahas banyak hal penting '.repeat(6)}hari ini.`);
    expect(long.split(' ').length).toBeLessThanOrEqual(15);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('leadClause on subjects with appositives', () => {
  it('does not stop at the subject or inside commas around a name', () => {
    expect(leadClause('Pabrikan otomotif asal China, Wuling akan segera merakit mobil mereka di Indonesia, tepatnya di Cikarang, Jawa Barat.')).toBe(
      'Pabrikan otomotif asal China, Wuling akan segera merakit mobil mereka di Indonesia',
    );
    expect(
      leadClause('Kepala kru Movistar Yamaha, Ramon Forcada, tak mau terburu-buru membandingkan Valentino Rossi dengan rekan barunya, Maverick Vinales.'),
    ).toBe('Kepala kru Movistar Yamaha, Ramon Forcada, tak mau terburu-buru membandingkan Valentino Rossi dengan rekan barunya');
  });
});
