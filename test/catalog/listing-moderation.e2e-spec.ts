import { randomUUID } from 'node:crypto';
import { EventRelay } from '../../src/platform/events/event-relay';
import { auditEntriesFor } from '../support/audit.factory';
import type { ProductBody } from '../support/catalog.factory';
import { createProduct, signUpAdmin } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { hideListing, redeliver } from '../support/moderation.factory';
import { utcDay } from '../support/rental.factory';
import { reviewProduct } from '../support/review.factory';
import { createTestApp, type TestApp } from '../support/test-app';
import { ids, searchScope } from './search.helpers';

const REASON = 'The photos show a different item than the description.';
const APP_ENV = {
  EVENTS_RELAY_INTERVAL_MS: '0',
  JOBS_ENABLED: 'false',
  WRITE_RATE_LIMIT_PER_MINUTE: '100000',
};

type Res = { status: number; body: Record<string, unknown>; headers: Record<string, string> };
const expectProblem = (res: Res, status: number, code: string) => {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.code).toBe(code);
};

/** What the database holds of a listing's status and moderation. */
const rowOf = async (t: TestApp, id: string) =>
  (
    await t.db.query(
      `SELECT status, moderation_reason, moderated_at, submitted_at, approved_at, listed_at, deleted_at
       FROM catalog.products WHERE id = $1`,
      [id],
    )
  )[0];

/** Catalog's events about a product, oldest first, as `type:status`. */
const catalogEvents = async (t: TestApp, productId: string): Promise<string[]> =>
  (
    await t.db.query(
      `SELECT type, payload->>'status' AS status FROM catalog.outbox_events
       WHERE payload->>'productId' = $1 ORDER BY occurred_at, id`,
      [productId],
    )
  ).map((e: { type: string; status: string }) => `${e.type}:${e.status}`);

