import { pino } from 'pino';

export type Logger = pino.Logger;
export type LogLevel = pino.LevelWithSilent;

/** Where finished log lines go; stdout unless a test passes its own sink. */
export interface LogSink {
  write(line: string): void;
}

/** Options for `createLogger`. */
export interface LoggerOptions {
  /** Exact secret values (bot token, API key, webhook secret) to scrub wherever they appear. */
  secrets?: ReadonlyArray<string | undefined>;
  /** Defaults to a synchronous stdout destination. */
  destination?: LogSink;
}

const CENSOR = '[REDACTED]';

// The bot token is part of every Bot API URL (…/bot<id>:<secret>/sendMessage), and telegraf puts
// that URL into network errors, so any token-shaped text is scrubbed, not only known fields.
const BOT_URL_TOKEN = /bot\d+:[A-Za-z0-9_-]+/g;
const BARE_TOKEN = /\b\d{5,}:[A-Za-z0-9_-]{30,}/g;
const BEARER = /(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi;

/** Field paths that hold secrets by name; pino removes them before serialising. */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'botToken',
  '*.botToken',
  'apiKey',
  '*.apiKey',
  'secret',
  '*.secret',
  'webhookSecret',
  '*.webhookSecret',
  'secretToken',
  '*.secretToken',
  'config.telegram.token',
  'config.telegram.webhookSecret',
  'config.openai.apiKey',
  'headers.authorization',
  'headers["x-telegram-bot-api-secret-token"]',
  '*.headers.authorization',
  '*.headers["x-telegram-bot-api-secret-token"]',
];

/** Replaces bot tokens, bearer credentials and the given secret values in any text. */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
  let out = text.replace(BOT_URL_TOKEN, `bot${CENSOR}`).replace(BARE_TOKEN, CENSOR).replace(BEARER, `$1${CENSOR}`);
  for (const secret of secrets) {
    // Very short values would censor ordinary words; config validation keeps real secrets long.
    if (!secret || secret.length < 6) continue;
    out = out.split(secret).join(CENSOR);
    // The JSON-escaped form, in case a secret holds characters JSON escapes.
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) out = out.split(escaped).join(CENSOR);
  }
  return out;
}

/**
 * A pino logger that never prints the bot token or the API key: known fields are redacted by path,
 * and every finished line (messages, error stacks, nested causes) is scrubbed once more.
 */
export function createLogger(level: LogLevel, options: LoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s): s is string => Boolean(s));
  const target: LogSink = options.destination ?? pino.destination({ dest: 1, sync: true });
  const sink: LogSink = { write: (line) => target.write(redactSecrets(line, secrets)) };
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: CENSOR },
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
    },
    sink,
  );
}
