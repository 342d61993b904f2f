import { createProduct } from '../support/catalog.factory';
import { onboardingLink, onboardOwner, sandboxOnboardingTarget } from '../support/connect.factory';
import { databaseRows } from '../support/database-scan';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { signedWebhook, WEBHOOK_SECRET } from '../support/payment.factory';
import { utcDay } from '../support/rental.factory';
import { StripeFixtureServer } from '../support/stripe-fixture-server';
import { createTestApp, type TestApp } from '../support/test-app';

const ACCOUNT = '/api/v1/payment/connect/account';
const WEB = 'https://app.onesociety.test';

const accountRow = async (t: TestApp, userId: string) => {
  const rows = await t.db.query('SELECT * FROM payment.connected_accounts WHERE user_id = $1', [userId]);
  return rows[0] ?? null;
};

describe('payment: owner onboarding with the embedded sandbox', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      PAYOUTS_REQUIRE_ONBOARDING: 'true',
      PUBLIC_WEB_URL: WEB,
      EVENTS_RELAY_INTERVAL_MS: '0',
    });
  });
  afterAll(() => t.close());

  it('creates the payout account once per owner, starting with requirements due', async () => {
    const owner = await signUp(t.http);
    const none = await t.http.get(ACCOUNT).set(owner.auth);
    expect(none.status).toBe(404);
    expect(none.body.code).toBe('PAYMENT.CONNECT_ACCOUNT_NOT_FOUND');

    const created = await t.http.post(ACCOUNT).set(owner.auth);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      detailsSubmitted: false,
      chargesEnabled: false,
      payoutsEnabled: false,
      nextStep: 'onboarding',
      disabledReason: 'requirements.past_due',
    });
    expect(created.body.requirementsDue).toEqual(expect.arrayContaining(['external_account']));
    const again = await t.http.post(ACCOUNT).set(owner.auth);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(created.body);
    expect((await t.http.get(ACCOUNT).set(owner.auth)).body).toEqual(created.body);
    expect(await accountRow(t, owner.id)).toMatchObject({ payouts_enabled: false });
  });

  it('makes one account at the gateway when many first requests race', async () => {
    const owner = await signUp(t.http);
    const answers = await Promise.all(Array.from({ length: 12 }, () => t.http.post(ACCOUNT).set(owner.auth)));
    expect(answers.map((a) => a.status).sort()).toEqual([...Array(11).fill(200), 201]);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM payment.sandbox_objects WHERE type = 'account' AND data->'metadata'->>'userId' = $1`,
      [owner.id],
    );
    expect(n).toBe(1);
  });

  it('onboards through the sandbox page: abandon changes nothing, complete enables payouts, a link works once', async () => {
    const owner = await signUp(t.http);
    const first = await onboardingLink(t, owner);
    expect(Date.parse(first.expiresAt)).toBeGreaterThan(Date.now());
    const { path, link } = sandboxOnboardingTarget(first.url);

    const left = await t.http.post(path).send({ link, outcome: 'abandon' });
    expect(left.status).toBe(200);
    expect(left.body.redirectUrl).toBe(`${WEB}/account/payouts/onboarding/refresh`);
    expect(left.body.account.payoutsEnabled).toBe(false);
    const reused = await t.http.post(path).send({ link, outcome: 'complete' });
    expect(reused.status).toBe(410);
    expect(reused.body.code).toBe('PAYMENT.SANDBOX_ACCOUNT_LINK_EXPIRED');
    expect(await accountRow(t, owner.id)).toMatchObject({ payouts_enabled: false, details_submitted: false });

    const second = sandboxOnboardingTarget((await onboardingLink(t, owner)).url);
    const done = await t.http.post(second.path).send({ link: second.link, outcome: 'complete' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      redirectUrl: `${WEB}/account/payouts/onboarding/return`,
      account: { detailsSubmitted: true, chargesEnabled: true, payoutsEnabled: true, requirementsDue: [] },
    });
    expect(done.body.account.nextStep).toBe('none');
    expect(await accountRow(t, owner.id)).toMatchObject({ payouts_enabled: true, requirements_due: [] });
  });

  it("refuses another owner's link, a guessed one and bad input, changing nothing", async () => {
    const owner = await signUp(t.http);
    const other = await signUp(t.http);
    const mine = sandboxOnboardingTarget((await onboardingLink(t, owner)).url);
    const theirs = sandboxOnboardingTarget((await onboardingLink(t, other)).url);
    const before = await databaseRows(t.db);
    const crossed = await t.http.post(mine.path).send({ link: theirs.link, outcome: 'complete' });
    expect(crossed.status).toBe(404);
    const guessed = await t.http
      .post(mine.path)
      .send({ link: `${mine.link.split('.')[0]}.guessedguessedguessed`, outcome: 'complete' });
    expect(guessed.status).toBe(404);
    for (const body of [{ link: mine.link, outcome: 'maybe' }, { link: 'x', outcome: 'complete' }, {}]) {
      const res = await t.http.post(mine.path).send(body);
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const extra = await t.http
      .post(mine.path)
      .send({ link: mine.link, outcome: 'complete', payoutsEnabled: true });
    expect(extra.status).toBe(422);
    expect(await databaseRows(t.db)).toEqual(before);
  });

  it('opens the dashboard only once details are submitted', async () => {
    const owner = await signUp(t.http);
    expect((await t.http.post('/api/v1/payment/connect/dashboard-link').set(owner.auth)).status).toBe(404);
    await t.http.post(ACCOUNT).set(owner.auth);
    const early = await t.http.post('/api/v1/payment/connect/dashboard-link').set(owner.auth);
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({
      code: 'PAYMENT.CONNECT_ONBOARDING_INCOMPLETE',
      onboarding: 'POST /api/v1/payment/connect/onboarding-link',
    });
    await onboardOwner(t, owner);
    const res = await t.http.post('/api/v1/payment/connect/dashboard-link').set(owner.auth);
    expect(res.status).toBe(201);
    expect(res.body.url).toEqual(expect.any(String));
  });

  describe('a listing takes bookings once its owner can be paid (PAYOUTS_REQUIRE_ONBOARDING)', () => {
    let owner: SignedUpUser;
    let renter: SignedUpUser;
    let productId: string;
    beforeAll(async () => {
      owner = await signUp(t.http);
      renter = await signUp(t.http);
      productId = (await createProduct(t, owner)).id;
    });
    const request = () =>
      t.http
        .post('/api/v1/rentals')
        .set(renter.auth)
        .send({ productId, startDate: utcDay(3), endDate: utcDay(5) });

    it('refuses a request with a 409 naming the onboarding step, and books nothing', async () => {
      const res = await request();
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({
        code: 'RENTAL.OWNER_CANNOT_RECEIVE_PAYOUTS',
        step: 'payout_onboarding',
        onboarding: 'POST /api/v1/payment/connect/onboarding-link',
      });
      const [{ n }] = await t.db.query(
        'SELECT count(*)::int AS n FROM rental.rentals WHERE product_id = $1',
        [productId],
      );
      expect(n).toBe(0);
      await t.http.post(ACCOUNT).set(owner.auth); // an account alone is not enough
      expect((await request()).status).toBe(409);
    });

    it('books once the owner has onboarded', async () => {
      await onboardOwner(t, owner);
      const res = await request();
      expect(res.status).toBe(201);
      expect(res.body.status).toBe('requested');
    });
  });
});

describe('payment: owner onboarding with Stripe (fixture server, signed account.updated webhooks)', () => {
  let t: TestApp;
  let server: StripeFixtureServer;
  let counter = 0;
  beforeAll(async () => {
    server = await StripeFixtureServer.start();
    t = await createTestApp({
      STRIPE_SECRET_KEY: 'sk_test_fixtureserver',
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PORT: String(server.port),
      STRIPE_API_PROTOCOL: 'http',
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      PUBLIC_WEB_URL: WEB,
    });
  });
  afterAll(async () => {
    await t.close();
    await server.close();
  });
  const deliver = (event: { type: string; object: Record<string, unknown>; created?: number }) => {
    const { payload, signature } = signedWebhook({ id: `evt_connect_${++counter}`, ...event });
    return t.http
      .post('/api/v1/payment/webhooks/stripe')
      .set('content-type', 'application/json')
      .set('stripe-signature', signature)
      .send(payload);
  };
  const gatewayAccountOf = async (owner: SignedUpUser): Promise<string> =>
    (await accountRow(t, owner.id)).gateway_account_id;

  it('creates an Express account with the transfers capability and an owner-derived key', async () => {
    const owner = await signUp(t.http);
    const res = await t.http.post(ACCOUNT).set(owner.auth);
    expect(res.status).toBe(201);
    const create = server.requests.filter((r) => r.path === '/v1/accounts').at(-1)!;
    expect(create.form).toMatchObject({
      type: 'express',
      'capabilities[transfers][requested]': 'true',
      'metadata[userId]': owner.id,
    });
    expect(create.headers['idempotency-key']).toBe(`connect-account-${owner.id}`);
    // The published fixture account: nothing submitted, requirements due.
    expect(res.body).toMatchObject({
      detailsSubmitted: false,
      payoutsEnabled: false,
      nextStep: 'onboarding',
    });
    expect(res.body.requirementsDue).toEqual(
      expect.arrayContaining(['external_account', 'tos_acceptance.date']),
    );
  });

  it('asks Account Links for onboarding with return and refresh URLs on PUBLIC_WEB_URL', async () => {
    const owner = await signUp(t.http);
    const res = await t.http.post('/api/v1/payment/connect/onboarding-link').set(owner.auth);
    expect(res.status).toBe(201);
    expect(res.body.url).toMatch(/^https:\/\/connect\.stripe\.com\/setup\//);
    const link = server.requests.filter((r) => r.path === '/v1/account_links').at(-1)!;
    expect(link.form).toEqual({
      account: await gatewayAccountOf(owner),
      type: 'account_onboarding',
      refresh_url: `${WEB}/account/payouts/onboarding/refresh`,
      return_url: `${WEB}/account/payouts/onboarding/return`,
    });
  });

  it('follows account.updated: applied once, a late older event never undoes a newer one', async () => {
    const owner = await signUp(t.http);
    await t.http.post(ACCOUNT).set(owner.auth);
    const id = await gatewayAccountOf(owner);
    const now = Math.floor(Date.now() / 1000);
    const stale = server.connect.updateAccount(id, () => undefined);
    const complete = server.connect.completeOnboarding(id);

    const applied = await deliver({ type: 'account.updated', object: complete, created: now });
    expect(applied.status).toBe(200);
    expect(applied.body).toEqual({ received: true, duplicate: false, outcome: 'applied' });
    expect((await t.http.get(ACCOUNT).set(owner.auth)).body).toMatchObject({
      detailsSubmitted: true,
      chargesEnabled: true,
      payoutsEnabled: true,
      requirementsDue: [],
      disabledReason: null,
      nextStep: 'none',
    });
    const late = await deliver({ type: 'account.updated', object: stale, created: now - 60 });
    expect(late.body.outcome).toBe('ignored');
    expect(await accountRow(t, owner.id)).toMatchObject({ payouts_enabled: true });

    const login = await t.http.post('/api/v1/payment/connect/dashboard-link').set(owner.auth);
    expect(login.status).toBe(201);
    expect(server.requests.at(-1)!.path).toBe(`/v1/accounts/${id}/login_links`);
  });

  it('ignores an account that is not ours and an event that is not a whole account', async () => {
    const stranger = { ...server.fixture('account'), id: 'acct_not_ours' };
    expect((await deliver({ type: 'account.updated', object: stranger })).body.outcome).toBe('ignored');
    expect((await deliver({ type: 'account.updated', object: { id: 'acct_x' } })).body.outcome).toBe(
      'ignored',
    );
  });
});
