import { AppError } from '../errors/app-error.js';
import { type Config, parseConfig } from './config.js';

/**
 * parseConfig plus what only the bot needs: a token, and in webhook mode a domain and a secret.
 * Throws CONFIG_INVALID with a one-line message naming the variable.
 */
export function loadBotConfig(env: Record<string, string | undefined>): Config {
  const config = parseConfig(env);
  if (!config.telegram.token) {
    throw new AppError(
      'CONFIG_INVALID',
      'TELEGRAM_BOT_TOKEN is not set — create a bot with @BotFather and put its token in .env (see .env.example)',
    );
  }
  if (config.telegram.mode === 'webhook') {
    const missing = [
      ...(config.telegram.webhookDomain ? [] : ['WEBHOOK_DOMAIN']),
      ...(config.telegram.webhookSecret ? [] : ['WEBHOOK_SECRET']),
    ];
    if (missing.length > 0) {
      throw new AppError(
        'CONFIG_INVALID',
        `BOT_MODE=webhook needs ${missing.join(' and ')} (the public HTTPS domain Telegram posts to, and a secret of A-Z, a-z, 0-9, _ and -)`,
      );
    }
  }
  return config;
}
