import { createProduct } from '../support/catalog.factory';
import { signUp } from '../support/identity.factory';
import { utcDay } from '../support/rental.factory';
import type { Split, SplitProcess } from '../support/split-apps';
import { createSplit, INTERNAL_SECRET } from '../support/split-apps';
import { PersonalDataRegistry } from '../../src/platform/privacy/personal-data';
import { signInternalCall } from '../../src/platform/remote/internal-signature';

/*
 * Two processes of the same build: identity and catalog in one, every other context in the other.
 * Each reaches the other's contracts over internal HTTP, through the abstract classes it always
 * injected; the answers a client sees are the monolith's.
 */
describe('split: contracts served by another process', () => {
  let split: Split;
  let people: SplitProcess;
  let rest: SplitProcess;

  beforeAll(async () => {
    split = await createSplit([
      ['identity', 'catalog'],
      ['rental', 'messaging', 'review', 'payment', 'subscription', 'trust', 'integration', 'notification'],
    ]);
    [people, rest] = split.processes;
  });
  afterAll(() => split?.close());

  it('books a product listed in the other process, with its owner and pricing read remotely', async () => {
    const owner = await signUp(people.http);
    const renter = await signUp(people.http);
    // Listing asks subscription (the other process) whether the owner's plan allows it.
    const product = await createProduct(people, owner);
    const res = await rest.http
      .post('/api/v1/rentals')
      .set(renter.auth)
      .send({ productId: product.id, startDate: utcDay(2), endDate: utcDay(4) });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ productId: product.id, ownerId: owner.id, status: 'requested' });
    expect(res.body.quote).toMatchObject({ currency: 'EUR', rentalDays: 2, subtotal: 5000 });
    const [row] = await rest.db.query('SELECT owner_id, status FROM rental.rentals WHERE id = $1', [
      res.body.id,
    ]);
    expect(row).toEqual({ owner_id: owner.id, status: 'requested' });
  });

  it("answers the owning process's domain errors as the monolith does (a missing product is a 404)", async () => {
    const renter = await signUp(people.http);
    const res = await rest.http
      .post('/api/v1/rentals')
      .set(renter.auth)
      .send({ productId: '00000000-0000-4000-8000-000000000000', startDate: utcDay(2), endDate: utcDay(3) });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it("reports a listing from the process of trust, which describes it through catalog's callback", async () => {
    const owner = await signUp(people.http);
    const reporter = await signUp(people.http);
    const product = await createProduct(people, owner, { title: 'Suspicious drone' });
    const res = await rest.http
      .post('/api/v1/trust/reports')
      .set(reporter.auth)
      .send({ targetType: 'listing', targetId: product.id, reason: 'scam' });
    expect(res.status).toBe(201);
    const [row] = await rest.db.query(
      'SELECT target_user_id, target_snapshot FROM trust.reports WHERE id = $1',
      [res.body.id],
    );
    expect(row.target_user_id).toBe(owner.id);
    expect(JSON.stringify(row.target_snapshot)).toContain('Suspicious drone');
  });

  it("gathers a person's data and erasure blockers from the contexts of the other process", async () => {
    const owner = await signUp(people.http);
    const renter = await signUp(people.http);
    const product = await createProduct(people, owner);
    const booked = await rest.http
      .post('/api/v1/rentals')
      .set(renter.auth)
      .send({ productId: product.id, startDate: utcDay(2), endDate: utcDay(4) });
    expect(booked.status).toBe(201);
    // What identity's data export and account deletion ask (they run in identity's process).
    const registry = people.app.get(PersonalDataRegistry);
    const document = await registry.exportAll(renter.id);
    expect(Object.keys(document)).toEqual(
      expect.arrayContaining([
        'catalog',
        'rental',
        'payment',
        'messaging',
        'review',
        'trust',
        'notification',
      ]),
    );
    expect(JSON.stringify(document.rental)).toContain(booked.body.id);
    const blockers = await registry.erasureBlockers(renter.id);
    expect(blockers).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: expect.stringMatching(/^RENTAL\./) })]),
    );
  });

  describe('the internal route', () => {
    const path = '/internal/v1/contracts/catalog.CatalogApi/findProduct';
    const body = JSON.stringify({ args: ['00000000-0000-4000-8000-000000000000'] });
    const call = (headers: Record<string, string>, to = path, sent = body) =>
      fetch(`${people.url}${to}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: sent,
      });

    it('answers a signed call of the right version', async () => {
      const res = await call({
        'x-contract-version': '1',
        'x-internal-signature': signInternalCall(INTERNAL_SECRET, path, body),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ result: null });
    });

    it('refuses an unsigned call, or one signed with another secret', async () => {
      expect((await call({ 'x-contract-version': '1' })).status).toBe(401);
      const forged = signInternalCall('another-secret-that-is-long-enough-too!!', path, body);
      const res = await call({ 'x-contract-version': '1', 'x-internal-signature': forged });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    });

    it('refuses a call of another contract version, saying which one it serves', async () => {
      const res = await call({
        'x-contract-version': '2',
        'x-internal-signature': signInternalCall(INTERNAL_SECRET, path, body),
      });
      expect(res.status).toBe(409);
      expect(await res.json()).toMatchObject({ code: 'CONTRACT.VERSION_MISMATCH', served: 1, asked: 2 });
    });

    it('serves only the declared methods of the contracts hosted here', async () => {
      for (const to of [
        '/internal/v1/contracts/catalog.CatalogApi/constructor',
        '/internal/v1/contracts/rental.RentalApi/findRental',
      ]) {
        const res = await call(
          { 'x-contract-version': '1', 'x-internal-signature': signInternalCall(INTERNAL_SECRET, to, body) },
          to,
        );
        expect(res.status).toBe(404);
      }
    });
  });

  it('answers 503 DEPENDENCY_UNAVAILABLE naming the context while its process is down, and changes nothing', async () => {
    const owner = await signUp(people.http);
    const product = await createProduct(people, owner);
    const renter = await signUp(people.http);
    await people.stop();
    try {
      const res = await rest.http
        .post('/api/v1/rentals')
        .set(renter.auth)
        .send({ productId: product.id, startDate: utcDay(2), endDate: utcDay(3) });
      expect(res.status).toBe(503);
      // The first contract a booking asks is identity's (is the renter active?), hosted there too.
      expect(res.body).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', context: 'identity', status: 503 });
      expect(res.headers['retry-after']).toBe('5');
      const rows = await rest.db.query('SELECT id FROM rental.rentals WHERE renter_id = $1', [renter.id]);
      expect(rows).toEqual([]);
    } finally {
      await people.start();
    }
    const again = await rest.http
      .post('/api/v1/rentals')
      .set(renter.auth)
      .send({ productId: product.id, startDate: utcDay(2), endDate: utcDay(3) });
    expect(again.status).toBe(201);
  });
});
