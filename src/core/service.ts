/**
 * A long-running part of the app (poller, delivery loop, job queue, HTTP server, Telegram). `main.ts`
 * starts services in order and stops them in reverse, through one shutdown path.
 */
export interface Service {
  /** For logs: which service started, stopped or failed to stop in time. */
  readonly name: string;
  start(): void | Promise<void>;
  /**
   * Finishes or hands over what is in flight, then releases what it holds. `deadline` is epoch ms
   * (wall clock) after which the service should give up waiting and return.
   */
  stop(deadline: number): Promise<void>;
}
