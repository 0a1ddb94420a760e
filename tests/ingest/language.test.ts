import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/ingest/language.js';

const FIXTURES = join(import.meta.dirname, '../fixtures');

describe('detectLanguage', () => {
  it('recognises the Indonesian ANTARA seed', () => {
    expect(detectLanguage(readFileSync(join(FIXTURES, 'antara-putin-pezeshkian-id.txt'), 'utf8'))).toBe('id');
  });

  it('recognises Indonesian news from several outlets', () => {
    // Lead paragraphs from the extraction-id ground truth (ANTARA, Kompas, Okezone).
    const samples = [
      'Mataram, NTB (ANTARA News) - Sebanyak 29 penerbangan baik domestik dan internasional dari dan menuju Bandara Internasional Lombok harus dibatalkan menyusul ditutupnya operasional bandara akibat abu vulkanik erupsi Gunung Baru Jari, anak Gunung Rinjani.',
      'JAKARTA, KOMPAS.com - Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Yuddy Chrisnandi menginginkan adanya sistem untuk bisa memantau pegawai negeri sipil terbaik dalam sebuah instansi.',
      'DEPRESI jadi satu momok yang wajib diwaspadai siapa saja. Karena gangguan kesehatan mental berisiko mengidap diabetes. Lantas apa sih kaitannya?',
    ];
    for (const sample of samples) expect(detectLanguage(sample)).toBe('id');
  });

  it('tells English from Indonesian in a headline and two sentences', () => {
    expect(detectLanguage('Putin, Pezeshkian discuss strategic partnership\n\nThe two leaders spoke by phone on Tuesday. They agreed to expand trade and energy projects.')).toBe('en');
    expect(detectLanguage('Putin dan Pezeshkian bahas kemitraan strategis\n\nKedua pemimpin berbicara melalui telepon pada Selasa. Mereka sepakat memperluas perdagangan dan proyek energi.')).toBe('id');
  });

  it('recognises English news text', () => {
    const english =
      'TEMPO.CO, Jakarta - Indonesia could learn from Finland\'s experience in handling peatlands as they cover about one-third of Finland\'s territory. The minister said the government would study the approach and report back to the president next month.';
    expect(detectLanguage(english)).toBe('en');
  });

  it('names other languages with their ISO 639-1 code', () => {
    expect(detectLanguage('Le président de la République a reçu mardi son homologue indonésien à l\'Élysée pour discuter de la coopération maritime et de la transition énergétique.')).toBe('fr');
    expect(detectLanguage('Der Bundeskanzler hat am Dienstag den indonesischen Präsidenten in Berlin empfangen, um über Handel und Klimaschutz zu sprechen.')).toBe('de');
    expect(detectLanguage('El presidente del Gobierno recibió el martes a su homólogo indonesio en Madrid para hablar de comercio y de la transición energética.')).toBe('es');
    expect(detectLanguage('Президент России провёл во вторник телефонный разговор с президентом Ирана и обсудил развитие торговли и энергетики.')).toBe('ru');
    expect(detectLanguage('أجرى الرئيس الروسي يوم الثلاثاء اتصالا هاتفيا مع الرئيس الإيراني وبحثا تطوير التعاون التجاري في مجال الطاقة.')).toBe('ar');
  });

  it('keeps Malay apart from Indonesian', () => {
    expect(detectLanguage('Kerajaan Malaysia telah memutuskan bahawa sekolah akan dibuka semula minggu depan kerana jumlah kes semakin berkurangan, kata Perdana Menteri semasa sidang media.')).toBe('ms');
    expect(detectLanguage('Pemerintah Indonesia memutuskan bahwa sekolah akan dibuka kembali pekan depan karena jumlah kasus semakin berkurang, kata Presiden dalam konferensi pers.')).toBe('id');
  });

  it('answers "und" when there is nothing to go on', () => {
    expect(detectLanguage('Breaking: leaders meet')).toBe('und');
    expect(detectLanguage('')).toBe('und');
    expect(detectLanguage('12345 — !!!')).toBe('und');
  });
});
