import type { Config } from '../config/config.js';
import type { Logger } from '../core/logger.js';
import type { DigestService } from '../digest/digest-service.js';
import type { InstanceIdentity } from '../infra/instance-owner.js';
import type { LogSink } from '../infra/logger.js';
import type { Store } from '../store/repositories.js';

/** Test and benchmark hooks; production passes none. */
export interface AppOverrides {
  /** Listen here instead of PORT (0 = any free port). */
  port?: number;
  /** Interface to bind; default all. */
  host?: string;
  /** Where log lines go (default stdout). */
  logDestination?: LogSink;
  /** Clock for the quota and the extractive engine. */
  now?: () => Date;
  /** fetch for the model client, before the model limiter wraps it. */
  modelFetch?: typeof fetch;
  /** Replaces the digest pipeline (benchmarks with a fake engine). */
  createDigestService?: (config: Config, store: Store) => DigestService;
  /** How long shutdown waits for in-flight digests; default 10 s. */
  drainTimeoutMs?: number;
  /** SQLite lock wait before SQLITE_BUSY (default 5000 ms): tests of a locked database. */
  sqliteBusyTimeoutMs?: number;
  /** The bot stopped on its own after start-up (token revoked, another poller). Default: log it. */
  onFatal?: (error: unknown) => void;
}

/** What every builder of the app shares: the config, the logger, the clock and this instance's name. */
export interface AppContext {
  config: Config;
  /** config.telegram.token, checked by loadBotConfig. */
  token: string;
  logger: Logger;
  now: () => Date;
  nowMs: () => number;
  /** This process's name in claims and leases, and which earlier names were its own. */
  identity: InstanceIdentity;
  /** identity.owner. */
  owner: string;
  overrides: AppOverrides;
}
