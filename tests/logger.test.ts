import { describe, expect, it } from 'vitest';
import { createLogger, redactSecrets } from '../src/infra/logger.js';

const TOKEN = '123456789:AAHsecretTokenValue_abcdefghijklmnop';

function capture() {
  const lines: string[] = [];
  return { lines, destination: { write: (line: string) => void lines.push(line) } };
}

describe('createLogger', () => {
  it('keeps the bot token out of a logged telegraf network error and its stack', () => {
    const { lines, destination } = capture();
    const logger = createLogger('info', { destination });
    // node-fetch errors from telegraf carry the whole Bot API URL, token included.
    const cause = new Error(`request to https://api.telegram.org/bot${TOKEN}/sendMessage failed, reason: socket hang up`);
    const error = Object.assign(new Error(`request to https://api.telegram.org/bot${TOKEN}/sendMessage failed`, { cause }), {
      name: 'FetchError',
      on: { method: 'sendMessage', url: `https://api.telegram.org/bot${TOKEN}/sendMessage` },
    });
    logger.error({ err: error, updateId: 7 }, `send failed for https://api.telegram.org/bot${TOKEN}/sendMessage`);

    expect(lines).toHaveLength(1);
    const line = lines[0] as string;
    expect(line).not.toContain('AAHsecretTokenValue');
    expect(line).toContain('bot[REDACTED]/sendMessage');
    const entry = JSON.parse(line);
    expect(entry.updateId).toBe(7);
    expect(entry.err.stack).toContain('FetchError');
  });

  it('scrubs configured secrets such as the API key wherever they appear', () => {
    const { lines, destination } = capture();
    const logger = createLogger('info', { destination, secrets: ['sk-test-verysecretkey123', undefined] });
    logger.warn({ detail: 'model said: invalid key sk-test-verysecretkey123' }, 'model call failed');
    expect(lines.join('')).not.toContain('sk-test-verysecretkey123');
    expect(lines.join('')).toContain('invalid key [REDACTED]');
  });

  it('redacts secret fields by name, including a whole config object', () => {
    const { lines, destination } = capture();
    const logger = createLogger('info', { destination });
    logger.info({ config: { telegram: { token: 'plain-token-value', webhookSecret: 'hook-secret-value' }, openai: { apiKey: 'key-value-1' } } }, 'config');
    const entry = JSON.parse(lines[0] as string);
    expect(entry.config.telegram.token).toBe('[REDACTED]');
    expect(entry.config.telegram.webhookSecret).toBe('[REDACTED]');
    expect(entry.config.openai.apiKey).toBe('[REDACTED]');
  });

  it('drops lines below the configured level', () => {
    const { lines, destination } = capture();
    const logger = createLogger('warn', { destination });
    logger.info('hidden');
    logger.warn('shown');
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(['shown']);
  });
});

describe('redactSecrets', () => {
  it('replaces a bare token and a bearer credential', () => {
    const text = redactSecrets(`token ${TOKEN} and Authorization: Bearer abcdefgh12345678`);
    expect(text).toBe('token [REDACTED] and Authorization: Bearer [REDACTED]');
  });
});
