import type { DataSource } from 'typeorm';
import type { RateLimitStore, WindowState } from './rate-limit-store';

export const RATE_LIMIT_TABLE = 'platform.rate_limits';
const SWEEP_EVERY_MS = 60_000;

/**
 * Counters in an UNLOGGED table (no WAL: cheap writes; emptied by a crash, which only forgives a
 * few attempts). One upsert per hit, atomic under concurrency, on the database's clock so every
 * instance agrees on when a window ends. Expired rows are swept at most once a minute per instance.
 */
export class PostgresRateLimitStore implements RateLimitStore {
  readonly inAppDatabase = true;

  private lastSweep = Date.now();
  private sweeping = false;

  constructor(private readonly dataSource: DataSource) {}

  async hit(key: string, windowSeconds: number): Promise<WindowState> {
    this.maybeSweep();
    const [row]: { count: number; resets_at: Date }[] = await this.dataSource.query(
      `INSERT INTO ${RATE_LIMIT_TABLE} AS r (key, count, resets_at)
       VALUES ($1, 1, now() + make_interval(secs => $2))
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN r.resets_at <= now() THEN 1 ELSE r.count + 1 END,
         resets_at = CASE WHEN r.resets_at <= now() THEN EXCLUDED.resets_at ELSE r.resets_at END
       RETURNING count, resets_at`,
      [key, windowSeconds],
    );
    return { count: row.count, resetsAt: row.resets_at.getTime() };
  }

  async reset(key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM ${RATE_LIMIT_TABLE} WHERE key = $1`, [key]);
  }

  async close(): Promise<void> {
    // The DataSource belongs to the app and closes with it.
  }

  private maybeSweep(): void {
    const now = Date.now();
    if (this.sweeping || now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    this.sweeping = true;
    this.dataSource
      .query(`DELETE FROM ${RATE_LIMIT_TABLE} WHERE resets_at <= now()`)
      .catch(() => undefined)
      .finally(() => (this.sweeping = false));
  }
}
