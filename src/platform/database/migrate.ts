import { DataSource } from 'typeorm';
import { CONTEXT_NAMES } from '../config/contexts';
import { provisionContextRoles } from './context-roles';
import type { DatabaseSettings } from './data-source-options';
import { dataSourceOptions } from './data-source-options';

// Any constant works; it only has to be the same for every instance of the app.
const MIGRATION_LOCK_KEY = 727_274_001;
const LOCK_POLL_MS = 250;

/**
 * Applies pending migrations, then gives each context's schema to its role (context-roles.ts).
 * Several instances starting together serialise on an advisory lock, so each migration runs
 * exactly once. A context with a database of its own (`contextUrls`) has its migrations (and the
 * platform's, which its outbox and audit entries need) applied there, with that URL's credentials.
 */
export async function runMigrations(settings: DatabaseSettings): Promise<string[]> {
  const { shared, own } = splitByDatabase(settings);
  const applied = await withMigrationLock({ ...settings, contexts: shared }, async (dataSource) => {
    const names = (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
    await provisionContextRoles(dataSource, settings.url, shared);
    return names;
  });
  for (const [context, url] of own) {
    const names = await withMigrationLock({ ...settings, url, contexts: [context] }, async (dataSource) =>
      (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name),
    );
    applied.push(...names.map((name) => `${name} (${context})`));
  }
  return applied;
}

export async function revertLastMigration(settings: DatabaseSettings): Promise<void> {
  await withMigrationLock({ ...settings, contexts: splitByDatabase(settings).shared }, (dataSource) =>
    dataSource.undoLastMigration({ transaction: 'each' }),
  );
}

/** The contexts on the main database, and those with one of their own. */
function splitByDatabase(settings: DatabaseSettings): { shared: string[]; own: [string, string][] } {
  const contexts = settings.contexts ?? CONTEXT_NAMES;
  const own = Object.entries(settings.contextUrls ?? {}).filter(
    (entry): entry is [string, string] => contexts.includes(entry[0]) && Boolean(entry[1]),
  );
  return { shared: contexts.filter((c) => !own.some(([name]) => name === c)), own };
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
