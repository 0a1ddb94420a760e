import { describe, expect, it } from 'vitest';
import {
  CALLBACK_DATA_MAX_BYTES,
  parseRemoveCallbackData,
  parseSwitchCallbackData,
  REMOVE_DATA,
  removeCallbackData,
  SWITCH_DATA,
  switchCallbackData,
} from '../../../src/bot/jobs/callback-data.js';

describe('callback data codec', () => {
  it('round-trips the language button data and refuses data over 64 bytes', () => {
    const data = switchCallbackData('id', 'AbC123_-xyz', true);
    expect(data).toBe('lang:id:AbC123_-xyz:n');
    expect(parseSwitchCallbackData(data as string)).toEqual({ target: 'id', key: 'AbC123_-xyz', multipart: true });
    expect(switchCallbackData('en', 'k'.repeat(60), false)).toBeNull();
    expect(parseSwitchCallbackData('lang:fr:abc')).toBeNull();
  });

  it('refuses a request key with characters outside the pattern instead of sending a broken button', () => {
    expect(switchCallbackData('en', 'a:b', false)).toBeNull();
    expect(switchCallbackData('en', '', false)).toBeNull();
  });

  it('round-trips remove buttons of feeds, topics and a channel shown in a private chat, within 64 bytes', () => {
    const widest = removeCallbackData({ kind: 'feed', id: Number.MAX_SAFE_INTEGER }, -1001234567890123);
    expect(Buffer.byteLength(widest)).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
    expect(parseRemoveCallbackData(widest)).toEqual({ kind: 'feed', id: Number.MAX_SAFE_INTEGER, targetChatId: -1001234567890123 });
    expect(parseRemoveCallbackData(removeCallbackData({ kind: 'topic', id: 7 }))).toEqual({ kind: 'topic', id: 7, targetChatId: null });
    expect(parseRemoveCallbackData('unsub:x:1')).toBeNull();
  });

  it('keeps the kinds apart, so each bot.action pattern only sees its own buttons', () => {
    const switchData = switchCallbackData('en', 'key1', false) as string;
    const removeData = removeCallbackData({ kind: 'feed', id: 3 });
    expect(SWITCH_DATA.test(switchData) && !REMOVE_DATA.test(switchData)).toBe(true);
    expect(REMOVE_DATA.test(removeData) && !SWITCH_DATA.test(removeData)).toBe(true);
  });
});
