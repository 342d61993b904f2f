import { randomBytes } from 'node:crypto';
import type { JetStreamManager, NatsConnection } from 'nats';
import { AckPolicy, connect, DeliverPolicy } from 'nats';
import { EventRelay } from '../../src/platform/events/event-relay';
import { defineEvent } from '../../src/platform/events/integration-event';
import type { IntegrationEvent } from '../../src/platform/events/integration-event';
import { JetStreamInboxConsumer, MAX_DELIVERIES } from '../../src/platform/events/jetstream-consumer';
import { Outbox } from '../../src/platform/events/outbox';
import type { TestApp } from '../support/test-app';
import { createEventSchemas } from '../support/event-schemas';
import { createTestApp } from '../support/test-app';
import { eventually } from '../support/waiting';
import { reachableSync } from './scale-support';

const natsUp = reachableSync('127.0.0.1', 4222);
if (!natsUp)
  console.warn('NATS does not answer at 127.0.0.1:4222: the JetStream tests are skipped (CI runs them)');

const ParcelShipped = defineEvent<{ parcel: number }>('scaletest.ParcelShipped', 2);

(natsUp ? describe : describe.skip)('scale: the outbox relay publishes to NATS JetStream', () => {
  const id = randomBytes(5).toString('hex');
  const stream = `ONESOCIETY_TEST_${id}`;
  const prefix = `ostest${id}`;
  const subject = `${prefix}.evt_js_pub.ParcelShipped.v2`;
  let t: TestApp;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const handled: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({
      EVENTS_RELAY_INTERVAL_MS: '0',
      NATS_URL: 'nats://127.0.0.1:4222',
      NATS_STREAM: stream,
      NATS_SUBJECT_PREFIX: prefix,
    });
    await createEventSchemas(t.db, 'evt_js_pub', 'evt_js_sub');
    await t.db.query('CREATE TABLE evt_js_sub.effects (event_id uuid NOT NULL, parcel integer NOT NULL)');
    nc = await connect({ servers: 'nats://127.0.0.1:4222' });
    jsm = await nc.jetstreamManager();
  });
  afterAll(async () => {
    await t?.close();
    await jsm?.streams.delete(stream).catch(() => undefined);
    await nc?.close();
  });

  const publish = async (parcel: number): Promise<IntegrationEvent> => {
    const event = ParcelShipped.create({ parcel });
    await t.db.transaction((m) => t.app.get(Outbox).publish(m, 'evt_js_pub', event));
    return event;
  };
  const consumer = (durable: string) =>
    new JetStreamInboxConsumer(
      { nc, js: nc.jetstream(), jsm },
      {
        stream,
        durable,
        subject,
        inbox: 'evt_js_sub',
        dataSource: t.db,
        subscribersOf: () => [
          {
            name: 'evt_js_sub.record-parcel',
            inbox: 'evt_js_sub',
            handle: async (event, manager) => {
              handled.push(event.id);
              const { parcel } = event.payload as { parcel: number };
              await manager.query('INSERT INTO evt_js_sub.effects (event_id, parcel) VALUES ($1, $2)', [
                event.id,
                parcel,
              ]);
            },
          },
        ],
      },
    );
  /** A durable consumer that starts at a given message, so each test reads only its own events. */
  const durableFromSequence = (durable: string, seq: number) =>
    jsm.consumers.add(stream, {
      durable_name: durable,
      filter_subject: subject,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: seq,
    });
  const effectsOf = (eventId: string) =>
    t.db.query('SELECT parcel FROM evt_js_sub.effects WHERE event_id = $1', [eventId]);

  it('creates the stream and publishes each event once, on its subject, with the event id as message id', async () => {
    const event = await publish(1);
    await t.app.get(EventRelay).drain();
    const info = await jsm.streams.info(stream);
    expect(info.config.subjects).toEqual([`${prefix}.>`]);
    expect(info.state.messages).toBe(1);
    const stored = await jsm.streams.getMessage(stream, { seq: info.state.last_seq });
    expect(stored.subject).toBe(subject);
    expect(stored.header.get('Nats-Msg-Id')).toBe(event.id);
    expect(stored.header.get('Event-Type')).toBe('scaletest.ParcelShipped');
    expect(stored.json()).toEqual(event);
    const [row] = await t.db.query('SELECT published_at FROM evt_js_pub.outbox_events WHERE id = $1', [
      event.id,
    ]);
    expect(row.published_at).not.toBeNull();
  });

  it('does not store a republished event twice (JetStream de-duplicates on the message id)', async () => {
    const before = (await jsm.streams.info(stream)).state.messages;
    await t.db.query('UPDATE evt_js_pub.outbox_events SET published_at = NULL');
    await t.app.get(EventRelay).drain();
    expect((await jsm.streams.info(stream)).state.messages).toBe(before);
  });

  it('a consumer that dedupes on the event id applies an event delivered twice only once', async () => {
    const event = await publish(2);
    await t.app.get(EventRelay).drain();
    // Past the duplicate window the relay could publish the same event again: the same body,
    // a message JetStream no longer recognises.
    await nc.jetstream().publish(subject, new TextEncoder().encode(JSON.stringify(event)));
    await durableFromSequence('twice', (await jsm.streams.info(stream)).state.last_seq - 1);
    handled.length = 0;
    expect(await consumer('twice').pull(10, 1000)).toBe(2);
    expect(handled).toEqual([event.id]);
    expect(await effectsOf(event.id)).toEqual([{ parcel: 2 }]);
    const info = await jsm.consumers.info(stream, 'twice');
    expect({ pending: info.num_pending, unacked: info.num_ack_pending }).toEqual({ pending: 0, unacked: 0 });
  });

  it('an instance that handled an event but died before acknowledging it: the redelivery is a no-op', async () => {
    const event = await publish(3);
    await t.app.get(EventRelay).drain();
    const subscriber = consumer('crashy');
    await durableFromSequence('crashy', (await jsm.streams.info(stream)).state.last_seq);
    // The first instance handles the event and commits, then dies before its ack: JetStream
    // hands the message out again (nak stands for the ack wait running out).
    const js = nc.jetstream();
    const first = await (await js.consumers.get(stream, 'crashy')).next({ expires: 1000 });
    const firstEvent = first?.json<IntegrationEvent>();
    expect(firstEvent?.id).toBe(event.id);
    await t.db.transaction(async (m) => {
      await m.query(
        `INSERT INTO evt_js_sub.inbox_events (event_id, handler) VALUES ($1, 'evt_js_sub.record-parcel')`,
        [event.id],
      );
      await m.query('INSERT INTO evt_js_sub.effects (event_id, parcel) VALUES ($1, 3)', [event.id]);
    });
    first?.nak();
    handled.length = 0;
    await subscriber.pull(10, 1000);
    expect(handled).not.toContain(event.id);
    expect(await effectsOf(event.id)).toEqual([{ parcel: 3 }]);
    const info = await jsm.consumers.info(stream, 'crashy');
    expect(info.num_ack_pending).toBe(0);
    // One message, delivered twice (consumer sequence counts deliveries), now acknowledged.
    expect(info.delivered.consumer_seq).toBe(2);
    expect(info.num_pending).toBe(0);
  });

  it('gives up on an event after the maximum deliveries, tells the operator, and goes on with the next', async () => {
    const poisoned = await publish(99);
    const next = await publish(100);
    await t.app.get(EventRelay).drain();
    const attempts: number[] = [];
    const givenUp: string[] = [];
    const subscriber = new JetStreamInboxConsumer(
      { nc, js: nc.jetstream(), jsm },
      {
        stream,
        durable: 'poison',
        subject,
        inbox: 'evt_js_sub',
        dataSource: t.db,
        retryDelayMs: () => 20,
        onGiveUp: (event) => givenUp.push(event.id),
        subscribersOf: () => [
          {
            name: 'evt_js_sub.poison-check',
            inbox: 'evt_js_sub',
            handle: async (event) => {
              const { parcel } = event.payload as { parcel: number };
              attempts.push(parcel);
              if (parcel === 99) throw new Error('cannot handle parcel 99');
            },
          },
        ],
      },
    );
    await subscriber.ensure();
    const running = subscriber.consume();
    try {
      await eventually(() => attempts.includes(100));
    } finally {
      await subscriber.stop();
      await running;
    }
    // Every earlier parcel once, 99 until the limit, then 100: the durable moved on, in order.
    expect(attempts.filter((p) => p === 99)).toHaveLength(MAX_DELIVERIES);
    expect(attempts.indexOf(100)).toBe(attempts.lastIndexOf(99) + 1);
    expect(givenUp).toEqual([poisoned.id]);
    const inbox = await t.db.query(
      `SELECT event_id FROM evt_js_sub.inbox_events WHERE handler = 'evt_js_sub.poison-check' AND event_id = ANY($1::uuid[])`,
      [[poisoned.id, next.id]],
    );
    expect(inbox).toEqual([{ event_id: next.id }]);
    const info = await jsm.consumers.info(stream, 'poison');
    expect({ pending: info.num_pending, out: info.num_ack_pending }).toEqual({ pending: 0, out: 0 });
    // The event stays in the stream, for an operator to re-drive.
    expect((await jsm.streams.getMessage(stream, { last_by_subj: subject })).json<{ id: string }>().id).toBe(
      next.id,
    );
  });

  it('keeps the event pending while the broker is unreachable, without spending its attempts', async () => {
    const broken = await createTestApp({
      EVENTS_RELAY_INTERVAL_MS: '0',
      NATS_URL: 'nats://127.0.0.1:1',
      NATS_STREAM: stream,
      NATS_SUBJECT_PREFIX: prefix,
    });
    try {
      await createEventSchemas(broken.db, 'evt_js_pub');
      const event = ParcelShipped.create({ parcel: 4 });
      await broken.db.transaction((m) => broken.app.get(Outbox).publish(m, 'evt_js_pub', event));
      await broken.app.get(EventRelay).runOnce();
      const [row] = await broken.db.query(
        `SELECT published_at, attempts, last_error, next_attempt_at > now() AS later FROM evt_js_pub.outbox_events`,
      );
      expect(row).toMatchObject({ published_at: null, attempts: 0, later: true });
      expect(row.last_error).toMatch(/NATS unavailable/);
    } finally {
      await broken.close();
    }
  });
});
