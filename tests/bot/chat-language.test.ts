import { describe, expect, it } from 'vitest';
import { languageFromCode, resolveLanguage } from '../../src/bot/chat-language.js';

describe('chat language', () => {
  it('maps Telegram language codes: id and id-ID to Indonesian, any English to English, others to nothing', () => {
    expect(languageFromCode('id')).toBe('id');
    expect(languageFromCode('id-ID')).toBe('id');
    expect(languageFromCode('en-GB')).toBe('en');
    expect(languageFromCode('ru')).toBeNull();
    expect(languageFromCode(undefined)).toBeNull();
  });

  it('prefers an explicit choice, then the chat setting, then the user, then the default', () => {
    const base = { defaultLanguage: 'en' as const };
    expect(resolveLanguage({ ...base, explicit: 'en', chatSetting: 'id', userLanguageCode: 'id' })).toBe('en');
    expect(resolveLanguage({ ...base, chatSetting: 'id', userLanguageCode: 'en' })).toBe('id');
    expect(resolveLanguage({ ...base, chatSetting: null, userLanguageCode: 'id-ID' })).toBe('id');
    expect(resolveLanguage({ defaultLanguage: 'id', userLanguageCode: 'fr' })).toBe('id');
  });
});
