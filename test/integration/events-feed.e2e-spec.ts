import { randomUUID } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import { EventFeedWriter } from '../../src/modules/integration/application/event-feed.writer';
import { FeedRetentionJob } from '../../src/modules/integration/application/feed-retention.job';
import { publishedEvent } from '../../src/modules/integration/domain/published-events';
import { EventRelay } from '../../src/platform/events/event-relay';
import { defineEvent } from '../../src/platform/events/integration-event';
import { Outbox } from '../../src/platform/events/outbox';
import { createProduct } from '../support/catalog.factory';
import { signUp } from '../support/identity.factory';
import { onboardOwner } from '../support/connect.factory';
import { sandboxDispute } from '../support/dispute.factory';
import { createIntegrator, type TestIntegrator } from '../support/integration.factory';
import { addPaymentMethod } from '../support/payment.factory';
import { HOUR, releasePayouts } from '../support/payout.factory';
import { completeRental, createRental, moveRental } from '../support/rental.factory';
import { createTestApp, type TestApp } from '../support/test-app';
import { eventually } from '../support/waiting';

const UserRatingChanged = defineEvent<{ userId: string; average: number | null; count: number }>(
  'review.UserRatingChanged',
);

interface FeedBody {
  items: {
    cursor: string;
    event: { id: string; type: string; version: number; payload: Record<string, unknown> };
  }[];
  nextCursor: string;
  hasMore: boolean;
}

