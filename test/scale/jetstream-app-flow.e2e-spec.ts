import { randomBytes } from 'node:crypto';
import type { JetStreamManager, NatsConnection } from 'nats';
import { connect } from 'nats';
import { EventRelay } from '../../src/platform/events/event-relay';
import { JetStreamSubscribers } from '../../src/platform/events/jetstream-subscribers';
import { createProduct } from '../support/catalog.factory';
import { signUp } from '../support/identity.factory';
import { allMessages } from '../support/messaging.factory';
import { notificationsAbout } from '../support/notification.factory';
import { createRental, moveRental, utcDay } from '../support/rental.factory';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import { reachableSync } from './scale-support';

const natsUp = reachableSync('127.0.0.1', 4222);
if (!natsUp)
  console.warn('NATS does not answer at 127.0.0.1:4222: the JetStream tests are skipped (CI runs them)');

(natsUp ? describe : describe.skip)('scale: the app with NATS_URL takes its events from JetStream', () => {
  const id = randomBytes(5).toString('hex');
  const stream = `ONESOCIETY_FLOW_${id}`;
  const prefix = `osflow${id}`;
  let t: TestApp;
  let nc: NatsConnection;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    t = await createTestApp({
      EVENTS_RELAY_INTERVAL_MS: '0',
      JOBS_ENABLED: 'false',
      WRITE_RATE_LIMIT_PER_MINUTE: '100000',
      METRICS_ENABLED: 'true',
      NATS_URL: 'nats://127.0.0.1:4222',
      NATS_STREAM: stream,
      NATS_SUBJECT_PREFIX: prefix,
    });
    nc = await connect({ servers: 'nats://127.0.0.1:4222' });
    jsm = await nc.jetstreamManager();
  });
  afterAll(async () => {
    await t?.close();
    await jsm?.streams.delete(stream).catch(() => undefined);
    await nc?.close();
  });

  it('a booking and its acceptance reach messaging and notification through their durables, not the relay', async () => {
    const [owner, renter] = await Promise.all([signUp(t.http), signUp(t.http)]);
    const product = await createProduct(t, owner);
    const rental = await createRental(t, renter, product, { startDate: utcDay(5), endDate: utcDay(8) });
    await moveRental(t, rental, owner, 'accepted');

    // The relay alone publishes: nothing reached a subscriber, the events are in the stream.
    await t.app.get(EventRelay).runOnce();
    const published = await t.db.query(
      `SELECT id, type, published_at IS NOT NULL AS published FROM rental.outbox_events
       WHERE payload->>'rentalId' = $1 ORDER BY occurred_at, id`,
      [rental.id],
    );
    expect(published.map((r: { type: string }) => r.type)).toEqual([
      'rental.RentalRequested',
      'rental.RentalAccepted',
    ]);
    expect(published.every((r: { published: boolean }) => r.published)).toBe(true);
    const requestedMessage = await jsm.streams.getMessage(stream, {
      last_by_subj: `${prefix}.rental.RentalRequested.v1`,
    });
    expect(requestedMessage.json<{ id: string }>().id).toBe(published[0].id);

    await t.app.get(EventRelay).drain();
    const conversations = await t.db.query('SELECT id FROM messaging.conversations WHERE rental_id = $1', [
      rental.id,
    ]);
    expect(conversations).toHaveLength(1);
    const system = (await allMessages(t, renter, conversations[0].id)).filter((m) => m.type === 'system');
    expect(system.map((m) => m.systemEvent)).toEqual(['rental.requested', 'rental.accepted']);
    expect(await notificationsAbout(t, rental.id)).toEqual(
      [`${owner.id} rental.requested`, `${renter.id} rental.accepted`].sort(),
    );
    const inbox = await t.db.query(
      `SELECT handler FROM messaging.inbox_events WHERE event_id = ANY($1::uuid[]) ORDER BY processed_at`,
      [published.map((r: { id: string }) => r.id)],
    );
    expect(inbox).toEqual([
      { handler: 'messaging.post-rental-system-message' },
      { handler: 'messaging.post-rental-system-message' },
    ]);
    // Each subscribing context has its durable, which took the events and has nothing left.
    for (const inboxName of ['messaging', 'notification']) {
      const info = await jsm.consumers.info(stream, JetStreamSubscribers.durableOf(inboxName));
      expect(info.config).toMatchObject({ max_ack_pending: 1, filter_subject: `${prefix}.>` });
      expect(info.delivered.stream_seq).toBeGreaterThanOrEqual(requestedMessage.seq + 1);
      expect({ pending: info.num_pending, out: info.num_ack_pending }).toEqual({ pending: 0, out: 0 });
    }
    const metrics = await t.http.get('/metrics');
    expect(metrics.text).toMatch(/events_consumer_backlog\{inbox="messaging"\} 0/);
  });
});
