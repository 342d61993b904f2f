import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../errors/domain-error';
import { MemoryRateLimitStore } from './memory-rate-limit.store';
import { PostgresRateLimitStore } from './postgres-rate-limit.store';
import type { RateLimitStore, WindowState } from './rate-limit-store';
import { RedisRateLimitStore } from './redis-rate-limit.store';

/** The store the configuration asks for: shared (Redis, else PostgreSQL) unless `memory` is chosen. */
export function rateLimitStoreFor(config: AppConfig, dataSource: DataSource): RateLimitStore {
  const kind = config.RATE_LIMIT_STORE ?? (config.REDIS_URL ? 'redis' : 'postgres');
  switch (kind) {
    case 'memory':
      return new MemoryRateLimitStore();
    case 'redis':
      if (!config.REDIS_URL) throw new Error('RATE_LIMIT_STORE=redis needs REDIS_URL');
      return new RedisRateLimitStore(config.REDIS_URL, `${config.REDIS_KEY_PREFIX}rate-limit:`);
    case 'postgres':
      return new PostgresRateLimitStore(dataSource);
  }
}

/**
 * Fixed-window rate limits. The counters live in the configured store, so with PostgreSQL or
 * Redis every instance behind the load balancer counts against the same limit. When Redis cannot
 * be reached the limiter lets requests through (and says so in the logs): a Redis outage must not
 * take logins and every write down with it. PostgreSQL is the application's own database: its
 * failure is the request's (503), since the request would only wait on it again.
 */
@Injectable()
export class RateLimiter implements OnApplicationShutdown {
  private readonly logger = new Logger(RateLimiter.name);
  readonly store: RateLimitStore;

  constructor(config: AppConfig, @InjectDataSource() dataSource: DataSource) {
    this.store = rateLimitStoreFor(config, dataSource);
  }

  /**
   * Counts one attempt against `key`; throws a rate_limited error once `limit` is exceeded.
   * `onFirstRefusal` runs once per window, on the first attempt refused (an audit entry, say): a
   * script hammering the limit then leaves one trace per window, not one per attempt. Its failure
   * only logs: the caller is refused all the same.
   */
  async consume(
    key: string,
    limit: number,
    windowSeconds: number,
    onFirstRefusal?: () => Promise<void>,
  ): Promise<void> {
    let window: WindowState;
    try {
      window = await this.store.hit(key, windowSeconds);
    } catch (error) {
      // A silent database (H-15) would make the request wait once here and once more for its own
      // queries, past any deadline: its failure answers now (503, tripping the circuit) instead.
      if (this.store.inAppDatabase) throw error;
      this.warn('rate-limit store unreachable, request let through', error);
      return;
    }
    if (window.count > limit) {
      if (window.count === limit + 1 && onFirstRefusal)
        await onFirstRefusal().catch((error: unknown) => this.warn('first-refusal hook failed', error));
      const retryAfterSeconds = Math.max(1, Math.ceil((window.resetsAt - Date.now()) / 1000));
      throw new DomainError('RATE_LIMITED', 'rate_limited', 'Too many attempts; try again later', {
        retryAfterSeconds,
      });
    }
  }

  /** Forgets `key`'s window (after a successful login, say). Best effort: a failure only logs. */
  async reset(key: string): Promise<void> {
    await this.store.reset(key).catch((error: unknown) => this.warn('rate-limit reset failed', error));
  }

  private lastWarning = 0;
  private warn(what: string, error: unknown): void {
    if (Date.now() - this.lastWarning < 10_000) return;
    this.lastWarning = Date.now();
    this.logger.warn(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
