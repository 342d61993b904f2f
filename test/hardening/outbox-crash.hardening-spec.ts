import { contractHttp } from '../support/contract-http';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/platform/config/app-config';
import { EventBus } from '../../src/platform/events/event-bus';
import { EventRelay } from '../../src/platform/events/event-relay';
import type { IntegrationEvent } from '../../src/platform/events/integration-event';
import { createProduct } from '../support/catalog.factory';
import { type SignedUpUser, signUp } from '../support/identity.factory';
import { addPaymentMethod, drain, rentalIntent } from '../support/payment.factory';
import { createRental, type RentalBody } from '../support/rental.factory';
import { createTestApp, TEST_ENV, type TestApp } from '../support/test-app';
import { changedTables, snapshotDatabase } from './support/db-snapshot';
import { HARDENING_ENV, REQUEST_DEADLINE_MS } from './support/http';

const ENV = { ...HARDENING_ENV, DATABASE_STATEMENT_TIMEOUT_MS: '1500' };

/**
 * A real business event end to end: the owner accepts a rental (rental writes the change, its
 * history and `RentalAccepted` in one transaction), and every subscriber — payment captures the
 * charge, messaging posts a system message, catalog and subscription update their projections —
 * handles it in its own transaction with its inbox row. Delivery is killed at each point where a
 * process can die; nothing is lost and nothing is applied twice.
 */