describe('catalog: listing moderation (hidden listings, resubmission, approval)', () => {
  let t: TestApp;
  let owner: SignedUpUser;
  let other: SignedUpUser;
  let admin: SignedUpUser;
  beforeAll(async () => {
    t = await createTestApp(APP_ENV);
    [owner, other, admin] = await Promise.all([signUp(t.http), signUp(t.http), signUpAdmin(t)]);
  });
  afterAll(() => t.close());

  const drain = () => t.app.get(EventRelay).drain();
  const get = (id: string, as?: SignedUpUser) => {
    const req = t.http.get(`/api/v1/products/${id}`);
    return as ? req.set(as.auth) : req;
  };
  const approve = (id: string, as: SignedUpUser = admin) =>
    t.http.post(`/api/v1/admin/listings/${id}/approve`).set(as.auth);
  const reject = (id: string, reason: string, as: SignedUpUser = admin) =>
    t.http.post(`/api/v1/admin/listings/${id}/reject`).set(as.auth).send({ reason });
  const queue = (query: Record<string, string | number>) =>
    t.http.get('/api/v1/admin/listings').set(admin.auth).query(query);
  /** A hidden listing, resubmitted by its owner: awaiting approval. */
  async function resubmitted(): Promise<ProductBody> {
    const product = await createProduct(t, owner);
    await hideListing(t, product);
    const res = await t.http.put(`/api/v1/products/${product.id}`).set(owner.auth).send({ status: 'active' });
    expect(res.status).toBe(200);
    return res.body;
  }

  describe('a listing a moderator hid (trust.ListingHidden)', () => {
    it('leaves search, detail and renting for everyone but its owner, who sees why', async () => {
      const scope = await searchScope(t, owner);
      const product = await scope.add({ title: 'Suspicious drill' });
      const kept = await scope.add({ title: 'Honest drill' });
      await drain();
      const event = await hideListing(t, product, REASON);

      const row = await rowOf(t, product.id);
      expect(row).toMatchObject({ status: 'hidden', moderation_reason: REASON, deleted_at: null });
      expect(row.moderated_at.toISOString()).toBe(event.occurredAt);

      const mine = await get(product.id, owner);
      expect(mine.status).toBe(200);
      expect(mine.body).toMatchObject({
        status: 'hidden',
        moderation: { status: 'hidden', reason: REASON, at: event.occurredAt },
      });
      expectProblem(await get(product.id, other), 404, 'CATALOG.PRODUCT_NOT_FOUND');
      expectProblem(await get(product.id), 404, 'CATALOG.PRODUCT_NOT_FOUND');

      expect(ids((await scope.search({})).body)).toEqual([kept.id]);
      expect(ids((await scope.search({}, other)).body)).toEqual([kept.id]);
      const own = await scope.search({ ownerId: owner.id, status: 'hidden' }, owner);
      expect(ids(own.body)).toEqual([product.id]);

      const rental = await t.http
        .post('/api/v1/rentals')
        .set(other.auth)
        .send({ productId: product.id, startDate: utcDay(1), endDate: utcDay(4) });
      expectProblem(rental, 409, 'RENTAL.PRODUCT_NOT_RENTABLE');
      expect(
        (
          await t.db.query('SELECT count(*)::int AS n FROM rental.rentals WHERE product_id = $1', [
            product.id,
          ])
        )[0].n,
      ).toBe(0);

      // Others are told it is no longer listed, as a paused listing is.
      expect(await catalogEvents(t, product.id)).toEqual([
        'catalog.ProductListed:active',
        'catalog.ProductUpdated:hidden',
      ]);
      // Nothing else changed: not other listings, nor the approval queue.
      expect((await rowOf(t, kept.id)).status).toBe('active');
    });

    it('takes its reviews down with it, for reading and for reporting, until it is listed again', async () => {
      const product = await createProduct(t, owner);
      const review = await reviewProduct(t, other, { productId: product.id, rating: 4 });
      await hideListing(t, product);
      const list = await t.http.get('/api/v1/review/product-reviews').query({ productId: product.id });
      expectProblem(list, 404, 'REVIEW.PRODUCT_NOT_FOUND');
      const reported = await t.http
        .post('/api/v1/trust/reports')
        .set(admin.auth)
        .send({ targetType: 'review', targetId: review.id, reason: 'spam' });
      expectProblem(reported, 404, 'TRUST.TARGET_NOT_FOUND');

      await t.http
        .put(`/api/v1/products/${product.id}`)
        .set(owner.auth)
        .send({ status: 'active' })
        .expect(200);
      expect((await approve(product.id)).status).toBe(200);
      const back = await t.http.get('/api/v1/review/product-reviews').query({ productId: product.id });
      expect(back.status).toBe(200);
      expect(back.body.items.map((r: { id: string }) => r.id)).toEqual([review.id]);
    });

    it('is applied once however often the event is delivered; a second decision replaces the reason', async () => {
      const product = await createProduct(t, owner);
      const event = await hideListing(t, product, REASON);
      const before = await rowOf(t, product.id);
      await redeliver(t, event);
      expect(await rowOf(t, product.id)).toEqual(before);
      expect(await catalogEvents(t, product.id)).toEqual([
        'catalog.ProductListed:active',
        'catalog.ProductUpdated:hidden',
      ]);

      const second = await hideListing(t, product, 'Reported again: counterfeit.');
      expect(await rowOf(t, product.id)).toMatchObject({
        status: 'hidden',
        moderation_reason: 'Reported again: counterfeit.',
      });
      expect((await rowOf(t, product.id)).moderated_at.toISOString()).toBe(second.occurredAt);
      // Still hidden: nothing new to tell.
      expect(await catalogEvents(t, product.id)).toHaveLength(2);
    });

    it('leaves a deleted listing deleted, and an unknown one is no error', async () => {
      const product = await createProduct(t, owner);
      expect((await t.http.delete(`/api/v1/products/${product.id}`).set(owner.auth)).status).toBe(204);
      const before = await rowOf(t, product.id);
      await hideListing(t, product);
      expect(await rowOf(t, product.id)).toEqual(before);
      expect(await catalogEvents(t, product.id)).toEqual([
        'catalog.ProductListed:active',
        'catalog.ProductDeleted:active',
      ]);

      const unknown = await hideListing(t, { id: randomUUID(), ownerId: owner.id });
      const [inbox] = await t.db.query(
        'SELECT count(*)::int AS n FROM catalog.inbox_events WHERE event_id = $1',
        [unknown.id],
      );
      expect(inbox.n).toBe(1);
    });

    it('can be edited by its owner and stays hidden; draft and paused are refused', async () => {
      const product = await createProduct(t, owner);
      await hideListing(t, product);
      const edit = await t.http
        .put(`/api/v1/products/${product.id}`)
        .set(owner.auth)
        .send({ title: 'Cordless drill, real photos' });
      expect(edit.status).toBe(200);
      expect(edit.body).toMatchObject({ title: 'Cordless drill, real photos', status: 'hidden' });
      expect(edit.body.moderation).toMatchObject({ status: 'hidden', reason: REASON });

      for (const status of ['draft', 'paused']) {
        const res = await t.http
          .put(`/api/v1/products/${product.id}`)
          .set(owner.auth)
          .send({ status, title: 'Sneaky' });
        expectProblem(res, 409, 'CATALOG.LISTING_TAKEN_DOWN');
        expect(res.body.listingStatus).toBe('hidden');
      }
      expect(await rowOf(t, product.id)).toMatchObject({ status: 'hidden', moderation_reason: REASON });
      expect((await get(product.id, owner)).body.title).toBe('Cordless drill, real photos');
      // Another owner's hidden listing is as unknown as any other of theirs.
      expectProblem(
        await t.http.put(`/api/v1/products/${product.id}`).set(other.auth).send({ status: 'active' }),
        404,
        'CATALOG.PRODUCT_NOT_FOUND',
      );
    });

    it('resubmitted, awaits approval: still hidden from others, the reason kept until approved', async () => {
      const product = await resubmitted();
      expect(product.status).toBe('pending_approval');
      expect(product.moderation).toEqual({
        status: 'pending_approval',
        reason: REASON,
        at: expect.any(String),
      });
      const row = await rowOf(t, product.id);
      expect(row).toMatchObject({ status: 'pending_approval', moderation_reason: REASON, approved_at: null });
      expect(row.submitted_at.toISOString()).toBe(product.moderation!.at);
      expectProblem(await get(product.id, other), 404, 'CATALOG.PRODUCT_NOT_FOUND');

      // Asking again changes nothing; withdrawing to draft would leave review: refused.
      const again = await t.http
        .put(`/api/v1/products/${product.id}`)
        .set(owner.auth)
        .send({ status: 'active' });
      expect(again.body).toMatchObject({ status: 'pending_approval' });
      expect((await rowOf(t, product.id)).submitted_at).toEqual(row.submitted_at);
      expectProblem(
        await t.http.put(`/api/v1/products/${product.id}`).set(owner.auth).send({ status: 'draft' }),
        409,
        'CATALOG.LISTING_TAKEN_DOWN',
      );
      await drain();
      expect(await catalogEvents(t, product.id)).toEqual([
        'catalog.ProductListed:active',
        'catalog.ProductUpdated:hidden',
        'catalog.ProductUpdated:pending_approval',
        'catalog.ProductUpdated:pending_approval',
      ]);
    });
  });

  describe('admin decisions', () => {
    it('approve: the listing is listed again, the reason cleared, audited', async () => {
      const product = await resubmitted();
      const res = await approve(product.id);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: product.id, status: 'active', moderation: null });
      const row = await rowOf(t, product.id);
      expect(row).toMatchObject({ status: 'active', moderation_reason: null, moderated_at: null });
      expect(row.approved_at).not.toBeNull();
      expect((await get(product.id, other)).status).toBe(200);
      // Listed before: no second ProductListed.
      expect((await catalogEvents(t, product.id)).slice(-1)).toEqual(['catalog.ProductUpdated:active']);
      const listed = (await catalogEvents(t, product.id)).filter((e) =>
        e.startsWith('catalog.ProductListed'),
      );
      expect(listed).toHaveLength(1);
      expect(await auditEntriesFor(t.db, { targetId: product.id })).toEqual([
        expect.objectContaining({
          actor_id: admin.id,
          actor_role: 'admin',
          action: 'catalog.listing_approved',
          target_type: 'listing',
          details: { ownerId: owner.id, from: 'pending_approval', to: 'active' },
        }),
      ]);

      // Approved: pausing and reactivating need no approval.
      for (const status of ['paused', 'active']) {
        const res2 = await t.http.put(`/api/v1/products/${product.id}`).set(owner.auth).send({ status });
        expect(res2.body.status).toBe(status);
      }
      expectProblem(await approve(product.id), 409, 'CATALOG.LISTING_NOT_AWAITING_APPROVAL');
    });

    it('reject: hidden again with the new reason, which the owner sees; audited without the text', async () => {
      const product = await resubmitted();
      const res = await reject(product.id, '  Still the wrong photos.  ');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'hidden',
        moderation: { status: 'hidden', reason: 'Still the wrong photos.', at: expect.any(String) },
      });
      expect(await rowOf(t, product.id)).toMatchObject({
        status: 'hidden',
        moderation_reason: 'Still the wrong photos.',
      });
      expect((await get(product.id, owner)).body.moderation.reason).toBe('Still the wrong photos.');
      const [entry] = await auditEntriesFor(t.db, { targetId: product.id });
      expect(entry).toMatchObject({
        action: 'catalog.listing_rejected',
        details: { ownerId: owner.id, from: 'pending_approval', to: 'hidden' },
      });
      expect(JSON.stringify(entry)).not.toContain('wrong photos');
      expect((await catalogEvents(t, product.id)).slice(-1)).toEqual(['catalog.ProductUpdated:hidden']);
    });

    it('refuses listings not awaiting approval (409), unknown or deleted ones (404) and bad input (422), changing nothing', async () => {
      const active = await createProduct(t, owner);
      const hidden = await createProduct(t, owner);
      await hideListing(t, hidden);
      const deleted = await resubmitted();
      await t.http.delete(`/api/v1/products/${deleted.id}`).set(owner.auth).expect(204);
      const pending = await resubmitted();

      const notAwaiting = await approve(active.id);
      expectProblem(notAwaiting, 409, 'CATALOG.LISTING_NOT_AWAITING_APPROVAL');
      expect(notAwaiting.body.listingStatus).toBe('active');
      expectProblem(await reject(hidden.id, 'No'), 409, 'CATALOG.LISTING_NOT_AWAITING_APPROVAL');
      expectProblem(await approve(deleted.id), 404, 'CATALOG.PRODUCT_NOT_FOUND');
      expectProblem(await approve(randomUUID()), 404, 'CATALOG.PRODUCT_NOT_FOUND');
      for (const body of [
        {},
        { reason: '' },
        { reason: '   ' },
        { reason: 'x'.repeat(1001) },
        { reason: 'ok', extra: 1 },
      ]) {
        const res = await t.http
          .post(`/api/v1/admin/listings/${pending.id}/reject`)
          .set(admin.auth)
          .send(body);
        expect(res.status).toBe(422);
      }
      expect((await approve('not-a-uuid')).status).toBe(422);

      expect((await rowOf(t, active.id)).status).toBe('active');
      expect((await rowOf(t, hidden.id)).status).toBe('hidden');
      expect((await rowOf(t, pending.id)).status).toBe('pending_approval');
      for (const id of [active.id, hidden.id, deleted.id, pending.id])
        expect(await auditEntriesFor(t.db, { targetId: id })).toEqual([]);
    });

    it('are for admins only: 403 for anyone else, 401 without a token, changing nothing', async () => {
      const product = await resubmitted();
      for (const res of [
        await approve(product.id, owner),
        await reject(product.id, 'Mine now', other),
        await t.http.get('/api/v1/admin/listings').set(owner.auth),
      ]) {
        expect(res.status).toBe(403);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      expect((await t.http.post(`/api/v1/admin/listings/${product.id}/approve`)).status).toBe(401);
      expect(await rowOf(t, product.id)).toMatchObject({
        status: 'pending_approval',
        moderation_reason: REASON,
      });
      expect(await auditEntriesFor(t.db, { targetId: product.id })).toEqual([]);
    });

    it("refuses an admin's decision on their own listing (another admin decides), changing nothing", async () => {
      const lister = await signUpAdmin(t);
      const product = await createProduct(t, lister);
      await hideListing(t, product);
      await t.http
        .put(`/api/v1/products/${product.id}`)
        .set(lister.auth)
        .send({ status: 'active' })
        .expect(200);
      expectProblem(await approve(product.id, lister), 422, 'CATALOG.CANNOT_MODERATE_OWN');
      expectProblem(await reject(product.id, 'Fine by me', lister), 422, 'CATALOG.CANNOT_MODERATE_OWN');
      expect(await rowOf(t, product.id)).toMatchObject({
        status: 'pending_approval',
        moderation_reason: REASON,
      });
      expect(await auditEntriesFor(t.db, { targetId: product.id })).toEqual([]);
      expect((await approve(product.id)).status).toBe(200);
    });

    it('two admins deciding at once give one outcome', async () => {
      const second = await signUpAdmin(t);
      const races: [(id: string) => Promise<Res>, (id: string) => Promise<Res>][] = [
        [(id) => approve(id), (id) => approve(id, second)],
        [(id) => approve(id), (id) => reject(id, 'No', second)],
        [(id) => reject(id, 'No'), (id) => reject(id, 'Not this either', second)],
      ];
      for (const [a, b] of races) {
        const product = await resubmitted();
        const answers = await Promise.all([a(product.id), b(product.id)]);
        expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
        const winner = answers.find((r) => r.status === 200)!;
        const loser = answers.find((r) => r.status === 409)!;
        expect(loser.body).toMatchObject({
          code: 'CATALOG.LISTING_NOT_AWAITING_APPROVAL',
          listingStatus: winner.body.status,
        });
        expect((await rowOf(t, product.id)).status).toBe(winner.body.status);
        expect(await auditEntriesFor(t.db, { targetId: product.id })).toHaveLength(1);
        const decided = (await catalogEvents(t, product.id)).slice(3);
        expect(decided).toEqual([`catalog.ProductUpdated:${winner.body.status}`]);
      }
    });

    it('lists the queues oldest first, in keyset pages, each listing with where moderation stands', async () => {
      // Earlier tests left listings in the queues: start from what they hold now.
      const drainQueue = async (status: string) => {
        const all: ProductBody[] = [];
        let cursor: string | undefined;
        do {
          const res = await queue({ status, limit: 2, ...(cursor ? { cursor } : {}) });
          expect(res.status).toBe(200);
          all.push(...res.body.items);
          cursor = res.body.nextCursor ?? undefined;
        } while (cursor);
        return all;
      };
      const before = await drainQueue('pending_approval');
      const added = [await resubmitted(), await resubmitted(), await resubmitted()];
      const after = await drainQueue('pending_approval');
      expect(after.map((p) => p.id)).toEqual([...before.map((p) => p.id), ...added.map((p) => p.id)]);
      expect(after.at(-1)).toMatchObject({
        id: added[2].id,
        ownerId: owner.id,
        owner: expect.objectContaining({ id: owner.id }),
        status: 'pending_approval',
        moderation: { status: 'pending_approval', reason: REASON, at: added[2].moderation!.at },
      });
      const submitted = after.map((p) => p.moderation!.at);
      expect([...submitted].sort()).toEqual(submitted);

      const hidden = await drainQueue('hidden');
      expect(hidden.every((p) => p.status === 'hidden' && p.moderation?.status === 'hidden')).toBe(true);
      const hiddenAt = hidden.map((p) => p.moderation!.at);
      expect([...hiddenAt].sort()).toEqual(hiddenAt);

      // The default queue is the approval queue; a cursor of one queue means nothing in the other.
      const first = await queue({ limit: 1 });
      expect(first.body.items[0].id).toBe(after[0].id);
      expectProblem(
        await queue({ status: 'hidden', cursor: first.body.nextCursor }),
        422,
        'CATALOG.INVALID_CURSOR',
      );
      expectProblem(await queue({ cursor: 'bm90LWEtY3Vyc29y' }), 422, 'CATALOG.INVALID_CURSOR');
      expect((await queue({ status: 'active' })).status).toBe(422);
    });
  });
});

