import { randomBytes } from 'node:crypto';
import type { JetStreamManager, NatsConnection } from 'nats';
import { connect } from 'nats';
import { EventBus } from '../../src/platform/events/event-bus';
import { EventRelay } from '../../src/platform/events/event-relay';
import { defineEvent } from '../../src/platform/events/integration-event';
import { JetStreamSubscribers } from '../../src/platform/events/jetstream-subscribers';
import { Outbox } from '../../src/platform/events/outbox';
import { createEventSchemas } from '../support/event-schemas';
import type { TestDatabase } from '../support/test-database';
import { createTestDatabase } from '../support/test-database';
import type { Instance } from './scale-support';
import { reachableSync, startInstance } from './scale-support';

const natsUp = reachableSync('127.0.0.1', 4222);
if (!natsUp)
  console.warn('NATS does not answer at 127.0.0.1:4222: the JetStream tests are skipped (CI runs them)');

const CrateMoved = defineEvent<{ publisher: string; n: number }>('jstest.CrateMoved');
const DURABLE = JetStreamSubscribers.durableOf('evt_jss_sub');

(natsUp ? describe : describe.skip)('scale: instances of a process share their JetStream durables', () => {
  const id = randomBytes(5).toString('hex');
  const env = {
    EVENTS_RELAY_INTERVAL_MS: '0',
    JOBS_ENABLED: 'false',
    NATS_URL: 'nats://127.0.0.1:4222',
    NATS_STREAM: `ONESOCIETY_SUBS_${id}`,
    NATS_SUBJECT_PREFIX: `ossubs${id}`,
  };
  let database: TestDatabase;
  let a: Instance;
  let b: Instance;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  /** Failures still to throw, by event number: a subscriber that is down for a while. */
  const failures = new Map<number, number>();
  const attempts = new Map<number, number>();

  const subscribe = (instance: Instance, name: string) =>
    instance.app.get(EventBus).subscribe(CrateMoved, {
      name: 'evt_jss_sub.record-crate',
      inbox: 'evt_jss_sub',
      handle: async (event, manager) => {
        const { publisher, n } = event.payload;
        attempts.set(n, (attempts.get(n) ?? 0) + 1);
        const left = failures.get(n) ?? 0;
        if (left > 0) {
          failures.set(n, left - 1);
          throw new Error('subscriber is down');
        }
        await manager.query(
          'INSERT INTO evt_jss_sub.effects (event_id, publisher, n, instance) VALUES ($1, $2, $3, $4)',
          [event.id, publisher, n, name],
        );
      },
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    [a, b] = await Promise.all([startInstance(database.url, env), startInstance(database.url, env)]);
    await createEventSchemas(a.db, 'evt_jss_pa', 'evt_jss_pb', 'evt_jss_sub');
    await a.db.query(
      `CREATE TABLE evt_jss_sub.effects (seq bigserial PRIMARY KEY, event_id uuid NOT NULL, publisher text NOT NULL,
         n integer NOT NULL, instance text NOT NULL)`,
    );
    subscribe(a, 'a');
    subscribe(b, 'b');
    nc = await connect({ servers: env.NATS_URL });
    jsm = await nc.jetstreamManager();
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await jsm?.streams.delete(env.NATS_STREAM).catch(() => undefined);
    await nc?.close();
    await database?.drop();
  });

  const publish = (instance: Instance, publisher: string, n: number) =>
    instance.db.transaction((m) =>
      instance.app.get(Outbox).publish(m, `evt_jss_${publisher}`, CrateMoved.create({ publisher, n })),
    );
  const effects = async (
    on: Instance = a,
  ): Promise<{ event_id: string; publisher: string; n: number; instance: string }[]> =>
    on.db.query('SELECT event_id, publisher, n, instance FROM evt_jss_sub.effects ORDER BY seq');

  it('hands each event to one instance, once, in each publisher’s order', async () => {
    for (let n = 1; n <= 20; n++) {
      await publish(a, 'pa', n);
      await publish(b, 'pb', n);
    }
    // Both instances relay (each takes the outboxes the other is not on) and both consume.
    await Promise.all([a.app.get(EventRelay).drain(), b.app.get(EventRelay).drain()]);

    const rows = await effects();
    expect(rows).toHaveLength(40);
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(40);
    for (const publisher of ['pa', 'pb'])
      expect(rows.filter((r) => r.publisher === publisher).map((r) => r.n)).toEqual(
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
    const [{ n: inboxRows }] = await a.db.query('SELECT count(*)::int AS n FROM evt_jss_sub.inbox_events');
    expect(inboxRows).toBe(40);
    // One durable for the subscribing inbox, which both instances pull from.
    const info = await jsm.consumers.info(env.NATS_STREAM, DURABLE);
    expect(info.config).toMatchObject({ max_ack_pending: 1, ack_policy: 'explicit' });
    expect(new Set(rows.map((r) => r.instance))).toEqual(new Set(['a', 'b']));
  });

  it('redelivers an event whose handler failed twice, handles it once, and keeps the next one behind it', async () => {
    failures.set(101, 2);
    await publish(a, 'pa', 101);
    await publish(a, 'pa', 102);
    const started = Date.now();
    await a.app.get(EventRelay).drain();
    // Back-off between the three deliveries: 1 s, then 2 s.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900);

    expect(attempts.get(101)).toBe(3);
    expect(attempts.get(102)).toBe(1);
    const rows = (await effects()).filter((r) => r.n > 100);
    expect(rows.map((r) => r.n)).toEqual([101, 102]);
    const inbox = await a.db.query(
      'SELECT count(*)::int AS n FROM evt_jss_sub.inbox_events WHERE event_id = ANY($1::uuid[])',
      [rows.map((r) => r.event_id)],
    );
    expect(inbox[0].n).toBe(2);
  });

  it('an event published while every consuming instance is down is handled once one starts again', async () => {
    await Promise.all([a.close(), b.close()]);
    // A process that publishes but does not subscribe to CrateMoved.
    const publisher = await startInstance(database.url, env);
    try {
      await publish(publisher, 'pb', 201);
      await publisher.app.get(EventRelay).drain();
      const waiting = await jsm.consumers.info(env.NATS_STREAM, DURABLE);
      expect({ pending: waiting.num_pending, out: waiting.num_ack_pending }).toEqual({ pending: 1, out: 0 });
      expect((await effects(publisher)).filter((r) => r.n === 201)).toEqual([]);

      a = await startInstance(database.url, env);
      subscribe(a, 'a2');
      await a.app.get(EventRelay).drain();
      expect((await effects()).filter((r) => r.n === 201).map((r) => [r.publisher, r.instance])).toEqual([
        ['pb', 'a2'],
      ]);
      expect(attempts.get(201)).toBe(1);
    } finally {
      await publisher.close();
    }
  });
});
