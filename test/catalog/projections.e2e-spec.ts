import { randomUUID } from 'node:crypto';
import { CatalogApi } from '../../src/modules/catalog';
import type { RentalEventPayload } from '../../src/modules/rental';
import { RentalAccepted, RentalDeclined, RentalRequested } from '../../src/modules/rental';
import { ProductRatingChanged } from '../../src/modules/review';
import { EventBus } from '../../src/platform/events/event-bus';
import { EventRelay } from '../../src/platform/events/event-relay';
import type { IntegrationEvent } from '../../src/platform/events/integration-event';
import { createProduct } from '../support/catalog.factory';
import type { ProductBody } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { createRental, moveRental, utcDay } from '../support/rental.factory';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

describe('catalog: what it learns from other contexts, and what it tells them', () => {
  let t: TestApp;
  let owner: SignedUpUser;
  let renter: SignedUpUser;
  beforeAll(async () => {
    t = await createTestApp({ EVENTS_RELAY_INTERVAL_MS: '0' });
    owner = await signUp(t.http, { fullName: 'Olivia Owner' });
    renter = await signUp(t.http, { fullName: 'Rita Renter' });
  });
  afterAll(() => t.close());

  /** Hands the event to every subscriber exactly as the relay does: one transaction each. */
  async function deliver(event: IntegrationEvent<unknown>) {
    const subscribers = t.app.get(EventBus).subscribersOf(event);
    expect(subscribers.length).toBeGreaterThan(0);
    for (const s of subscribers) await t.db.transaction((m) => s.handle(event, m));
  }
  const rentalEvent = (
    definition: typeof RentalAccepted,
    p: ProductBody,
    rentalId: string,
    dates: [number, number],
    status: RentalEventPayload['status'],
    occurredAt?: Date,
  ) =>
    definition.create(
      {
        rentalId,
        productId: p.id,
        renterId: renter.id,
        ownerId: p.ownerId,
        startDate: utcDay(dates[0]),
        endDate: utcDay(dates[1]),
        status,
        previousStatus: null,
        actorId: null,
        cancelledBy: null,
        quote: { currency: 'EUR', rentalDays: 2, subtotal: 5000, platformFee: 500, deposit: 0, total: 5500 },
      },
      occurredAt,
    );
  const bookings = (productId: string) =>
    t.db.query(
      `SELECT rental_id, lower(period)::text AS start, upper(period)::text AS end, status
       FROM catalog.product_bookings WHERE product_id = $1 ORDER BY lower(period)`,
      [productId],
    );
  const searchFree = (p: ProductBody, from: number, to: number) =>
    t.http
      .get('/api/v1/products')
      .query({ categoryId: p.category.id, availableFrom: utcDay(from), availableTo: utcDay(to), limit: 100 })
      .then((res) => res.body.items.map((i: { id: string }) => i.id) as string[]);

  it('rental events hold and release dates in the projection, and availability search follows', async () => {
    const p = await createProduct(t, owner, { rules: { bufferDays: 1 } });
    const rentalId = randomUUID();
    await deliver(rentalEvent(RentalRequested, p, rentalId, [10, 13], 'requested'));
    expect(await bookings(p.id)).toEqual([
      { rental_id: rentalId, start: utcDay(10), end: utcDay(13), status: 'requested' },
    ]);
    expect(await searchFree(p, 10, 12)).not.toContain(p.id);
    // The owner keeps one buffer day around each rental: the 13th cannot start another one, and
    // one returned on the 10th would leave no day between.
    expect(await searchFree(p, 13, 15)).not.toContain(p.id);
    expect(await searchFree(p, 7, 10)).not.toContain(p.id);
    expect(await searchFree(p, 14, 16)).toContain(p.id);
    expect(await searchFree(p, 7, 9)).toContain(p.id);

    await deliver(rentalEvent(RentalAccepted, p, rentalId, [10, 13], 'accepted'));
    expect((await bookings(p.id))[0].status).toBe('accepted');
    expect(await searchFree(p, 10, 12)).not.toContain(p.id);

    await deliver(rentalEvent(RentalDeclined, p, rentalId, [10, 13], 'declined'));
    expect((await bookings(p.id))[0].status).toBe('declined');
    expect(await searchFree(p, 10, 12)).toContain(p.id);
  });

  it('a late, older event does not undo a newer one', async () => {
    const p = await createProduct(t, owner);
    const rentalId = randomUUID();
    const earlier = new Date(Date.now() - 60_000);
    await deliver(rentalEvent(RentalDeclined, p, rentalId, [5, 7], 'declined'));
    await deliver(rentalEvent(RentalRequested, p, rentalId, [5, 7], 'requested', earlier));
    expect((await bookings(p.id))[0].status).toBe('declined');
  });

  it('end to end: a rental requested and accepted through the API reaches the projection via the relay', async () => {
    const p = await createProduct(t, owner);
    const rental = await createRental(t, renter, p, { startDate: utcDay(20), endDate: utcDay(23) });
    await t.app.get(EventRelay).drain();
    expect(await bookings(p.id)).toEqual([
      { rental_id: rental.id, start: utcDay(20), end: utcDay(23), status: 'requested' },
    ]);
    await moveRental(t, rental, owner, 'accepted');
    await t.app.get(EventRelay).drain();
    expect((await bookings(p.id))[0].status).toBe('accepted');
    const res = await t.http.delete(`/api/v1/products/${p.id}`).set(owner.auth);
    expect(res.status).toBe(409);
    expect(res.body.rentals).toEqual([
      { rentalId: rental.id, startDate: utcDay(20), endDate: utcDay(23), status: 'accepted' },
    ]);
    // Redelivery changes nothing: the inbox remembers the handled events.
    await t.db.query(`UPDATE rental.outbox_events SET published_at = NULL WHERE payload->>'rentalId' = $1`, [
      rental.id,
    ]);
    await t.app.get(EventRelay).drain();
    expect(await bookings(p.id)).toHaveLength(1);
    await moveRental(t, rental, renter, 'cancelled');
    await t.app.get(EventRelay).drain();
    expect((await bookings(p.id))[0].status).toBe('cancelled');
    expect((await t.http.delete(`/api/v1/products/${p.id}`).set(owner.auth)).status).toBe(204);
  });

  it('ProductRatingChanged sets the rating shown in the detail; older summaries are ignored', async () => {
    const p = await createProduct(t, owner);
    const now = Date.now();
    await deliver(ProductRatingChanged.create({ productId: p.id, average: 4.5, count: 2 }, new Date(now)));
    await deliver(
      ProductRatingChanged.create({ productId: p.id, average: 1, count: 1 }, new Date(now - 1000)),
    );
    const res = await t.http.get(`/api/v1/products/${p.id}`);
    expect(res.body.rating).toEqual({ average: 4.5, count: 2 });
    const [row] = await t.db.query(
      'SELECT rating_average, rating_count FROM catalog.products WHERE id = $1',
      [p.id],
    );
    expect(row).toEqual({ rating_average: 4.5, rating_count: 2 });
    await deliver(
      ProductRatingChanged.create({ productId: p.id, average: null, count: 0 }, new Date(now + 1000)),
    );
    expect((await t.http.get(`/api/v1/products/${p.id}`)).body.rating).toEqual({ average: null, count: 0 });
  });

  it('ProductListed/Updated/Deleted reach subscribers through the relay', async () => {
    const p = await createProduct(t, owner, { status: 'draft' });
    await t.http.put(`/api/v1/products/${p.id}`).set(owner.auth).send({ status: 'active' });
    await t.http.delete(`/api/v1/products/${p.id}`).set(owner.auth);
    await t.app.get(EventRelay).drain();
    const rows = await t.db.query(
      `SELECT type, published_at IS NOT NULL AS published FROM catalog.outbox_events
       WHERE payload->>'productId' = $1 ORDER BY occurred_at, type`,
      [p.id],
    );
    expect(rows).toEqual([
      { type: 'catalog.ProductListed', published: true },
      { type: 'catalog.ProductUpdated', published: true },
      { type: 'catalog.ProductDeleted', published: true },
    ]);
  });

  describe('CatalogApi (what rentals, reviews and subscriptions call)', () => {
    it('findProduct: owner, pricing, rules and rentable; deleted products flagged; unknown null', async () => {
      const api = t.app.get(CatalogApi);
      const p = await createProduct(t, owner, {
        pricing: { dailyPrice: 1800, weeklyPrice: 9000, deposit: 5000, currency: 'EUR' },
        rules: { minDays: 2, maxDays: 10, leadTimeDays: 1, bufferDays: 1, cancellationPolicy: 'strict' },
      });
      expect(await api.findProduct(p.id)).toEqual({
        id: p.id,
        ownerId: owner.id,
        title: p.title,
        status: 'active',
        deleted: false,
        rentable: true,
        pricing: { dailyPrice: 1800, weeklyPrice: 9000, deposit: 5000, currency: 'EUR' },
        rules: { minDays: 2, maxDays: 10, leadTimeDays: 1, bufferDays: 1, cancellationPolicy: 'strict' },
      });
      await t.http.put(`/api/v1/products/${p.id}`).set(owner.auth).send({ status: 'paused' });
      expect(await api.findProduct(p.id)).toMatchObject({ status: 'paused', rentable: false });
      await t.http.delete(`/api/v1/products/${p.id}`).set(owner.auth);
      expect(await api.findProduct(p.id)).toMatchObject({ deleted: true, rentable: false });
      expect(await api.findProduct(randomUUID())).toBeNull();
    });

    it("findProducts: several at once; a suspended owner's products are not rentable", async () => {
      const api = t.app.get(CatalogApi);
      const suspended = await signUp(t.http);
      const a = await createProduct(t, owner);
      const b = await createProduct(t, suspended);
      const draft = await createProduct(t, owner, { status: 'draft' });
      await t.db.query(`UPDATE identity.users SET status = 'suspended' WHERE id = $1`, [suspended.id]);
      const found = await api.findProducts([a.id, b.id, draft.id, a.id, randomUUID()]);
      const byId = Object.fromEntries(found.map((s) => [s.id, s.rentable]));
      expect(byId).toEqual({ [a.id]: true, [b.id]: false, [draft.id]: false });
      expect(await api.findProducts([])).toEqual([]);
    });
  });
});
