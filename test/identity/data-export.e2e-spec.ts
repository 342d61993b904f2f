import { EventRelay } from '../../src/platform/events/event-relay';
import { createProduct } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { openConversation, postText } from '../support/messaging.factory';
import { addPaymentMethod } from '../support/payment.factory';
import type { RentalBody } from '../support/rental.factory';
import { createRental, moveRental, utcDay } from '../support/rental.factory';
import { reviewProduct, reviewUser } from '../support/review.factory';
import { createTestApp, type TestApp } from '../support/test-app';
import { TestAuthenticator } from '../support/totp';

describe('identity: personal data export', () => {
  let t: TestApp;
  let ada: SignedUpUser;
  let bob: SignedUpUser;
  let adaListing: { id: string; title: string };
  let rental: RentalBody;
  let basicPlanId: string;

  beforeAll(async () => {
    t = await createTestApp({ EVENTS_RELAY_INTERVAL_MS: '0', JOBS_ENABLED: 'false' });
    ada = await signUp(t.http, { fullName: 'Ada Lovelace' });
    bob = await signUp(t.http, { fullName: 'Bob Builder' });
    await t.http
      .put('/api/v1/auth/profile')
      .set(ada.auth)
      .send({ phone: '+351912345678', location: { city: 'Lisbon', country: 'PT' } })
      .expect(200);
    adaListing = await createProduct(t, ada, { title: 'Aluminium ladder, 3 m' });
    const bobListing = await createProduct(t, bob, { title: 'Cordless drill of Bob' });

    // Ada rents Bob's drill to the end, talks with him, and both review each other.
    await addPaymentMethod(t, ada, 'pm_card_visa', true);
    rental = await createRental(t, ada, bobListing, { startDate: utcDay(2), endDate: utcDay(5) });
    await drain();
    const conversation = await openConversation(t, ada, { rentalId: rental.id }, 'Can I pick it up at 10?');
    await postText(t, bob, conversation.id, 'Sure, see you at ten.');
    for (const status of ['accepted', 'active', 'returned', 'completed'] as const) {
      await moveRental(t, rental, bob, status);
      await drain();
    }
    await reviewUser(t, ada, rental, 5, 'Bob was friendly and the drill was great.');
    await reviewUser(t, bob, rental, 4, 'Ada brought it back clean.');
    await reviewProduct(t, ada, {
      productId: bobListing.id,
      rentalId: rental.id,
      rating: 5,
      body: 'Drilled forty holes without a hitch.',
    });

    const plans = await t.http.get('/api/v1/subscription/plans');
    basicPlanId = plans.body.items.find((p: { code: string }) => p.code === 'basic').id;
    await t.http
      .post('/api/v1/subscription/subscriptions')
      .set(ada.auth)
      .send({ planId: basicPlanId, billingCycle: 'monthly' })
      .expect(201);
    await drain();
    // A security event of her own, for the export's securityEvents (from the audit log).
    await t.http.delete('/api/v1/account/sessions').set(ada.auth).expect(204);
  });
  afterAll(() => t.close());

  const drain = () => t.app.get(EventRelay).drain();
  const requestExport = (user: SignedUpUser) => t.http.post('/api/v1/account/data-exports').set(user.auth);
  const exportRow = async (id: string) =>
    (await t.db.query('SELECT * FROM identity.data_exports WHERE id = $1', [id]))[0];

  it('assembles every context into one document, in the background, and mails the person', async () => {
    const res = await requestExport(ada);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      id: expect.any(String),
      status: 'pending',
      requestedAt: expect.any(String),
      readyAt: null,
      expiresAt: null,
    });
    const id = res.body.id;
    expect(await exportRow(id)).toMatchObject({ user_id: ada.id, status: 'pending', document: null });
    const [event] = await t.db.query(
      `SELECT payload FROM identity.outbox_events WHERE type = 'identity.DataExportRequested' AND payload->>'exportId' = $1`,
      [id],
    );
    expect(event.payload).toEqual({ exportId: id, userId: ada.id, requestedAt: res.body.requestedAt });

    const pending = await t.http.get(`/api/v1/account/data-exports/${id}/document`).set(ada.auth);
    expect(pending.status).toBe(409);
    expect(pending.body).toMatchObject({ code: 'IDENTITY.EXPORT_NOT_READY' });

    await drain();
    const shown = await t.http.get(`/api/v1/account/data-exports/${id}`).set(ada.auth);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ id, status: 'ready', readyAt: expect.any(String) });
    const ttl = Date.parse(shown.body.expiresAt) - Date.parse(shown.body.readyAt);
    expect(ttl).toBe(7 * 86_400_000);
    const row = await exportRow(id);
    expect(row).toMatchObject({ status: 'ready', last_error: null });
    expect(row.completed_at.toISOString()).toBe(shown.body.readyAt);

    const download = await t.http.get(`/api/v1/account/data-exports/${id}/document`).set(ada.auth);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toMatch(/^application\/json/);
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="onesociety-export-${shown.body.readyAt.slice(0, 10)}.json"`,
    );
    expect(download.headers['cache-control']).toBe('no-store');
    const doc = download.body;
    expect(Object.keys(doc).sort()).toEqual([
      'catalog',
      'generatedAt',
      'identity',
      'messaging',
      'notification',
      'payment',
      'rental',
      'review',
      'subscription',
      'trust',
      'userId',
    ]);
    expect(doc.userId).toBe(ada.id);
    // What she was told: Bob's answers and the review period among them.
    expect(doc.notification.notifications).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'rental.accepted', category: 'booking' }),
        expect.objectContaining({ kind: 'rental.completed', category: 'reviews' }),
      ]),
    );
    expect(doc).toEqual(row.document);

    expect(doc.identity.account).toMatchObject({ id: ada.id, email: ada.email, status: 'active' });
    expect(doc.identity.profile).toMatchObject({
      fullName: 'Ada Lovelace',
      phone: '+351912345678',
      location: { city: 'Lisbon', country: 'PT' },
    });
    expect(doc.identity.sessions).toEqual([
      expect.objectContaining({
        id: expect.any(String),
        active: true,
        endedAt: null,
        client: expect.any(Object),
      }),
    ]);
    expect(doc.identity.secondFactor).toEqual({ totp: null, recoveryCodesLeft: 0 });
    expect(doc.identity.securityEvents).toEqual([
      {
        action: 'identity.sessions_revoked',
        occurredAt: expect.any(String),
        by: 'you',
        network: '127.0.0.0/24',
        details: { scope: 'others', sessions: 0 },
      },
    ]);

    expect(doc.catalog.listings).toEqual([
      expect.objectContaining({
        id: adaListing.id,
        title: 'Aluminium ladder, 3 m',
        status: 'active',
        pricing: { dailyPrice: 2500, weeklyPrice: null, deposit: 10000, currency: 'EUR' },
        images: [{ url: 'https://images.example.com/drill.jpg', alt: 'The drill', position: 0 }],
      }),
    ]);

    expect(doc.rental.asOwner).toEqual([]);
    expect(doc.rental.asRenter).toEqual([
      expect.objectContaining({
        id: rental.id,
        startDate: utcDay(2),
        endDate: utcDay(5),
        status: 'completed',
        quote: rental.quote,
      }),
    ]);
    const history = doc.rental.asRenter[0].history.map((h: { to: string }) => h.to);
    expect(history).toEqual(['requested', 'accepted', 'active', 'returned', 'completed']);

    const [conversation] = doc.messaging.conversations;
    expect(conversation).toMatchObject({ rentalId: rental.id, myRole: 'renter', counterpartId: bob.id });
    const texts = conversation.messages
      .filter((m: { type: string }) => m.type === 'text')
      .map((m: { direction: string; body: string }) => [m.direction, m.body]);
    expect(texts).toEqual([
      ['sent', 'Can I pick it up at 10?'],
      ['received', 'Sure, see you at ten.'],
    ]);

    expect(doc.review.written.userReviews).toEqual([
      expect.objectContaining({
        revieweeId: bob.id,
        rating: 5,
        body: 'Bob was friendly and the drill was great.',
      }),
    ]);
    expect(doc.review.written.productReviews).toEqual([
      expect.objectContaining({ rentalId: rental.id, body: 'Drilled forty holes without a hitch.' }),
    ]);
    expect(doc.review.received.userReviews).toEqual([
      expect.objectContaining({ reviewerId: bob.id, rating: 4, body: 'Ada brought it back clean.' }),
    ]);

    const rentalPayment = doc.payment.paymentIntents.find(
      (i: { rentalId: string }) => i.rentalId === rental.id,
    );
    expect(rentalPayment).toMatchObject({
      role: 'payer',
      currency: 'EUR',
      amount: rental.quote.total,
      breakdown: { charge: rental.quote.subtotal + rental.quote.platformFee, deposit: rental.quote.deposit },
    });
    expect(doc.payment.paymentMethods).toEqual([
      expect.objectContaining({ type: 'card', brand: 'visa', last4: '4242', isDefault: true }),
    ]);
    const [ledgerTotal] = await t.db.query(
      'SELECT count(*)::int AS n FROM payment.ledger_entries WHERE payer_id = $1 OR payee_id = $1',
      [ada.id],
    );
    expect(doc.payment.ledgerEntries).toHaveLength(ledgerTotal.n);
    expect(ledgerTotal.n).toBeGreaterThan(0);

    expect(doc.subscription.subscriptions).toEqual([
      expect.objectContaining({
        status: 'active',
        plan: expect.objectContaining({ id: basicPlanId, code: 'basic' }),
        charges: [expect.objectContaining({ kind: 'initial', amount: 999, currency: 'EUR', status: 'paid' })],
      }),
    ]);

    // The mail that says so, in the mail path's own table (the development mailbox here).
    const [mail] = await t.db.query(
      `SELECT recipient, locale, subject, text_body FROM mail.messages WHERE user_id = $1 AND template = $2`,
      [ada.id, 'identity.data-export-ready'],
    );
    expect(mail).toMatchObject({
      recipient: ada.email,
      locale: 'en',
      subject: 'Your OneSociety data export is ready',
    });
    expect(mail.text_body).toContain(`/account/data-exports/${id}`);
  });

  it('writes the ready mail in the person’s language', async () => {
    const user = await signUp(t.http, { fullName: 'Camille Martin' });
    await t.http.put('/api/v1/auth/profile').set(user.auth).send({ locale: 'fr' }).expect(200);
    const id = (await requestExport(user).expect(202)).body.id;
    await drain();
    const [mail] = await t.db.query(
      `SELECT locale, subject, text_body FROM mail.messages WHERE user_id = $1 AND template = $2`,
      [user.id, 'identity.data-export-ready'],
    );
    expect(mail).toMatchObject({ locale: 'fr', subject: 'Votre export de données OneSociety est prêt' });
    expect(mail.text_body).toContain('Bonjour Camille');
    expect(mail.text_body).toContain(`/account/data-exports/${id}`);
  });

  it('holds no secret: no password or token hash, TOTP secret, recovery code, gateway id or card number', async () => {
    const user = await signUp(t.http);
    await addPaymentMethod(t, user, 'pm_card_visa');
    const enrolment = await t.http
      .post('/api/v1/account/mfa/totp')
      .set(user.auth)
      .send({ password: user.password })
      .expect(201);
    const confirmed = await t.http
      .post('/api/v1/account/mfa/totp/confirm')
      .set(user.auth)
      .send({ code: new TestAuthenticator(enrolment.body.secret).nextCode() })
      .expect(200);
    const id = (await requestExport(user).expect(202)).body.id;
    await drain();
    const res = await t.http.get(`/api/v1/account/data-exports/${id}/document`).set(user.auth);
    expect(res.status).toBe(200);
    const text = JSON.stringify(res.body);
    const [{ password_hash }] = await t.db.query('SELECT password_hash FROM identity.users WHERE id = $1', [
      user.id,
    ]);
    const tokens: { token_hash: string }[] = await t.db.query(
      'SELECT token_hash FROM identity.refresh_tokens WHERE user_id = $1',
      [user.id],
    );
    const [method] = await t.db.query(
      'SELECT gateway_payment_method_id FROM payment.payment_methods WHERE user_id = $1',
      [user.id],
    );
    expect(text).not.toContain(password_hash);
    for (const { token_hash } of tokens) expect(text).not.toContain(token_hash);
    expect(text).not.toContain(method.gateway_payment_method_id);
    expect(text).not.toContain(user.refreshToken);
    expect(text).not.toContain(enrolment.body.secret);
    const [{ secret_sealed }] = await t.db.query(
      'SELECT secret_sealed FROM identity.mfa_totp WHERE user_id = $1',
      [user.id],
    );
    expect(text).not.toContain(secret_sealed);
    for (const code of confirmed.body.recoveryCodes as string[]) expect(text).not.toContain(code);
    expect(res.body.identity.secondFactor).toEqual({
      totp: { enrolledAt: expect.any(String), confirmedAt: expect.any(String) },
      recoveryCodesLeft: confirmed.body.recoveryCodes.length,
    });
    expect(text).not.toMatch(/hash|secret|password|4242424242424242/i);
    expect(res.body.payment.paymentMethods).toEqual([
      expect.objectContaining({ brand: 'visa', last4: '4242', expMonth: expect.any(Number) }),
    ]);
  });
});
