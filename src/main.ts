import { existsSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { isRejectedToken } from './bot/telegram-errors.js';
import { type RunningApp, startApp } from './app/start-app.js';
import { toAppError } from './errors/app-error.js';
import { redactSecrets } from './infra/logger.js';

export type { AppOverrides } from './app/app-context.js';
export { type RunningApp, startApp } from './app/start-app.js';
export { loadBotConfig } from './config/bot-config.js';

/** One line for stderr when start-up fails: no stack, no secrets. */
export function startupFailureMessage(error: unknown, secrets: ReadonlyArray<string | undefined> = []): string {
  const appError = toAppError(error);
  if (appError.code === 'CONFIG_INVALID') return appError.message;
  if (isRejectedToken(error)) {
    return 'Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized) — check the token with @BotFather';
  }
  return `could not start: ${redactSecrets(appError.message.split('\n')[0] ?? '', secrets)}`;
}

async function main(): Promise<void> {
  // The bot process is an entry point: it alone reads process.env (and an optional .env file).
  if (existsSync('.env')) process.loadEnvFile('.env');
  const env = process.env;
  const secrets = [env.TELEGRAM_BOT_TOKEN, env.OPENAI_API_KEY, env.WEBHOOK_SECRET];
  let app: RunningApp | undefined;
  try {
    app = await startApp(env, {
      onFatal: (error) => {
        process.stderr.write(`kabar: ${startupFailureMessage(error, secrets)}\n`);
        void app?.stop('fatal').finally(() => process.exit(1));
      },
    });
  } catch (error) {
    process.stderr.write(`kabar: ${startupFailureMessage(error, secrets)}\n`);
    process.exit(1);
  }
  const running = app;
  // One stray promise (a late Bot API error) must not take every chat down with it.
  process.on('unhandledRejection', (reason) => running.logger.error({ err: reason }, 'unhandled rejection'));
  let signals = 0;
  const shutdown = (signal: NodeJS.Signals) => {
    signals += 1;
    // A second Ctrl-C means "now": skip the drain.
    if (signals > 1) process.exit(1);
    running.stop(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        running.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) await main();
