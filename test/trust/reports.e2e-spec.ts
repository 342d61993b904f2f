import { randomUUID } from 'node:crypto';
import { EventRelay } from '../../src/platform/events/event-relay';
import type { ProductBody } from '../support/catalog.factory';
import { createProduct } from '../support/catalog.factory';
import { deleteAccount } from '../support/erasure.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { openConversation, postText } from '../support/messaging.factory';
import { completeRental, createRental, utcDay } from '../support/rental.factory';
import { reviewProduct, reviewUser } from '../support/review.factory';
import { createTestApp, type TestApp } from '../support/test-app';
import { block, report } from '../support/trust.factory';

const MICROS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
/** The tag of the report list's cursors, to forge one a client could send. */
const REPORT_CURSOR_VERSION = 'rp1';

describe('trust: reports (POST, GET /trust/reports)', () => {
  let t: TestApp;
  let olga: SignedUpUser;
  let product: ProductBody;
  beforeAll(async () => {
    t = await createTestApp({
      EVENTS_RELAY_INTERVAL_MS: '0',
      JOBS_ENABLED: 'false',
      WRITE_RATE_LIMIT_PER_MINUTE: '100000',
    });
    olga = await signUp(t.http, { fullName: 'Olga Owner' });
    product = await createProduct(t, olga, {
      title: 'Too good to be true drill',
      description: `Pay by bank transfer only. ${'x'.repeat(600)}`,
    });
  });
  afterAll(() => t.close());

  const drain = () => t.app.get(EventRelay).drain();
  const rowsOf = (reporterId: string) =>
    t.db.query(
      `SELECT target_type, target_id, target_user_id, target_snapshot, reason, note, status, resolution, resolved_at
       FROM trust.reports WHERE reporter_id = $1 ORDER BY created_at, id`,
      [reporterId],
    );
  const post = (user: SignedUpUser, body: Record<string, unknown>) =>
    t.http.post('/api/v1/trust/reports').set(user.auth).send(body);

  it('files a report of a listing with what the reporter saw, and leaves the listing as it was', async () => {
    const rita = await signUp(t.http);
    const res = await post(rita, {
      targetType: 'listing',
      targetId: product.id.toUpperCase(),
      reason: 'scam',
      note: 'Wants a bank transfer.',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      targetType: 'listing',
      targetId: product.id,
      reason: 'scam',
      note: 'Wants a bank transfer.',
      status: 'open',
      createdAt: expect.stringMatching(MICROS),
      resolvedAt: null,
    });
    expect(await rowsOf(rita.id)).toEqual([
      {
        target_type: 'listing',
        target_id: product.id,
        target_user_id: olga.id,
        target_snapshot: {
          title: 'Too good to be true drill',
          description: product.description.slice(0, 500),
          dailyPrice: 2500,
          currency: 'EUR',
          ownerId: olga.id,
        },
        reason: 'scam',
        note: 'Wants a bank transfer.',
        status: 'open',
        resolution: null,
        resolved_at: null,
      },
    ]);
    // Reported content stays visible until a moderator acts.
    expect((await t.http.get(`/api/v1/products/${product.id}`)).status).toBe(200);
  });

  it('files reports of a user, a message (from someone the reporter blocked) and published reviews', async () => {
    const rita = await signUp(t.http, { fullName: 'Rita Renter' });
    const mallory = await signUp(t.http, { fullName: 'Mallory Pest' });
    const hers = await createProduct(t, mallory);
    const inquiry = await openConversation(t, rita, { productId: hers.id }, 'Is it free on Sunday?');
    const rude = await postText(t, mallory, inquiry.id, 'Go away, idiot.');
    // Report-and-block is the usual order of things: the block does not hide the message from trust.
    await block(t, rita, mallory);
    const productReview = await reviewProduct(t, mallory, {
      productId: product.id,
      rating: 1,
      body: 'Junk!',
    });
    const rental = await completeRental(t, olga, rita, product, {
      startDate: utcDay(40),
      endDate: utcDay(43),
    });
    await reviewUser(t, olga, rental, 2, 'Returned it late.');
    const aboutOlga = await reviewUser(t, rita, rental, 1, 'Rude owner.');
    await drain();
    const [olgasReview] = await t.db.query(
      'SELECT id FROM review.user_reviews WHERE reviewer_id = $1 AND visible_at IS NOT NULL',
      [olga.id],
    );

    await report(t, rita, { targetType: 'user', targetId: mallory.id }, { reason: 'harassment' });
    await report(t, rita, { targetType: 'message', targetId: rude.id }, { reason: 'harassment' });
    await report(t, rita, { targetType: 'review', targetId: productReview.id }, { reason: 'offensive' });
    await report(t, rita, { targetType: 'review', targetId: olgasReview.id }, { reason: 'misleading' });
    // The reviewed person's own published review of her is someone else's content to Olga.
    await report(t, olga, { targetType: 'review', targetId: aboutOlga.id }, { reason: 'offensive' });

    const rows = await rowsOf(rita.id);
    expect(rows.map((r: { target_user_id: string }) => r.target_user_id)).toEqual([
      mallory.id,
      mallory.id,
      mallory.id,
      olga.id,
    ]);
    expect(rows[0].target_snapshot).toEqual({
      displayName: 'Mallory',
      avatarUrl: null,
      city: null,
      country: null,
      memberSince: expect.any(String),
    });
    expect(rows[1].target_snapshot).toEqual({
      body: 'Go away, idiot.',
      type: 'text',
      attachment: null,
      senderId: mallory.id,
      conversationId: inquiry.id,
      sentAt: rude.createdAt,
    });
    expect(rows[2].target_snapshot).toEqual({
      kind: 'product_review',
      rating: 1,
      title: null,
      text: 'Junk!',
      authorId: mallory.id,
      productId: product.id,
      revieweeId: null,
      rentalId: null,
      writtenAt: productReview.createdAt,
    });
    expect(rows[3].target_snapshot).toMatchObject({
      kind: 'user_review',
      rating: 2,
      text: 'Returned it late.',
      authorId: olga.id,
      productId: product.id,
      revieweeId: rita.id,
      rentalId: rental.id,
    });
    expect((await rowsOf(olga.id))[0]).toMatchObject({ target_user_id: rita.id, status: 'open' });
  });

  it('answers 404 TRUST.TARGET_NOT_FOUND alike for what does not exist and what the reporter cannot see', async () => {
    const rita = await signUp(t.http);
    const stranger = await signUp(t.http);
    const draft = await createProduct(t, olga, { status: 'draft' });
    const deleted = await createProduct(t, olga);
    expect((await t.http.delete(`/api/v1/products/${deleted.id}`).set(olga.auth)).status).toBe(204);
    // A conversation between two other people, and the system message of a rental.
    const theirs = await openConversation(t, stranger, { productId: product.id }, 'Private question');
    const rental = await createRental(t, stranger, product, { startDate: utcDay(60), endDate: utcDay(62) });
    await drain();
    const [system] = await t.db.query(
      `SELECT m.id FROM messaging.messages m JOIN messaging.conversations c ON c.id = m.conversation_id
       WHERE c.rental_id = $1 AND m.type = 'system'`,
      [rental.id],
    );
    // A user review still hidden by the double-blind window.
    const done = await completeRental(t, olga, rita, product, { startDate: utcDay(70), endDate: utcDay(72) });
    const hidden = await reviewUser(t, olga, done, 3, 'Fine.');
    expect(hidden.status).toBe('hidden');
    const erased = await signUp(t.http);
    expect((await deleteAccount(t, erased, { password: erased.password })).status).toBe(204);

    const invisible: [string, string][] = [
      ['listing', randomUUID()],
      ['listing', draft.id],
      ['listing', deleted.id],
      ['user', randomUUID()],
      ['user', erased.id],
      ['message', randomUUID()],
      ['message', theirs.message.id],
      ['review', randomUUID()],
      ['review', hidden.id],
    ];
    for (const [targetType, targetId] of invisible) {
      const res = await post(rita, { targetType, targetId, reason: 'spam' });
      expect({ targetType, targetId, status: res.status, code: res.body.code }).toEqual({
        targetType,
        targetId,
        status: 404,
        code: 'TRUST.TARGET_NOT_FOUND',
      });
    }
    // Even a participant cannot report what the system wrote: nobody answers for it.
    const systemReport = await post(stranger, { targetType: 'message', targetId: system.id, reason: 'spam' });
    expect(systemReport.status).toBe(404);
    expect(systemReport.body.code).toBe('TRUST.TARGET_NOT_FOUND');
    expect(await rowsOf(rita.id)).toEqual([]);
    expect(await rowsOf(stranger.id)).toEqual([]);
  });

  it('refuses reporting oneself or one’s own content (422 TRUST.CANNOT_REPORT_OWN)', async () => {
    const rita = await signUp(t.http);
    const conversation = await openConversation(t, rita, { productId: product.id }, 'Mine to report?');
    const review = await reviewProduct(t, rita, { productId: product.id, rating: 4 });
    const own: [SignedUpUser, string, string][] = [
      [olga, 'listing', product.id],
      [rita, 'user', rita.id],
      [rita, 'message', conversation.message.id],
      [rita, 'review', review.id],
    ];
    for (const [reporter, targetType, targetId] of own) {
      const res = await post(reporter, { targetType, targetId, reason: 'spam' });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({
        code: 'TRUST.CANNOT_REPORT_OWN',
        errors: [{ field: 'targetId', message: expect.any(String) }],
      });
    }
    expect(await rowsOf(rita.id)).toEqual([]);
    expect(await rowsOf(olga.id)).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ target_id: product.id })]),
    );
  });

  it('refuses bad input with a problem naming the field, storing nothing', async () => {
    const rita = await signUp(t.http);
    const target = { targetType: 'listing', targetId: product.id };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...target, reason: 'other' }, 'TRUST.INVALID_REPORT', 'note'],
      [{ ...target, reason: 'other', note: '   ' }, 'TRUST.INVALID_REPORT', 'note'],
      [{ ...target, reason: 'spam', note: 'x'.repeat(2001) }, 'VALIDATION.FAILED', 'note'],
      [{ ...target, reason: 'boredom' }, 'VALIDATION.FAILED', 'reason'],
      [{ ...target }, 'VALIDATION.FAILED', 'reason'],
      [{ ...target, targetType: 'rental', reason: 'spam' }, 'VALIDATION.FAILED', 'targetType'],
      [{ ...target, targetId: 'not-a-uuid', reason: 'spam' }, 'VALIDATION.FAILED', 'targetId'],
      [{ ...target, reason: 'spam', status: 'actioned' }, 'VALIDATION.FAILED', 'status'],
    ];
    for (const [body, code, field] of cases) {
      const res = await post(rita, body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 422, code });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await rowsOf(rita.id)).toEqual([]);
    // At the limit it is fine, and `other` with something to say too.
    const long = await post(rita, { ...target, reason: 'other', note: 'y'.repeat(2000) });
    expect(long.status).toBe(201);
    expect(long.body.note).toHaveLength(2000);
  });

  it('keeps one open report per reporter and target: a second is a 409 naming the open one', async () => {
    const rita = await signUp(t.http);
    const first = await report(t, rita, { targetType: 'user', targetId: olga.id });
    const again = await post(rita, { targetType: 'user', targetId: olga.id, reason: 'harassment' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'TRUST.REPORT_ALREADY_OPEN', reportId: first.id });
    // Someone else may report the same target; the reporter may report something else.
    await report(t, await signUp(t.http), { targetType: 'user', targetId: olga.id });
    await report(t, rita, { targetType: 'listing', targetId: product.id });
    expect(await rowsOf(rita.id)).toHaveLength(2);
  });

  it('stores exactly one of ten identical reports sent at once; the others are 409s, none a 500', async () => {
    const rita = await signUp(t.http);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        post(rita, { targetType: 'listing', targetId: product.id, reason: 'scam' }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, ...Array(9).fill(409)]);
    const created = answers.find((a) => a.status === 201)!;
    for (const conflict of answers.filter((a) => a.status === 409))
      expect(conflict.body).toMatchObject({ code: 'TRUST.REPORT_ALREADY_OPEN', reportId: created.body.id });
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM trust.reports WHERE reporter_id = $1', [
      rita.id,
    ]);
    expect(n).toBe(1);
  });

  it("lists and shows the caller's own reports only, newest first, in cursor pages", async () => {
    const rita = await signUp(t.http);
    const others = await Promise.all([signUp(t.http), signUp(t.http), signUp(t.http)]);
    const filed = [];
    for (const other of others) filed.push(await report(t, rita, { targetType: 'user', targetId: other.id }));
    // Someone else's report, of Rita even, is never in her list.
    const theirs = await report(t, others[0], { targetType: 'user', targetId: rita.id });

    const first = await t.http.get('/api/v1/trust/reports').query({ limit: 2 }).set(rita.auth);
    expect(first.status).toBe(200);
    expect(first.body.items).toEqual([filed[2], filed[1]]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await t.http
      .get('/api/v1/trust/reports')
      .query({ limit: 2, cursor: first.body.nextCursor })
      .set(rita.auth);
    expect(second.body).toEqual({ items: [filed[0]], nextCursor: null });

    const one = await t.http.get(`/api/v1/trust/reports/${filed[1].id}`).set(rita.auth);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(filed[1]);
    for (const id of [theirs.id, randomUUID()]) {
      const res = await t.http.get(`/api/v1/trust/reports/${id}`).set(rita.auth);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('TRUST.REPORT_NOT_FOUND');
    }
    const malformed = await t.http.get('/api/v1/trust/reports/nope').set(rita.auth);
    expect(malformed.status).toBe(422);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'reportId' })]);
    const badCursor = await t.http
      .get('/api/v1/trust/reports')
      .query({ cursor: 'bm90LWEtY3Vyc29y' })
      .set(rita.auth);
    expect(badCursor.status).toBe(422);
    expect(badCursor.body.code).toBe('TRUST.INVALID_CURSOR');
    // Well-formed, but on a day February does not have: PostgreSQL would refuse it, so the API does.
    const feb30 = Buffer.from(
      `${REPORT_CURSOR_VERSION}|2026-02-30T00:00:00.000000Z|${randomUUID()}`,
    ).toString('base64url');
    const impossible = await t.http.get('/api/v1/trust/reports').query({ cursor: feb30 }).set(rita.auth);
    expect(impossible.status).toBe(422);
    expect(impossible.body.code).toBe('TRUST.INVALID_CURSOR');
  });

  it('needs a token', async () => {
    expect((await t.http.post('/api/v1/trust/reports').send({})).status).toBe(401);
    expect((await t.http.get('/api/v1/trust/reports')).status).toBe(401);
    expect((await t.http.get(`/api/v1/trust/reports/${randomUUID()}`)).status).toBe(401);
  });
});
