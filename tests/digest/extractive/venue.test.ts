import { describe, expect, it } from 'vitest';
import { findVenue } from '../../../src/digest/extractive/venue.js';

describe('findVenue', () => {
  it('takes the city after "in" or "di" in a sentence that reports the event', () => {
    expect(findVenue(['Rina Wulandari met with Prime Minister Karim Aziz in Kuala Lumpur on Monday.'], 'en')).toBe('Kuala Lumpur');
    expect(findVenue(['The two ministers met in Hanoi, Vietnam, to review the partnership.'], 'en')).toBe('Hanoi, Vietnam');
    expect(findVenue(['Menlu RI bertemu mitranya di Jenewa, Swiss, Kamis.'], 'en')).toBe('Geneva, Switzerland');
    expect(findVenue(['Menlu RI bertemu mitranya di Jenewa, Swiss, Kamis.'], 'id')).toBe('Jenewa, Swiss');
  });

  it('keeps a named building and drops words after the last place', () => {
    expect(findVenue(['The President hosted the King at the White House on Tuesday.'], 'en')).toBe('White House');
    expect(findVenue(['Kedua menteri bertemu di Istana Merdeka, Jakarta, Selasa.'], 'id')).toBe('Istana Merdeka, Jakarta');
    expect(findVenue(['The leaders met in Washington, D.C. to discuss trade.'], 'en')).toBe('Washington, D.C.');
  });

  it('ignores places in sentences that do not report the event and phrases that are not places', () => {
    expect(findVenue(['Indonesia has invested in Kuala Lumpur for years.'], 'en')).toBeNull();
    expect(findVenue(['Following Indonesian-Malaysian talks in October, the leaders spoke.'], 'en')).toBeNull();
  });

  it('takes the place visited, and says when a meeting was held by video', () => {
    expect(findVenue(['The prime minister made his first official visit to Canada this week.'], 'en')).toBe('Canada');
    expect(findVenue(['Raja Yordania melakukan kunjungan kenegaraan ke Rusia, Rabu.'], 'id')).toBe('Rusia');
    expect(findVenue(['The two advisers convened a virtual meeting of the working group.'], 'en')).toBe('Virtual meeting');
  });
});
