import { randomUUID } from 'node:crypto';
import { RentalApi } from '../../src/modules/rental';
import { EventRelay } from '../../src/platform/events/event-relay';
import { createProduct } from '../support/catalog.factory';
import type { ProductBody } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import type { RentalStatusName } from '../support/rental.factory';
import { completeRental, createRental, moveRental, utcDay } from '../support/rental.factory';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import { expectMalformedId } from '../support/uuid-assertions';

describe('rental: lifecycle (PUT /rentals/:id), reads and RentalApi', () => {
  let t: TestApp;
  let owner: SignedUpUser;
  let renter: SignedUpUser;
  let stranger: SignedUpUser;
  let product: ProductBody;
  beforeAll(async () => {
    // Many writes from the same few users: the per-user write limit is not what is tested here.
    t = await createTestApp({ WRITE_RATE_LIMIT_PER_MINUTE: '100000' });
    [owner, renter, stranger] = await Promise.all([signUp(t.http), signUp(t.http), signUp(t.http)]);
    product = await createProduct(t, owner);
  });
  afterAll(() => t.close());

  // Each test books its own days of the shared product, far enough apart never to collide.
  let slot = 0;
  const nextRental = () => {
    const start = 1 + 5 * slot++;
    return createRental(t, renter, product, { startDate: utcDay(start), endDate: utcDay(start + 2) });
  };
  const put = (rental: { id: string }, user: SignedUpUser, body: Record<string, unknown>) =>
    t.http.put(`/api/v1/rentals/${rental.id}`).set(user.auth).send(body);
  const history = (id: string) =>
    t.db.query(
      `SELECT from_status, to_status, actor_role, actor_id FROM rental.rental_history WHERE rental_id = $1
       ORDER BY changed_at, array_position(ARRAY['requested','accepted','active','returned','completed'], to_status)`,
      [id],
    );
  const eventTypes = async (id: string) =>
    (
      await t.db.query(
        `SELECT type FROM rental.outbox_events WHERE payload->>'rentalId' = $1 ORDER BY occurred_at, type`,
        [id],
      )
    ).map((r: { type: string }) => r.type);

  it('walks the happy path, recording each step and publishing one event per status', async () => {
    const completed = await completeRental(t, owner, renter, product, {
      startDate: utcDay(200),
      endDate: utcDay(203),
    });
    expect(completed).toMatchObject({
      status: 'completed',
      returnedAt: expect.any(String),
      completedAt: expect.any(String),
    });
    expect(await history(completed.id)).toEqual([
      { from_status: null, to_status: 'requested', actor_role: 'renter', actor_id: renter.id },
      { from_status: 'requested', to_status: 'accepted', actor_role: 'owner', actor_id: owner.id },
      { from_status: 'accepted', to_status: 'active', actor_role: 'owner', actor_id: owner.id },
      { from_status: 'active', to_status: 'returned', actor_role: 'owner', actor_id: owner.id },
      { from_status: 'returned', to_status: 'completed', actor_role: 'owner', actor_id: owner.id },
    ]);
    expect((await eventTypes(completed.id)).sort()).toEqual(
      [
        'rental.RentalAccepted',
        'rental.RentalCompleted',
        'rental.RentalHandedOver',
        'rental.RentalRequested',
        'rental.RentalReturned',
      ].sort(),
    );
    const [accepted] = await t.db.query(
      `SELECT payload FROM rental.outbox_events WHERE payload->>'rentalId' = $1 AND type = 'rental.RentalAccepted'`,
      [completed.id],
    );
    expect(accepted.payload).toEqual({
      rentalId: completed.id,
      productId: product.id,
      renterId: renter.id,
      ownerId: owner.id,
      startDate: utcDay(200),
      endDate: utcDay(203),
      status: 'accepted',
      previousStatus: 'requested',
      actorId: owner.id,
      cancelledBy: null,
      quote: completed.quote,
    });
    expect(accepted.payload).not.toHaveProperty('refund');
    // The relay delivers them (nobody in rental subscribes; other contexts may).
    await t.app.get(EventRelay).drain();
    const [{ pending }] = await t.db.query(
      `SELECT count(*)::int AS pending FROM rental.outbox_events WHERE payload->>'rentalId' = $1 AND published_at IS NULL`,
      [completed.id],
    );
    expect(pending).toBe(0);
  });

  it('lets the owner decline a request', async () => {
    const rental = await nextRental();
    const res = await put(rental, owner, { status: 'declined' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'declined', cancelledBy: null, cancellationRefund: null });
    expect(await eventTypes(rental.id)).toContain('rental.RentalDeclined');
  });

  // The product's policy is flexible and every stay here starts days ahead: a renter cancelling an
  // accepted rental gets the whole subtotal back, not the fee (test/rental/cancellation-policies
  // covers the tiers).
  it.each([
    ['renter', 'requested', 'before_acceptance'],
    ['renter', 'accepted', 'policy'],
    ['owner', 'accepted', 'owner'],
  ] as const)('records that the %s cancelled a %s rental, and what it refunds', async (who, from, basis) => {
    const rental = await nextRental();
    if (from === 'accepted') await moveRental(t, rental, owner, 'accepted');
    const actor = who === 'renter' ? renter : owner;
    const { subtotal, platformFee } = rental.quote;
    const refund = basis === 'policy' ? subtotal : subtotal + platformFee;
    const res = await put(rental, actor, { status: 'cancelled' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'cancelled',
      cancelledBy: who,
      cancellationPolicy: 'flexible',
      cancellationRefund: refund,
    });
    const [row] = await t.db.query(
      'SELECT status, cancelled_by, cancellation_refund::int AS refund FROM rental.rentals WHERE id = $1',
      [rental.id],
    );
    expect(row).toEqual({ status: 'cancelled', cancelled_by: who, refund });
    const [event] = await t.db.query(
      `SELECT payload FROM rental.outbox_events WHERE payload->>'rentalId' = $1 AND type = 'rental.RentalCancelled'`,
      [rental.id],
    );
    expect(event.payload).toMatchObject({ cancelledBy: who, actorId: actor.id, previousStatus: from });
    expect(event.payload.refund).toEqual({
      policy: 'flexible',
      basis,
      refundPercent: 100,
      amount: refund,
      platformFeeRefunded: basis !== 'policy',
    });
    expect(await t.db.query('SELECT id FROM rental.holds WHERE id = $1', [rental.id])).toEqual([]);
  });

  it.each([
    ['requested', 'renter', 'accepted', ['cancelled']],
    ['requested', 'owner', 'active', ['accepted', 'declined']],
    ['requested', 'owner', 'completed', ['accepted', 'declined']],
    ['requested', 'renter', 'expired', ['cancelled']],
    ['accepted', 'renter', 'active', ['cancelled']],
    ['accepted', 'owner', 'declined', ['cancelled', 'active']],
    ['active', 'renter', 'returned', []],
    ['active', 'owner', 'cancelled', ['returned']],
    ['active', 'owner', 'requested', ['returned']],
    ['declined', 'owner', 'accepted', []],
  ] as [RentalStatusName, 'renter' | 'owner', RentalStatusName, RentalStatusName[]][])(
    'from %s, the %s cannot move to %s: 409 listing %j',
    async (from, who, to, allowed) => {
      const rental = await nextRental();
      if (from === 'accepted' || from === 'active') await moveRental(t, rental, owner, 'accepted');
      if (from === 'active') await moveRental(t, rental, owner, 'active');
      if (from === 'declined') await moveRental(t, rental, owner, 'declined');
      const res = await put(rental, who === 'renter' ? renter : owner, { status: to });
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'RENTAL.ILLEGAL_TRANSITION', status: 409, allowed });
      const [row] = await t.db.query('SELECT status FROM rental.rentals WHERE id = $1', [rental.id]);
      expect(row.status).toBe(from);
    },
  );

  it('treats the current status again as a no-op', async () => {
    const rental = await nextRental();
    await moveRental(t, rental, owner, 'accepted');
    const again = await put(rental, owner, { status: 'accepted' });
    expect(again.status).toBe(200);
    expect(await history(rental.id)).toHaveLength(2);
  });

  it('updates notes for either party until the rental is over', async () => {
    const rental = await nextRental();
    const byRenter = await put(rental, renter, { notes: 'Please include the charger' });
    expect(byRenter.status).toBe(200);
    expect(byRenter.body.notes).toBe('Please include the charger');
    const both = await put(rental, owner, { status: 'accepted', notes: null });
    expect(both.body).toMatchObject({ status: 'accepted', notes: null });
    await moveRental(t, rental, owner, 'cancelled');
    const closed = await put(rental, renter, { notes: 'too late' });
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('RENTAL.CLOSED');
    const [row] = await t.db.query('SELECT notes FROM rental.rentals WHERE id = $1', [rental.id]);
    expect(row.notes).toBeNull();
  });

  it.each([
    [{}, 'RENTAL.EMPTY_UPDATE'],
    [{ status: 'finished' }, 'VALIDATION.FAILED'],
    [{ notes: 'x'.repeat(1001) }, 'VALIDATION.FAILED'],
    [{ status: 'accepted', ownerId: 'x' }, 'VALIDATION.FAILED'],
  ])('refuses the body %j (422 %s)', async (body, code) => {
    const rental = await nextRental();
    const res = await put(rental, owner, body);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe(code);
  });

  it('hides a rental from anyone but its renter and owner (404)', async () => {
    const rental = await nextRental();
    expect((await t.http.get(`/api/v1/rentals/${rental.id}`).set(stranger.auth)).status).toBe(404);
    expect((await put(rental, stranger, { status: 'cancelled' })).status).toBe(404);
    expect((await t.http.get(`/api/v1/rentals/${randomUUID()}`).set(renter.auth)).status).toBe(404);
    expectMalformedId(await t.http.get(`/api/v1/rentals/nope`).set(renter.auth), 'id');
    expect((await t.http.get(`/api/v1/rentals/${rental.id}`)).status).toBe(401);
    const [row] = await t.db.query('SELECT status FROM rental.rentals WHERE id = $1', [rental.id]);
    expect(row.status).toBe('requested');
  });

  it('shows the rental with its history to both parties', async () => {
    const rental = await nextRental();
    await moveRental(t, rental, owner, 'accepted');
    for (const user of [renter, owner]) {
      const res = await t.http.get(`/api/v1/rentals/${rental.id}`).set(user.auth);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: rental.id, status: 'accepted', quote: rental.quote });
      expect(res.body.history).toEqual([
        {
          fromStatus: null,
          toStatus: 'requested',
          actorRole: 'renter',
          actorId: renter.id,
          changedAt: expect.any(String),
        },
        {
          fromStatus: 'requested',
          toStatus: 'accepted',
          actorRole: 'owner',
          actorId: owner.id,
          changedAt: expect.any(String),
        },
      ]);
    }
  });

  it('serializes an owner and a renter racing to change one rental', async () => {
    const rental = await nextRental();
    const [accept, cancel] = await Promise.all([
      put(rental, owner, { status: 'accepted' }),
      put(rental, renter, { status: 'cancelled' }),
    ]);
    // Either order is legal: accepted then cancelled by the renter (both 200), or cancelled first
    // and the owner's accept refused. The renter's cancellation always lands; nothing is lost.
    const [row] = await t.db.query('SELECT status FROM rental.rentals WHERE id = $1', [rental.id]);
    expect(row.status).toBe('cancelled');
    expect(cancel.status).toBe(200);
    expect([200, 409]).toContain(accept.status);
    const steps = (await history(rental.id)).map((h: { to_status: string }) => h.to_status);
    expect(steps).toEqual(
      accept.status === 200 ? ['requested', 'accepted', 'cancelled'] : ['requested', 'cancelled'],
    );
  });

  it('never applies two concurrent owner decisions', async () => {
    const rental = await nextRental();
    const answers = await Promise.all([
      put(rental, owner, { status: 'accepted' }),
      put(rental, owner, { status: 'declined' }),
      put(rental, owner, { status: 'accepted' }),
      put(rental, owner, { status: 'declined' }),
    ]);
    const [row] = await t.db.query('SELECT status FROM rental.rentals WHERE id = $1', [rental.id]);
    const decisions = (await history(rental.id)).filter(
      (h: { from_status: string }) => h.from_status === 'requested',
    );
    expect(decisions).toHaveLength(1);
    expect(decisions[0].to_status).toBe(row.status);
    for (const answer of answers) {
      if (answer.body.status === row.status) expect(answer.status).toBe(200);
      else expect(answer.status).toBe(409);
    }
  });

  describe('GET /rentals', () => {
    it('lists the caller’s rentals by role and status, newest first, paginated', async () => {
      const me = await signUp(t.http);
      const other = await signUp(t.http);
      const mine = await createProduct(t, me);
      const theirs = await createProduct(t, other);
      const asRenter1 = await createRental(t, me, theirs, { startDate: utcDay(1), endDate: utcDay(2) });
      const asRenter2 = await createRental(t, me, theirs, { startDate: utcDay(3), endDate: utcDay(4) });
      const asOwner = await createRental(t, other, mine);
      await moveRental(t, asRenter1, other, 'declined');

      const list = (query: Record<string, unknown>) =>
        t.http.get('/api/v1/rentals').set(me.auth).query(query);
      const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((i) => i.id);

      const renting = await list({ as: 'renter' });
      expect(renting.status).toBe(200);
      expect(renting.body).toMatchObject({ page: 1, limit: 20, total: 2 });
      expect(ids(renting)).toEqual([asRenter2.id, asRenter1.id]);
      expect(ids(await list({ as: 'owner' }))).toEqual([asOwner.id]);
      expect(ids(await list({}))).toEqual([asOwner.id, asRenter2.id, asRenter1.id]);
      expect(ids(await list({ as: 'renter', status: 'declined' }))).toEqual([asRenter1.id]);
      const page2 = await list({ limit: 2, page: 2 });
      expect(page2.body).toMatchObject({ page: 2, limit: 2, total: 3 });
      expect(ids(page2)).toEqual([asRenter1.id]);
      expect(renting.body.items[0]).toEqual(
        expect.objectContaining({ id: asRenter2.id, status: 'requested' }),
      );
      expect(renting.body.items[0]).not.toHaveProperty('version');

      for (const bad of [{ as: 'admin' }, { status: 'done' }, { limit: 101 }, { page: 0 }]) {
        expect((await list(bad)).status).toBe(422);
      }
      expect((await t.http.get('/api/v1/rentals')).status).toBe(401);
    });
  });

  describe('RentalApi', () => {
    it('gives other contexts a snapshot of a rental, or null', async () => {
      const completed = await completeRental(t, owner, renter, product, {
        startDate: utcDay(300),
        endDate: utcDay(302),
      });
      const api = t.app.get(RentalApi);
      expect(await api.findRental(completed.id)).toEqual({
        id: completed.id,
        productId: product.id,
        renterId: renter.id,
        ownerId: owner.id,
        startDate: utcDay(300),
        endDate: utcDay(302),
        status: 'completed',
        quote: completed.quote,
        completedAt: completed.completedAt,
      });
      expect(await api.findRental(randomUUID())).toBeNull();
      expect(await api.findRental('not-a-uuid')).toBeNull();
    });
  });
});
