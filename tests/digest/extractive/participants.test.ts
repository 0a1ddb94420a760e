import { describe, expect, it } from 'vitest';
import { createExtractiveEngine } from '../../../src/digest/extractive/extractive-engine.js';
import { findParticipants } from '../../../src/digest/extractive/participants.js';
import { extractPeople } from '../../../src/digest/extractive/people.js';
import { splitSentences } from '../../../src/digest/extractive/sentences.js';
import type { Article } from '../../../src/ingest/article.js';
import type { Language } from '../../../src/digest/schema.js';

const engine = createExtractiveEngine({ now: () => new Date('2026-03-01T00:00:00Z') });

function article(text: string, title: string | null, language: 'en' | 'id'): Article {
  return { url: null, title, publisher: null, publishedAt: null, language, text };
}

/** The participants of a text, with the people the engine's own people finder gives. */
function participants(text: string, title: string | null, language: Language): string[] {
  const sentences = splitSentences(text).map((s) => s.text);
  return findParticipants({ sentences, title, who: extractPeople(text, language, undefined, title), language });
}

describe('findParticipants', () => {
  it('names both governments of a joint statement that names no person', async () => {
    const text =
      'The Governments of Chile and New Zealand today reaffirmed their commitment to open ocean research. ' +
      'Both countries will share survey data from their research vessels under a new arrangement.';
    const { draft } = await engine.generate({ article: article(text, 'Joint Statement from Chile and New Zealand on Ocean Research', 'en'), language: 'en' });
    expect(draft.countries).toEqual(['Chile', 'New Zealand']);
  });

  it('lists every government of a multilateral memorandum but not the organisation among them', () => {
    const text =
      'Under this Memorandum of Understanding, the Governments of the Republic of Korea, the European Union, the Federal Republic of Germany, ' +
      'Canada (Canada), the Kingdom of Morocco and the United States of America intend to cooperate on green hydrogen shipping. ' +
      'The corridor could one day also serve ports in Egypt and Spain.';
    expect(participants(text, null, 'en')).toEqual(['South Korea', 'Germany', 'Canada', 'Morocco', 'United States']);
  });

  it('leaves out a state that is only the venue', () => {
    const text =
      'Foreign Minister Lucía Ferrando of Uruguay met Foreign Minister Tomasz Wilk of Poland in Bangkok, Thailand, on the sidelines of a regional forum. ' +
      'The two ministers discussed farm trade and student exchanges.';
    expect(participants(text, null, 'en')).toEqual(['Uruguay', 'Poland']);
  });

  it('leaves out states that are only mentioned as topics or other talks', () => {
    const text =
      'Prime Minister Aino Koskinen of Finland received President Ruben Daveyan of Armenia in Helsinki. ' +
      'They discussed energy prices and the war in Sudan. ' +
      'The leaders welcomed renewed talks in Geneva. ' +
      'Prime Minister Koskinen encouraged further talks between Serbia and Kosovo.';
    expect(participants(text, null, 'en')).toEqual(['Finland', 'Armenia']);
  });

  it('counts the states whose leaders attend a summit but not its observers', () => {
    const text =
      'West African leaders opened a two-day summit on Monday. ' +
      'The meeting focused on rail links. ' +
      'It was the third such gathering. ' +
      'The summit was attended by heads of state from Ghana, Senegal, and Nigeria, while ministers attended for Togo and Benin. ' +
      'Morocco and Mauritania attended the closing session as observers.';
    expect(participants(text, null, 'en')).toEqual(['Ghana', 'Senegal', 'Nigeria', 'Togo', 'Benin']);
  });

  it('reads a state listed after an organisation\'s member states', () => {
    const en =
      'Prime Minister Elena Varga of Hungary today joined leaders of the Pacific Islands Forum (PIF) member states and Japan for a meeting on ocean shipping.';
    expect(participants(en, null, 'en')).toEqual(['Hungary', 'Japan']);
    const id = 'Para pemimpin negara-negara anggota ASEAN dan Timor Leste menggelar pertemuan tentang pangan di Vientiane, Rabu.';
    expect(participants(id, null, 'id')).toEqual(['Timor Leste']);
  });

  it('reads the sides of a dash compound before an event word, not of a conflict', () => {
    const text = 'Following Chilean-Argentine talks in Santiago, the two delegations discussed the Russia-Ukraine war and grain prices.';
    expect(participants(text, 'Chile-Argentina Border Talks Conclude', 'en')).toEqual(['Chile', 'Argentina']);
  });

  it('takes the two states a "the two leaders" sentence names', () => {
    const text =
      'President Harlan Moore and President Iolanda Ferraz spoke by telephone on Tuesday. ' +
      'The two leaders pledged to deepen ties between the United States and Brazil, including on clean energy.';
    expect(participants(text, null, 'en')).toEqual(['United States', 'Brazil']);
  });

  it('reads Indonesian delegations, "antara A dan B" and "kedua negara" in Indonesian names', () => {
    const coalition =
      'Pertemuan perdana forum maritim itu digelar pada Senin. ' +
      'Forum ini membahas keamanan jalur pelayaran. ' +
      'Para peserta juga membahas pembajakan. ' +
      'Pertemuan itu dihadiri delegasi dari negara-negara Asia seperti Malaysia, Thailand, Vietnam, dan Kamboja. ' +
      'Myanmar tidak mengirim wakil.';
    expect(participants(coalition, null, 'id')).toEqual(['Malaysia', 'Thailand', 'Vietnam', 'Kamboja']);

    const bilateral =
      'Jakarta (ANTARA) - Pertemuan antara Indonesia dan Singapura membahas investasi di Batam. ' +
      'Kedua negara juga menyinggung situasi di Myanmar.';
    expect(participants(bilateral, null, 'id')).toEqual(['Indonesia', 'Singapura']);
    expect(participants(bilateral, null, 'en')).toEqual(['Indonesia', 'Singapore']);
  });

  it('counts the state whose delegation acts in an Indonesian lead', () => {
    const text = 'Delegasi Jepang menyerahkan rancangan kerja sama perikanan di Bali, Selasa. Rancangan itu akan dibahas bulan depan.';
    expect(participants(text, null, 'id')).toEqual(['Jepang']);
  });
});

