/**
 * What keeping each publisher's order costs a JetStream subscriber: events per second through one
 * durable, handled as the app handles them (inbox row + one effect row, one transaction each, then
 * the ack), with `max_ack_pending: 1` (the app's setting: one message out at a time across every
 * instance) against an unordered durable (`max_ack_pending` 1000), with 1, 2 and 4 consumers
 * sharing the durable (instances of the process; here in one Node process, each with its own NATS
 * connection, so they overlap on I/O as instances would).
 *
 * Run (2 cores; under a minute), with NATS at 127.0.0.1:4222 and a PostgreSQL server:
 *   tsc -p tsconfig.json --outDir dist/bench-build && node dist/bench-build/bench/jetstream-ordering.js
 * EVENTS (default 2000); BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres;
 * the bench works in a schema of its own and drops it).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { JetStreamManager, NatsConnection } from 'nats';
import { AckPolicy, connect, DeliverPolicy, nanos } from 'nats';
import { DataSource } from 'typeorm';
import { createEventTables } from '../src/platform/events/event-tables.migration';
import { JetStreamInboxConsumer } from '../src/platform/events/jetstream-consumer';

const EVENTS = Number(process.env.EVENTS ?? 2000);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NATS_URL = 'nats://127.0.0.1:4222';
const id = randomBytes(4).toString('hex');
const STREAM = `BENCH_ORDER_${id}`;
const SUBJECT = `benchorder${id}.pub.Tick.v1`;
// Schema names are letters and underscores only (sql-identifiers.ts).
const SCHEMA = `bench_js_${id.replace(/[0-9]/g, (d) => 'abcdefghij'[Number(d)])}`;

async function run(
  db: DataSource,
  jsm: JetStreamManager,
  maxAckPending: number,
  instances: number,
): Promise<{ perSecond: number; inOrder: boolean }> {
  const durable = `bench-${maxAckPending}-${instances}`;
  await jsm.consumers.add(STREAM, {
    durable_name: durable,
    filter_subject: SUBJECT,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(30_000),
    max_ack_pending: maxAckPending,
  });
  let handled = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const connections: NatsConnection[] = [];
  const consumers: JetStreamInboxConsumer[] = [];
  for (let i = 0; i < instances; i++) {
    const nc = await connect({ servers: NATS_URL });
    connections.push(nc);
    consumers.push(
      new JetStreamInboxConsumer(
        { nc, js: nc.jetstream(), jsm: await nc.jetstreamManager() },
        {
          stream: STREAM,
          durable,
          subject: SUBJECT,
          inbox: SCHEMA,
          dataSource: db,
          subscribersOf: () => [
            {
              name: durable,
              inbox: SCHEMA,
              handle: async (event, manager) => {
                await manager.query(`INSERT INTO ${SCHEMA}.effects (run, n) VALUES ($1, $2)`, [
                  durable,
                  (event.payload as { n: number }).n,
                ]);
                if (++handled === EVENTS) done();
              },
            },
          ],
        },
      ),
    );
  }
  const started = Date.now();
  const loops = consumers.map((c) => c.consume());
  await finished;
  const seconds = (Date.now() - started) / 1000;
  await Promise.all(consumers.map((c) => c.stop()));
  await Promise.all(loops);
  await Promise.all(connections.map((nc) => nc.close()));
  const rows: { n: number }[] = await db.query(
    `SELECT n FROM ${SCHEMA}.effects WHERE run = $1 ORDER BY seq`,
    [durable],
  );
  return { perSecond: Math.round(EVENTS / seconds), inOrder: rows.every((r, i) => r.n === i + 1) };
}

async function main(): Promise<void> {
  const db = await new DataSource({ type: 'postgres', url: DATABASE_URL, poolSize: 10 }).initialize();
  const nc = await connect({ servers: NATS_URL });
  const jsm = await nc.jetstreamManager();
  try {
    const runner = db.createQueryRunner();
    await runner.query(`CREATE SCHEMA ${SCHEMA}`);
    await createEventTables(runner, SCHEMA);
    await runner.release();
    await db.query(
      `CREATE TABLE ${SCHEMA}.effects (seq bigserial PRIMARY KEY, run text NOT NULL, n int NOT NULL)`,
    );
    await jsm.streams.add({ name: STREAM, subjects: [`benchorder${id}.>`] });
    const js = nc.jetstream();
    for (let n = 1; n <= EVENTS; n++)
      await js.publish(
        SUBJECT,
        new TextEncoder().encode(
          JSON.stringify({
            id: randomUUID(),
            type: 'bench.Tick',
            version: 1,
            occurredAt: '',
            payload: { n },
          }),
        ),
      );
    console.log(`${EVENTS} events, one durable, handler = inbox row + one insert in one transaction`);
    console.log('max_ack_pending  consumers  events/s  in publish order');
    for (const maxAckPending of [1, 1000])
      for (const instances of [1, 2, 4]) {
        const { perSecond, inOrder } = await run(db, jsm, maxAckPending, instances);
        console.log(
          `${String(maxAckPending).padStart(15)}  ${String(instances).padStart(9)}  ${String(perSecond).padStart(8)}  ${inOrder}`,
        );
      }
  } finally {
    await jsm.streams.delete(STREAM).catch(() => undefined);
    await db.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await db.destroy();
    await nc.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
