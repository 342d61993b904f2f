import { runMigrations } from '../src/platform/database/migrate';
import { MAX_ATTEMPTS } from '../src/platform/events/event-relay';
import { databaseUrl, withClient } from './bench-support';
import { generateMarketplace } from './generate-data';
import type { Scale } from './generate-data';

type Log = (line: string) => void;

/**
 * The generated data set in database `name` on the server of `adminUrl`: dropped and regenerated
 * from `seed`, or kept as it is with BENCH_REUSE=1 when it already holds rentals.
 */
export async function prepareDatabase(
  adminUrl: string,
  name: string,
  scale: Scale,
  seed: string,
  log: Log,
): Promise<string> {
  if (!name.includes('bench'))
    throw new Error(`Refusing to regenerate ${name}: the name must contain "bench"`);
  const url = databaseUrl(adminUrl, name);
  if (process.env.BENCH_REUSE === '1') {
    const ready = await withClient(url, async (c) =>
      (await c.query(`SELECT to_regclass('rental.rentals') IS NOT NULL AS ok`)).rows[0].ok
        ? Number((await c.query('SELECT count(*) AS n FROM rental.rentals')).rows[0].n) > 0
        : false,
    ).catch(() => false);
    if (ready) {
      log(`reusing ${name}`);
      return url;
    }
  }
  await withClient(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}"`);
  });
  await runMigrations({ url, poolSize: 2, statementTimeoutMs: 0 });
  const started = Date.now();
  const report = await withClient(url, (c) =>
    generateMarketplace(c, scale, seed, (l) => log(`${name} ${l}`)),
  );
  log(
    `${name} generated in ${((Date.now() - started) / 1000).toFixed(0)} s: ${JSON.stringify(report.counts)}`,
  );
  if (report.skipped.length > 0) log(`${name} not generated: ${report.skipped.join('; ')}`);
  return url;
}

/**
 * Waits until no integration event is left to deliver. Every booking leaves events that the app's
 * relay then works through (payment holds, conversations, catalog's projection) for a minute or
 * more: measured meanwhile, the next scenario would pay for the previous one.
 */
export async function settleOutbox(url: string, log: Log): Promise<void> {
  const deadline = Date.now() + 15 * 60_000;
  await withClient(url, async (c) => {
    const tables = (
      await c.query(
        `SELECT format('%I.%I', table_schema, table_name) AS t FROM information_schema.tables
         WHERE table_name = 'outbox_events'`,
      )
    ).rows.map((r: { t: string }) => r.t);
    if (tables.length === 0) return;
    const pendingSql = tables
      .map((t) => `(SELECT count(*) FROM ${t} WHERE published_at IS NULL AND attempts < ${MAX_ATTEMPTS})`)
      .join(' + ');
    for (let waited = false; ; waited = true) {
      const pending = Number((await c.query(`SELECT ${pendingSql} AS n`)).rows[0].n);
      if (pending === 0) return;
      if (!waited) log(`waiting for the app to deliver ${pending} pending events`);
      if (Date.now() > deadline) throw new Error(`${pending} events still pending after 15 minutes`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  });
}
