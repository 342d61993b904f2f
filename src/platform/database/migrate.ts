import { DataSource } from 'typeorm';
import type { DatabaseSettings } from './data-source-options';
import { dataSourceOptions } from './data-source-options';

// Any constant works; it only has to be the same for every instance of the app.
const MIGRATION_LOCK_KEY = 727_274_001;
const LOCK_POLL_MS = 250;

/**
 * Applies pending migrations. Several instances starting together serialise on an advisory
 * lock, so each migration runs exactly once.
 */
export async function runMigrations(settings: DatabaseSettings): Promise<string[]> {
  return withMigrationLock(settings, async (dataSource) => {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  });
}

export async function revertLastMigration(settings: DatabaseSettings): Promise<void> {
  await withMigrationLock(settings, (dataSource) => dataSource.undoLastMigration({ transaction: 'each' }));
}

async function withMigrationLock<T>(
  settings: DatabaseSettings,
  work: (ds: DataSource) => Promise<T>,
): Promise<T> {
  const dataSource = new DataSource({
    ...dataSourceOptions({ ...settings, poolSize: 2, statementTimeoutMs: 0 }),
    logging: ['error'],
  });
  await dataSource.initialize();
  const lock = dataSource.createQueryRunner();
  try {
    await lock.connect();
    // Polled, not waited for: a session blocked in pg_advisory_lock holds a transaction open, and
    // a migration building an index CONCURRENTLY waits for every open transaction to end, so two
    // instances starting together deadlocked (undetected: one waits on a lock, the other on a
    // virtual transaction id).
    while (!(await lock.query('SELECT pg_try_advisory_lock($1) AS got', [MIGRATION_LOCK_KEY]))[0].got)
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    return await work(dataSource);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.release();
    await dataSource.destroy();
  }
}
