import type { Telegraf } from 'telegraf';

/**
 * Starts long polling and returns a stop function for afterEach. `bot.stop()` throws while launch()
 * is still between deleteWebhook and the first getUpdates, so stopping retries briefly.
 */
export function launchForTest(bot: Telegraf): () => Promise<void> {
  const polling = bot.launch();
  let stopped = false;
  return async () => {
    if (stopped) return;
    stopped = true;
    for (let attempt = 0; ; attempt++) {
      try {
        bot.stop('test');
        break;
      } catch (error) {
        if (attempt > 100) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    await polling.catch(() => undefined);
  };
}