describe('catalog: listings that need approval (LISTINGS_REQUIRE_APPROVAL=true)', () => {
  let t: TestApp;
  let owner: SignedUpUser;
  let other: SignedUpUser;
  let admin: SignedUpUser;
  beforeAll(async () => {
    t = await createTestApp({ ...APP_ENV, LISTINGS_REQUIRE_APPROVAL: 'true' });
    [owner, other, admin] = await Promise.all([signUp(t.http), signUp(t.http), signUpAdmin(t)]);
  });
  afterAll(() => t.close());

  const drain = () => t.app.get(EventRelay).drain();
  const put = (id: string, body: object) => t.http.put(`/api/v1/products/${id}`).set(owner.auth).send(body);

  it('holds a first publication for approval; once approved, pausing, reactivating and edits need none', async () => {
    const scope = await searchScope(t, owner);
    const product = await scope.add({ status: 'active' });
    expect(product.status).toBe('pending_approval');
    expect(product.moderation).toEqual({ status: 'pending_approval', reason: null, at: expect.any(String) });
    expect(await rowOf(t, product.id)).toMatchObject({ status: 'pending_approval', listed_at: null });
    expect((await t.http.get(`/api/v1/products/${product.id}`).set(other.auth)).status).toBe(404);
    expect(ids((await scope.search({})).body)).toEqual([]);
    await drain();
    // Not listed; but the plan's slot it holds is told (subscription counts it).
    expect(await catalogEvents(t, product.id)).toEqual(['catalog.ProductUpdated:pending_approval']);
    const [usage] = await t.db.query('SELECT active FROM subscription.listing_usage WHERE product_id = $1', [
      product.id,
    ]);
    expect(usage).toEqual({ active: true });

    const approved = await t.http.post(`/api/v1/admin/listings/${product.id}/approve`).set(admin.auth);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'active', moderation: null });
    const row = await rowOf(t, product.id);
    expect(row.listed_at).not.toBeNull();
    expect(row.listed_at).toEqual(row.approved_at);
    expect(ids((await scope.search({})).body)).toEqual([product.id]);
    // Both in one transaction, possibly in the same millisecond: compared in any order.
    expect((await catalogEvents(t, product.id)).slice(1).sort()).toEqual([
      'catalog.ProductListed:active',
      'catalog.ProductUpdated:active',
    ]);

    expect((await put(product.id, { status: 'paused' })).body.status).toBe('paused');
    expect((await put(product.id, { status: 'active' })).body.status).toBe('active');
    expect((await put(product.id, { title: 'Cordless drill, new battery' })).body.status).toBe('active');
    expect((await put(product.id, { status: 'draft' })).body.status).toBe('draft');
    expect((await put(product.id, { status: 'active' })).body.status).toBe('active');
  });

  it('holds a draft published later too, and a withdrawn first publication may go back to draft', async () => {
    const draft = await createProduct(t, owner, { status: 'draft' });
    const submitted = await put(draft.id, { status: 'active' });
    expect(submitted.body).toMatchObject({ status: 'pending_approval', moderation: { reason: null } });
    const withdrawn = await put(draft.id, { status: 'draft' });
    expect(withdrawn.body).toMatchObject({ status: 'draft', moderation: null });
    expect((await put(draft.id, { status: 'active' })).body.status).toBe('pending_approval');
  });

  it('counts a listing awaiting approval against the plan, so approving cannot exceed it', async () => {
    const limited = await createTestApp({
      ...APP_ENV,
      LISTINGS_REQUIRE_APPROVAL: 'true',
      SUBSCRIPTION_LIMITS_ENFORCED: 'true',
    });
    try {
      const lender = await signUp(limited.http);
      const approver = await signUpAdmin(limited);
      // The free plan allows 5 active listings.
      const pending = [];
      for (let i = 0; i < 5; i++) pending.push(await createProduct(limited, lender, { status: 'active' }));
      expect(pending.map((p) => p.status)).toEqual(Array(5).fill('pending_approval'));
      const sixth = await createProduct(limited, lender, { status: 'draft' });
      const refused = await limited.http
        .put(`/api/v1/products/${sixth.id}`)
        .set(lender.auth)
        .send({ status: 'active' });
      expectProblem(refused, 403, 'SUBSCRIPTION.LISTING_LIMIT_REACHED');
      expect(refused.body.limit).toMatchObject({ max: 5, used: 5 });
      for (const p of pending)
        expect(
          (await limited.http.post(`/api/v1/admin/listings/${p.id}/approve`).set(approver.auth)).status,
        ).toBe(200);
      const [{ n }] = await limited.db.query(
        `SELECT count(*)::int AS n FROM catalog.products WHERE owner_id = $1 AND status = 'active'`,
        [lender.id],
      );
      expect(n).toBe(5);
      // A hidden listing frees its slot, and takes one again when resubmitted.
      await hideListing(limited, pending[0]);
      const now = await limited.http
        .put(`/api/v1/products/${sixth.id}`)
        .set(lender.auth)
        .send({ status: 'active' });
      expect(now.body.status).toBe('pending_approval');
      const back = await limited.http
        .put(`/api/v1/products/${pending[0].id}`)
        .set(lender.auth)
        .send({ status: 'active' });
      expectProblem(back, 403, 'SUBSCRIPTION.LISTING_LIMIT_REACHED');
      expect((await rowOf(limited, pending[0].id)).status).toBe('hidden');
    } finally {
      await limited.close();
    }
  });
});