describe('integration: the events feed (GET /events)', () => {
  let t: TestApp;
  let reader: TestIntegrator;
  beforeAll(async () => {
    t = await createTestApp({
      EVENTS_RELAY_INTERVAL_MS: '0',
      JOBS_ENABLED: 'false',
      WRITE_RATE_LIMIT_PER_MINUTE: '100000',
    });
    reader = await createIntegrator(t, ['events:read']);
  });
  afterAll(() => t.close());

  const drain = () => t.app.get(EventRelay).drain();
  const read = async (query: Record<string, string | number> = {}): Promise<FeedBody> => {
    const res = await t.http.get('/api/v1/events').query(query).set(reader.auth);
    if (res.status !== 200) throw new Error(`GET /events: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as FeedBody;
  };
  /** Every event after `after`, page by page. */
  const readAll = async (after?: string, limit = 100) => {
    const events: FeedBody['items'] = [];
    let cursor = after;
    for (;;) {
      const page = await read({ ...(cursor ? { after: cursor } : {}), limit });
      events.push(...page.items);
      cursor = page.nextCursor;
      if (!page.hasMore) return { events, cursor };
    }
  };
  const head = async () => (await read({ limit: 1, types: 'identity.UserDeleted' })).nextCursor;

  /** A rating event written to review's outbox in `runner`'s transaction (uncommitted until it says). */
  async function publishRating(db: DataSource | QueryRunner, userId = randomUUID()) {
    const event = UserRatingChanged.create({ userId, average: 4, count: 1 });
    await t.app.get(Outbox).publish(db.manager, 'review', event);
    return event;
  }

  it('gives every published event of a booking, in commit order, each as its schema says', async () => {
    const start = await head();
    const [owner, renter] = [await signUp(t.http), await signUp(t.http)];
    const product = await createProduct(t, owner);
    const rental = await createRental(t, renter, product);
    await moveRental(t, rental, owner, 'accepted');
    await drain();
    const { events } = await readAll(start);
    // Every answer was checked against openapi.json: each event fits IntegrationEvent exactly.
    expect(events.map((e) => e.event.type)).toEqual([
      'catalog.ProductListed',
      'rental.RentalRequested',
      'rental.RentalAccepted',
    ]);
    const accepted = events[2].event;
    expect(accepted).toEqual({
      id: expect.any(String),
      type: 'rental.RentalAccepted',
      version: 1,
      occurredAt: expect.any(String),
      payload: {
        rentalId: rental.id,
        productId: product.id,
        renterId: renter.id,
        ownerId: owner.id,
        startDate: rental.startDate,
        endDate: rental.endDate,
        status: 'accepted',
        previousStatus: 'requested',
        actorId: owner.id,
        cancelledBy: null,
        quote: rental.quote,
      },
    });
    // The event id is the outbox's, and the feed holds it once with its resource.
    const [row] = await t.db.query(
      'SELECT f.type, f.resource FROM integration.feed_events f JOIN rental.outbox_events o ON o.id = f.event_id WHERE f.event_id = $1',
      [accepted.id],
    );
    expect(row).toEqual({ type: 'rental.RentalAccepted', resource: `rental:${rental.id}` });
  });

  it("gives an owner's payout and a dispute, the money events an accounting tool follows", async () => {
    const start = await head();
    const [owner, renter] = [await signUp(t.http), await signUp(t.http)];
    await onboardOwner(t, owner);
    await addPaymentMethod(t, renter);
    const rental = await completeRental(t, owner, renter, await createProduct(t, owner));
    await drain();
    expect(await releasePayouts(t, new Date(Date.now() + 49 * HOUR))).toBe(true);
    await drain();
    const disputed = await sandboxDispute(t);
    await drain();
    const types = 'payment.PayoutSent,payment.DisputeOpened,payment.DisputeClosed';
    const { events } = await readAll(start);
    const money = events.map((e) => e.event).filter((e) => types.split(',').includes(e.type));
    const [payout] = await t.db.query('SELECT id, amount FROM payment.payouts WHERE rental_id = $1', [
      rental.id,
    ]);
    expect(money.find((e) => e.type === 'payment.PayoutSent')?.payload).toEqual({
      payoutId: payout.id,
      rentalId: rental.id,
      ownerId: owner.id,
      amount: Number(payout.amount),
      currency: rental.quote.currency,
      sentAt: expect.any(String),
    });
    expect(money.find((e) => e.type === 'payment.DisputeOpened')?.payload).toMatchObject({
      disputeId: disputed.id,
      rentalId: disputed.rentalId,
      intentId: disputed.intentId,
      kind: 'chargeback',
      payoutHeld: expect.any(Boolean),
    });
    // The filter names them like any other published type.
    const filtered = await read({ after: start, types, limit: 100 });
    expect(filtered.items.map((i) => i.event.type).sort()).toEqual([
      'payment.DisputeOpened',
      'payment.PayoutSent',
    ]);
  });

  it('leaves internal events out of the feed (they are not published to third parties)', async () => {
    const start = await head();
    const [a, b] = [await signUp(t.http), await signUp(t.http)];
    await t.http.put(`/api/v1/trust/blocks/${b.id}`).set(a.auth).expect(200);
    await drain();
    expect((await readAll(start)).events).toEqual([]);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM integration.feed_events WHERE type LIKE 'trust.%'`,
    );
    expect(n).toBe(0);
  });

  it('pages with cursors, filters by type, and moves a caught-up cursor to the head', async () => {
    const start = await head();
    const published = [];
    for (let i = 0; i < 5; i++) published.push(await publishRating(t.db));
    await drain();
    const pages = [];
    let cursor = start;
    for (;;) {
      const page = await read({ after: cursor, limit: 2 });
      pages.push(page.items.map((i) => i.event.id));
      cursor = page.nextCursor;
      if (!page.hasMore) break;
    }
    // In the feed's own order (positions), every event once, two per page.
    const stored = await t.db.query(
      'SELECT event_id FROM integration.feed_events WHERE event_id = ANY($1) ORDER BY position',
      [published.map((e) => e.id)],
    );
    const inOrder = stored.map((r: { event_id: string }) => r.event_id);
    expect(new Set(inOrder)).toEqual(new Set(published.map((e) => e.id)));
    expect(pages).toEqual([inOrder.slice(0, 2), inOrder.slice(2, 4), inOrder.slice(4)]);
    // An item's own cursor resumes right after it.
    const afterSecond = await read({ after: (await read({ after: start, limit: 2 })).items[1].cursor });
    expect(afterSecond.items.map((i) => i.event.id)).toEqual(inOrder.slice(2));

    const filtered = await read({ after: start, types: 'rental.RentalAccepted,identity.UserDeleted' });
    expect(filtered).toEqual({ items: [], nextCursor: cursor, hasMore: false });
    const ratings = await read({ after: start, types: 'review.UserRatingChanged' });
    expect(ratings.items).toHaveLength(5);
    // Caught up with nothing new: the same cursor again.
    expect((await read({ after: cursor })).nextCursor).toBe(cursor);
  });

  it('refuses unknown types and cursors it did not issue (422), and keys without events:read (403)', async () => {
    const unknown = await t.http.get('/api/v1/events?types=rental.RentalTeleported').set(reader.auth);
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({
      code: 'INTEGRATION.UNKNOWN_EVENT_TYPE',
      errors: [{ field: 'types' }],
    });
    const forged = Buffer.from('ev1|12x').toString('base64url');
    for (const after of [forged, 'bm9wZQ', Buffer.from('ac1|5').toString('base64url')]) {
      const res = await t.http.get('/api/v1/events').query({ after }).set(reader.auth);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('INTEGRATION.INVALID_CURSOR');
    }
    const lister = await createIntegrator(t, ['listings:read', 'rentals:read']);
    const refused = await t.http.get('/api/v1/events').set(lister.auth);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('AUTH.API_KEY_SCOPE_MISSING');
    const user = await signUp(t.http);
    expect((await t.http.get('/api/v1/events').set(user.auth)).status).toBe(403);
    expect((await t.http.get('/api/v1/events')).status).toBe(401);
  });

  it('holds each event once however often the relay hands it over', async () => {
    const event = UserRatingChanged.create({ userId: randomUUID(), average: null, count: 0 });
    const writer = t.app.get(EventFeedWriter);
    const published = publishedEvent('review.UserRatingChanged', 1)!;
    for (let i = 0; i < 3; i++) await t.db.transaction((m) => writer.append(m, published, event));
    const rows = await t.db.query('SELECT position FROM integration.feed_events WHERE event_id = $1', [
      event.id,
    ]);
    expect(rows).toHaveLength(1);
  });

  it('never skips an event whose transaction commits after a later one was read', async () => {
    const start = await head();
    const late = t.db.createQueryRunner();
    await late.connect();
    await late.startTransaction();
    try {
      // Written first, committed last: its outbox row is older than the next event's.
      const lateEvent = await publishRating(late);
      const early = await publishRating(t.db);
      await drain();
      const first = await readAll(start);
      expect(first.events.map((e) => e.event.id)).toEqual([early.id]);
      await late.commitTransaction();
      await drain();
      const second = await readAll(first.cursor);
      expect(second.events.map((e) => e.event.id)).toEqual([lateEvent.id]);
    } finally {
      if (late.isTransactionActive) await late.rollbackTransaction();
      await late.release();
    }
  });

  it('serializes appends: a second append waits for the first to commit, so positions follow commit order', async () => {
    const start = await head();
    const writer = t.app.get(EventFeedWriter);
    const published = publishedEvent('review.UserRatingChanged', 1)!;
    const [one, two] = [0, 1].map(() =>
      UserRatingChanged.create({ userId: randomUUID(), average: 5, count: 1 }),
    );
    const first = t.db.createQueryRunner();
    const second = t.db.createQueryRunner();
    await Promise.all([first.connect(), second.connect()]);
    try {
      await first.startTransaction();
      await writer.append(first.manager, published, one);
      await second.startTransaction();
      let secondDone = false;
      const appending = writer.append(second.manager, published, two).then(() => (secondDone = true));
      // The second append is waiting on the lock the first holds.
      await eventually(async () => {
        const [{ n }] = await t.db.query(
          `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
        );
        return n === 1;
      });
      expect(secondDone).toBe(false);
      expect((await readAll(start)).events).toEqual([]);
      await first.commitTransaction();
      await appending;
      const seen = await readAll(start);
      expect(seen.events.map((e) => e.event.id)).toEqual([one.id]);
      await second.commitTransaction();
      expect((await readAll(seen.cursor)).events.map((e) => e.event.id)).toEqual([two.id]);
    } finally {
      for (const runner of [first, second]) {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        await runner.release();
      }
    }
  });

  it('lets a reader polling during many concurrent appends see every event exactly once, in order', async () => {
    const start = await head();
    const writer = t.app.get(EventFeedWriter);
    const published = publishedEvent('review.UserRatingChanged', 1)!;
    const events = Array.from({ length: 30 }, () =>
      UserRatingChanged.create({ userId: randomUUID(), average: 3, count: 1 }),
    );
    const seen: string[] = [];
    let cursor = start;
    let writing = true;
    const poll = (async () => {
      while (writing || seen.length < events.length) {
        const page = await readAll(cursor);
        seen.push(...page.events.map((e) => e.event.id));
        cursor = page.cursor;
        if (!writing && page.events.length === 0) break;
      }
    })();
    // Each transaction does some other work after appending, so commits interleave with reads.
    await Promise.all(
      events.map((event, i) =>
        t.db.transaction(async (m) => {
          await writer.append(m, published, event);
          await m.query('SELECT pg_sleep($1)', [(i % 3) * 0.005]);
        }),
      ),
    );
    writing = false;
    await poll;
    expect(seen.length).toBe(events.length);
    expect(new Set(seen)).toEqual(new Set(events.map((e) => e.id)));
  });

  it('keeps its own retention window: old events go, an old cursor gets 410 naming where to resume', async () => {
    const start = await head();
    const old = [await publishRating(t.db), await publishRating(t.db)];
    await drain();
    const { events } = await readAll(start);
    const midCursor = events[0].cursor;
    await t.db.query(
      `UPDATE integration.feed_events SET appended_at = appended_at - interval '40 days' WHERE event_id = ANY($1)`,
      [old.map((e) => e.id)],
    );
    const recent = await publishRating(t.db);
    await drain();
    await t.db.transaction((m) => t.app.get(FeedRetentionJob).run(m, new Date()));
    expect(
      await t.db.query('SELECT event_id FROM integration.feed_events WHERE event_id = ANY($1)', [
        [...old, recent].map((e) => e.id),
      ]),
    ).toEqual([{ event_id: recent.id }]);
    const expired = await t.http.get('/api/v1/events').query({ after: midCursor }).set(reader.auth);
    expect(expired.status).toBe(410);
    expect(expired.body).toMatchObject({
      code: 'INTEGRATION.CURSOR_EXPIRED',
      oldestCursor: expect.any(String),
    });
    const resumed = await readAll(expired.body.oldestCursor);
    expect(resumed.events.map((e) => e.event.id)).toEqual([recent.id]);
    // Without a cursor the feed starts at the oldest event it keeps.
    const fromStart = await read({ limit: 1 });
    expect(fromStart.items[0].event.id).not.toBe(old[0].id);
  });
});
