import { describe, expect, it } from 'vitest';
import { parseConfig, resolveEngineChoice } from '../../src/config/config.js';
import { AppError } from '../../src/errors/app-error.js';

describe('parseConfig', () => {
  it('gives working defaults for an empty environment', () => {
    const config = parseConfig({});
    expect(config.defaultLanguage).toBe('en');
    expect(config.summarizer).toBe('auto');
    expect(config.fetch).toMatchObject({ timeoutMs: 15_000, maxBytes: 5 * 1024 * 1024, allowPrivate: [] });
    expect(config.telegram.apiRoot).toBe('https://api.telegram.org');
    expect(config.port).toBe(8080);
    expect(resolveEngineChoice(config)).toBe('extractive');
  });

  it('chooses the model in auto mode once an API key is set', () => {
    expect(resolveEngineChoice(parseConfig({ OPENAI_API_KEY: 'sk-test' }))).toBe('openai');
  });

  it('splits FETCH_ALLOW_PRIVATE into a list', () => {
    expect(parseConfig({ FETCH_ALLOW_PRIVATE: '127.0.0.1, 10.0.0.0/8,' }).fetch.allowPrivate).toEqual(['127.0.0.1', '10.0.0.0/8']);
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ DEFAULT_LANGUAGE: '', PORT: ' ' }).defaultLanguage).toBe('en');
  });

  it('names every bad variable in one error', () => {
    let error: unknown;
    try {
      parseConfig({ DEFAULT_LANGUAGE: 'fr', FETCH_TIMEOUT_MS: 'soon', OPENAI_BASE_URL: 'not a url', TELEGRAM_BOT_TOKEN: 'abc' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    const message = (error as AppError).message;
    expect((error as AppError).code).toBe('CONFIG_INVALID');
    for (const name of ['DEFAULT_LANGUAGE', 'FETCH_TIMEOUT_MS', 'OPENAI_BASE_URL', 'TELEGRAM_BOT_TOKEN']) expect(message).toContain(name);
  });

  it('does not echo a malformed token back in the error', () => {
    expect(() => parseConfig({ TELEGRAM_BOT_TOKEN: '123:secret-value' })).toThrow(/TELEGRAM_BOT_TOKEN/);
    try {
      parseConfig({ TELEGRAM_BOT_TOKEN: '123:secret-value' });
    } catch (error) {
      expect((error as Error).message).not.toContain('secret-value');
    }
  });

  it('accepts a well-formed bot token', () => {
    const token = `123456789:${'A'.repeat(35)}`;
    expect(parseConfig({ TELEGRAM_BOT_TOKEN: token }).telegram.token).toBe(token);
  });

  it('refuses SUMMARIZER=openai without a key or base URL', () => {
    expect(() => parseConfig({ SUMMARIZER: 'openai' })).toThrow(/OPENAI_API_KEY/);
  });
});