describe('findParticipants: the lead subject', () => {
  it('takes states that head the lead and act, but not a topic, a team or a name containing a state', () => {
    expect(participants('Indonesia dan Malaysia menandatangani protokol perbatasan laut di Kuching, Senin.', null, 'id')).toEqual(['Indonesia', 'Malaysia']);
    expect(participants('Norway and Chile issued a statement on fisheries on Friday.', null, 'en')).toEqual(['Norway', 'Chile']);
    expect(participants('Jepang masih menjadi tujuan wisata favorit warga Jakarta tahun ini.', null, 'id')).toEqual([]);
    expect(participants('Indonesia meloloskan lima atlet ke babak final kejuaraan renang di Doha.', null, 'id')).toEqual([]);
    expect(participants('Masyarakat Transportasi Indonesia menolak rencana tarif baru bus kota.', null, 'id')).toEqual([]);
  });
});

describe('extractPeople: the host country', () => {
  it('does not give the host the country that is only the venue', () => {
    const text =
      'President Harlan Moore met President Amani Wekesa of Kenya on the sidelines of the summit in Brasília, Brazil. ' +
      'President Moore thanked President Wekesa for Kenya’s leadership.';
    const moore = extractPeople(text, 'en').find((p) => p.name === 'Harlan Moore');
    expect(moore?.country).toBeNull();
  });

  it('gives the host the state of its seat of government', () => {
    const text =
      'President Harlan Moore met President Amani Wekesa of Kenya on the sidelines of the summit in Brasília, Brazil. ' +
      'President Moore looks forward to welcoming President Wekesa to the White House next year.';
    const moore = extractPeople(text, 'en').find((p) => p.name === 'Harlan Moore');
    expect(moore?.country).toBe('United States');
  });
});
