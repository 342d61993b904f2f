/**
 * What the retention jobs cost on a big outbox: an outbox that grew for two months before the
 * retention migration (1,000,000 delivered events, one every 5 s), the migration's concurrent index
 * build on it, then the prune runs that work through the backlog (each at most 50,000 rows, as the
 * job does every 10 minutes), timed one by one.
 *
 * Run: npm run bench:retention (BENCH_DATABASE_URL=postgres://... for a server; a database named
 * onesociety_retention_bench is created there and dropped).
 */
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/platform/database/data-source-options';
import { runMigrations } from '../src/platform/database/migrate';
import { daysBefore, PRUNE_LIMITS, pruneOlderThan } from '../src/platform/database/retention';
import {
  createEventRetentionIndexes,
  dropEventRetentionIndexes,
} from '../src/platform/events/event-tables.migration';
import { outboxTable } from '../src/platform/events/event-tables';
import { benchServer, databaseUrl, withClient } from './bench-support';

const EVENTS = 1_000_000;
const SECONDS_BETWEEN_EVENTS = 5;
const RETENTION_DAYS = 7;
const NAME = 'onesociety_retention_bench';

const since = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

async function main(): Promise<void> {
  const server = await benchServer();
  const url = databaseUrl(server.adminUrl, NAME);
  await withClient(server.adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${NAME}`);
    await c.query(`CREATE DATABASE ${NAME}`);
  });
  await runMigrations({ url, poolSize: 2, statementTimeoutMs: 0 });
  const db = new DataSource(dataSourceOptions({ url, poolSize: 2, statementTimeoutMs: 0 }));
  await db.initialize();
  const runner = db.createQueryRunner();
  try {
    await dropEventRetentionIndexes(runner, 'rental');
    let started = process.hrtime.bigint();
    await runner.query(
      `INSERT INTO ${outboxTable('rental')} (id, type, version, payload, occurred_at, published_at)
       SELECT gen_random_uuid(), 'rental.RentalRequested', 1,
              jsonb_build_object('rentalId', gen_random_uuid(), 'productId', gen_random_uuid(), 'total', 18250),
              now() - make_interval(secs => i * $2), now() - make_interval(secs => i * $2)
       FROM generate_series(1, $1) i`,
      [EVENTS, SECONDS_BETWEEN_EVENTS],
    );
    await runner.query(`VACUUM ANALYZE ${outboxTable('rental')}`);
    console.log(
      `filled ${EVENTS.toLocaleString('en')} delivered events in ${(since(started) / 1000).toFixed(1)} s`,
    );

    started = process.hrtime.bigint();
    await createEventRetentionIndexes(runner, 'rental');
    console.log(`retention indexes built concurrently: ${since(started).toFixed(0)} ms`);

    const cutoff = daysBefore(new Date(), RETENTION_DAYS);
    const runs: number[] = [];
    let total = 0;
    for (;;) {
      started = process.hrtime.bigint();
      const deleted = await db.transaction((m) =>
        pruneOlderThan(m, outboxTable('rental'), 'published_at', cutoff),
      );
      runs.push(since(started));
      total += deleted;
      if (deleted < PRUNE_LIMITS.maxRows) break;
    }
    runs.sort((a, b) => a - b);
    const [{ left }] = await runner.query(`SELECT count(*)::int AS left FROM ${outboxTable('rental')}`);
    console.log(
      `pruned ${total.toLocaleString('en')} events older than ${RETENTION_DAYS} days in ${runs.length} runs ` +
        `of at most ${PRUNE_LIMITS.maxRows.toLocaleString('en')}: median ${runs[runs.length >> 1].toFixed(0)} ms, ` +
        `slowest ${runs[runs.length - 1].toFixed(0)} ms per run; ${left.toLocaleString('en')} kept`,
    );
  } finally {
    await runner.release();
    await db.destroy();
    await withClient(server.adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${NAME}`));
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
