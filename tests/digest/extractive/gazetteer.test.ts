import { describe, expect, it } from 'vitest';
import { findPlaces, GAZETTEER, lookupPlace, placeName, placeNameInPhrase } from '../../../src/digest/extractive/gazetteer.js';

const keys = (text: string) => findPlaces(text).map((m) => m.entry.key);

describe('gazetteer', () => {
  it('maps Indonesian and English names to one entry', () => {
    expect(keys('Rusia, Amerika Serikat, AS, Tiongkok, China, Korea Selatan, Arab Saudi dan Inggris')).toEqual([
      'RU', 'US', 'US', 'CN', 'CN', 'KR', 'SA', 'GB',
    ]);
    expect(placeName(lookupPlace('Prancis')!, 'en')).toBe('France');
    expect(placeName(lookupPlace('Netherlands')!, 'id')).toBe('Belanda');
    expect(placeNameInPhrase(lookupPlace('AS')!, 'en')).toBe('the United States');
  });

  it('prefers the longest name: Dewan Keamanan PBB is the Security Council, not the UN', () => {
    expect(keys('Dewan Keamanan PBB bersidang; PBB prihatin; Uni Eropa dan OKI hadir.')).toEqual(['UNSC', 'UN', 'EU', 'OIC']);
    expect(placeName(lookupPlace('OKI')!, 'en')).toBe('OIC');
  });

  it('does not read "bahasa Inggris" or a football club as a country', () => {
    expect(keys('Dia fasih berbahasa Inggris dan bahasa Inggris.')).toEqual([]);
    expect(keys('AS Roma menang.')).toEqual([]);
  });

  it('knows every sovereign state under its official and common variants', () => {
    expect(keys("Türkiye, Viet Nam, the People's Republic of China, the Republic of Korea, Côte d'Ivoire, Kazakh, Uzbekistan")).toEqual([
      'TR', 'VN', 'CN', 'KR', 'CI', 'KZ', 'UZ',
    ]);
    expect(placeName(lookupPlace('Norwegia')!, 'en')).toBe('Norway');
    expect(placeNameInPhrase(lookupPlace('Marshall Islands')!, 'en')).toBe('the Marshall Islands');
  });

  it('writes every name with a capital first letter, which the place search relies on', () => {
    expect(GAZETTEER.flatMap((e) => e.aliases).filter((alias) => !/^\p{Lu}/u.test(alias))).toEqual([]);
  });

  it('does not read a sea named after a country as the country', () => {
    expect(keys('patrols in the South China Sea and di Laut Jawa near China')).toEqual(['CN']);
  });

  it('knows cities in both languages', () => {
    expect(placeName(lookupPlace('Moskow')!, 'en')).toBe('Moscow');
    expect(placeName(lookupPlace('The Hague')!, 'id')).toBe('Den Haag');
  });

  it('does not read "South American" or "Latin America" as the United States', () => {
    expect(keys('South American nations met Latin America experts and American officials.')).toEqual(['US']);
  });
});