describe('hardening: a crash between a business write and its effects is harmless (transactional outbox)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(ENV);
  });
  afterAll(() => t.close());

  /** A rental requested by a renter with a card, its request already handled (the hold placed). */
  async function requestedRental(): Promise<{
    owner: SignedUpUser;
    renter: SignedUpUser;
    rental: RentalBody;
  }> {
    const owner = await signUp(t.http, { fullName: 'Owner Crash' });
    const renter = await signUp(t.http, { fullName: 'Renter Crash' });
    await addPaymentMethod(t, renter);
    const rental = await createRental(t, renter, await createProduct(t, owner));
    await drain(t);
    return { owner, renter, rental };
  }

  const acceptedEvents = (
    rentalId: string,
  ): Promise<{ id: string; published_at: Date | null; attempts: number }[]> =>
    t.db.query(
      `SELECT id, published_at, attempts FROM rental.outbox_events
       WHERE type = 'rental.RentalAccepted' AND payload->>'rentalId' = $1`,
      [rentalId],
    );

  /** Who handled `eventId`, from every context's inbox: `handler` → times. */
  async function handled(eventId: string): Promise<Record<string, number>> {
    const schemas: { schema: string }[] = await t.db.query(
      `SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'inbox_events'`,
    );
    const rows: { handler: string; n: number }[] = await t.db.query(
      schemas
        .map(
          ({ schema }) =>
            `SELECT handler, count(*)::int AS n FROM "${schema}".inbox_events WHERE event_id = $1 GROUP BY handler`,
        )
        .join(' UNION ALL '),
      [eventId],
    );
    return Object.fromEntries(rows.map((r) => [r.handler, r.n]));
  }

  /** Every subscriber of RentalAccepted, each once. */
  const everySubscriberOnce = () =>
    Object.fromEntries(
      t.app
        .get(EventBus)
        .subscribersOf({ type: 'rental.RentalAccepted', version: 1 } as IntegrationEvent)
        .map((s) => [s.name, 1]),
    );

  /** The effects a user sees: the charge captured once, one "accepted" message in the conversation. */
  async function effects(renter: SignedUpUser, rentalId: string) {
    const intent = await rentalIntent(t, renter, rentalId);
    const [messages] = await t.db.query(
      `SELECT count(*)::int AS n FROM messaging.messages m JOIN messaging.conversations c ON c.id = m.conversation_id
       WHERE c.rental_id = $1 AND m.system_event = 'rental.accepted'`,
      [rentalId],
    );
    const [captures] = await t.db.query(
      `SELECT count(DISTINCT journal_key)::int AS n FROM payment.ledger_entries WHERE rental_id = $1 AND journal_type = 'capture'`,
      [rentalId],
    );
    return {
      captured: intent?.amountCaptured === intent?.breakdown.charge && (intent?.amountCaptured ?? 0) > 0,
      acceptedMessages: messages.n,
      captureJournals: captures.n,
    };
  }

  it('commits the rental change and its event together: a connection killed between them leaves neither', async () => {
    const { owner, renter, rental } = await requestedRental();
    const history = async () =>
      (
        await t.db.query('SELECT count(*)::int AS n FROM rental.rental_history WHERE rental_id = $1', [
          rental.id,
        ])
      )[0].n;
    const historyBefore = await history();
    // Hold the outbox so the accept transaction stops right after its rental and history writes.
    const holder = t.db.createQueryRunner();
    await holder.connect();
    await holder.query("SET statement_timeout = '0'");
    await holder.startTransaction();
    await holder.query('LOCK TABLE rental.outbox_events IN EXCLUSIVE MODE');
    const accepting = t.http
      .put(`/api/v1/rentals/${rental.id}`)
      .set(owner.auth)
      .send({ status: 'accepted' })
      .timeout({ deadline: REQUEST_DEADLINE_MS })
      .then((res) => res);
    let pid: number | undefined;
    for (let i = 0; i < 100 && !pid; i++) {
      const [waiting] = await t.db.query(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
         AND query ILIKE '%outbox_events%'`,
      );
      pid = waiting?.pid;
      if (!pid) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(pid).toBeDefined();
    // The process dies here: its connection goes, mid-transaction.
    await holder.query('SELECT pg_terminate_backend($1)', [pid]);
    const res = await accepting;
    await holder.rollbackTransaction();
    await holder.release();

    expect(res.status).toBe(503);
    const [row] = await t.db.query('SELECT status FROM rental.rentals WHERE id = $1', [rental.id]);
    expect(row.status).toBe('requested');
    expect(await history()).toBe(historyBefore);
    expect(await acceptedEvents(rental.id)).toEqual([]);

    // The client retries: one change, one event, one of each effect.
    const retry = await t.http
      .put(`/api/v1/rentals/${rental.id}`)
      .set(owner.auth)
      .send({ status: 'accepted' });
    expect(retry.status).toBe(200);
    await drain(t);
    const events = await acceptedEvents(rental.id);
    expect(events).toHaveLength(1);
    expect(await handled(events[0].id)).toEqual(everySubscriberOnce());
    expect(await effects(renter, rental.id)).toEqual({
      captured: true,
      acceptedMessages: 1,
      captureJournals: 1,
    });
  });

  it('delivers, from the next process, an event the previous one wrote but never relayed; a redelivery changes nothing', async () => {
    const { owner, renter, rental } = await requestedRental();
    // Another instance of the app on the same database accepts the rental, then stops before its
    // relay ran (its timer is off): the event is committed and undelivered.
    const doomed = await createApp(loadConfig({ ...TEST_ENV, ...ENV }), t.database.url);
    await doomed.init();
    await doomed.getHttpAdapter().getInstance().ready();
    const accepted = await contractHttp(doomed.getHttpServer())
      .put(`/api/v1/rentals/${rental.id}`)
      .set(owner.auth)
      .send({ status: 'accepted' });
    expect(accepted.status).toBe(200);
    await doomed.close();

    const [event] = await acceptedEvents(rental.id);
    expect(event.published_at).toBeNull();
    expect(await handled(event.id)).toEqual({});
    expect(await effects(renter, rental.id)).toMatchObject({ captured: false, acceptedMessages: 0 });

    await t.app.get(EventRelay).drain();
    expect(await handled(event.id)).toEqual(everySubscriberOnce());
    const once = await effects(renter, rental.id);
    expect(once).toEqual({ captured: true, acceptedMessages: 1, captureJournals: 1 });

    // The relay died after its subscribers committed but before it marked the event published:
    // the event comes again. Every subscriber's inbox says it was handled; nothing else changes.
    const before = await snapshotDatabase(t.db);
    await t.db.query('UPDATE rental.outbox_events SET published_at = NULL WHERE id = $1', [event.id]);
    await t.app.get(EventRelay).drain();
    expect((await acceptedEvents(rental.id))[0].published_at).not.toBeNull();
    expect(
      changedTables(before, await snapshotDatabase(t.db), ['platform.rate_limits', 'rental.outbox_events']),
    ).toEqual([]);
    expect(await effects(renter, rental.id)).toEqual(once);
  });

  it('retries a subscriber that failed mid-delivery without applying the others twice', async () => {
    const { owner, renter, rental } = await requestedRental();
    const accepted = await t.http
      .put(`/api/v1/rentals/${rental.id}`)
      .set(owner.auth)
      .send({ status: 'accepted' });
    expect(accepted.status).toBe(200);
    const [event] = await acceptedEvents(rental.id);

    // Payment's tables are held: its handler is cancelled by the statement timeout and throws.
    const holder = t.db.createQueryRunner();
    await holder.connect();
    await holder.query("SET statement_timeout = '0'");
    await holder.query("SET idle_in_transaction_session_timeout = '0'");
    await holder.startTransaction();
    await holder.query('LOCK TABLE payment.payment_intents IN ACCESS EXCLUSIVE MODE');
    try {
      await t.app.get(EventRelay).runOnce();
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    const [failed] = await t.db.query(
      'SELECT published_at, attempts, last_error FROM rental.outbox_events WHERE id = $1',
      [event.id],
    );
    expect(failed).toMatchObject({ published_at: null, attempts: 1 });
    expect(failed.last_error).toBeTruthy();
    const partly = await handled(event.id);
    expect(partly['payment.capture-rental-payment']).toBeUndefined();
    expect(Object.values(partly).every((n) => n === 1)).toBe(true);
    expect(await effects(renter, rental.id)).toMatchObject({ captured: false, captureJournals: 0 });

    // The back-off is over (skipped here): the event is delivered again, to everyone.
    await t.db.query('UPDATE rental.outbox_events SET next_attempt_at = now() WHERE id = $1', [event.id]);
    await t.app.get(EventRelay).drain();
    expect(await handled(event.id)).toEqual(everySubscriberOnce());
    expect(await effects(renter, rental.id)).toEqual({
      captured: true,
      acceptedMessages: 1,
      captureJournals: 1,
    });
  });
});
