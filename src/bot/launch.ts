import type { Telegraf } from 'telegraf';

/** How updates reach the bot. */
export type LaunchOptions =
  | { mode: 'polling' }
  | {
      mode: 'webhook';
      /** Public HTTPS URL Telegram posts to: https://WEBHOOK_DOMAIN + WEBHOOK_PATH. */
      url: string;
      /** Sent back by Telegram in X-Telegram-Bot-Api-Secret-Token on every update. */
      secret: string;
    };

/** A bot that is receiving updates. */
export interface LaunchedBot {
  /** Stops taking updates. Polling: aborts getUpdates and confirms the last offset. Webhook: no-op (the HTTP server stops). */
  stopUpdates(timeoutMs?: number): Promise<void>;
}

export interface LaunchHooks {
  /** Polling stopped on its own after start-up (401 token revoked, 409 another poller). */
  onFatal?: (error: unknown) => void;
}

/** Builds the webhook URL from WEBHOOK_DOMAIN (with or without scheme) and WEBHOOK_PATH. */
export function webhookUrl(domain: string, path: string): string {
  const host = domain.replace(/^https?:\/\//i, '').replace(/\/+$/, '');
  return `https://${host}${path}`;
}

/**
 * Starts receiving updates and resolves once the bot is connected (getMe answered).
 * telegraf 4.16's `launch()` only resolves when polling stops, so it is not awaited here.
 */
export async function launchBot(bot: Telegraf, options: LaunchOptions, hooks: LaunchHooks = {}): Promise<LaunchedBot> {
  if (options.mode === 'webhook') {
    bot.botInfo ??= await bot.telegram.getMe();
    // drop_pending_updates false: updates that queued while we were down are still answered.
    await bot.telegram.setWebhook(options.url, { secret_token: options.secret, drop_pending_updates: false });
    return { stopUpdates: async () => {} };
  }

  let stopping = false;
  let connected!: () => void;
  const ready = new Promise<void>((resolve) => {
    connected = resolve;
  });
  // A bot that was in webhook mode before gets its webhook removed by launch(); pending updates stay.
  const running = bot.launch({ dropPendingUpdates: false }, () => connected());
  await Promise.race([ready, running]);
  running.catch((error: unknown) => {
    if (!stopping) hooks.onFatal?.(error);
  });

  return {
    async stopUpdates(timeoutMs = 5000) {
      if (stopping) return;
      stopping = true;
      try {
        bot.stop('shutdown');
      } catch {
        return; // never started polling
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        running.catch(() => {}),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
          timer.unref();
        }),
      ]);
      clearTimeout(timer);
    },
  };
}
