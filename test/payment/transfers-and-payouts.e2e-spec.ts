import { OwnerPayouts } from '../../src/modules/payment/application/owner-payouts';
import { PayoutHolds } from '../../src/modules/payment/application/payout-holds';
import { PaymentPersonalDataExport } from '../../src/modules/payment/application/personal-data-export';
import { PayoutSent } from '../../src/modules/payment/contracts/payment.events';
import { createProduct } from '../support/catalog.factory';
import { onboardOwner } from '../support/connect.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { addPaymentMethod, drain, ledgerOf, signedWebhook, WEBHOOK_SECRET } from '../support/payment.factory';
import { completedPaidRental, HOUR, ledgerTotal, payoutRow, releasePayouts } from '../support/payout.factory';
import { completeRental, utcDay } from '../support/rental.factory';
import { StripeFixtureServer, stripeError } from '../support/stripe-fixture-server';
import { createTestApp, type TestApp } from '../support/test-app';

describe('payment: transfers and payouts through Stripe (fixture server)', () => {
  let t: TestApp;
  let server: StripeFixtureServer;
  let renter: SignedUpUser;
  let day = 3;
  let events = 0;
  beforeAll(async () => {
    server = await StripeFixtureServer.start();
    t = await createTestApp({
      STRIPE_SECRET_KEY: 'sk_test_fixtureserver',
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PORT: String(server.port),
      STRIPE_API_PROTOCOL: 'http',
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      EVENTS_RELAY_INTERVAL_MS: '0',
    });
    renter = await signUp(t.http);
    await addPaymentMethod(t, renter);
  });
  afterAll(async () => {
    await t.close();
    await server.close();
  });

  const deliver = (event: { type: string; object: Record<string, unknown>; account?: string }) => {
    const { payload, signature } = signedWebhook({ id: `evt_payout_${++events}`, ...event });
    return t.http
      .post('/api/v1/payment/webhooks/stripe')
      .set('content-type', 'application/json')
      .set('stripe-signature', signature)
      .send(payload);
  };
  const accountOf = async (owner: SignedUpUser): Promise<string> => {
    const [row] = await t.db.query(
      'SELECT gateway_account_id FROM payment.connected_accounts WHERE user_id = $1',
      [owner.id],
    );
    return row.gateway_account_id;
  };
  /** The owner onboards at Stripe; Stripe tells us by a signed account.updated. */
  const onboardAtStripe = async (owner: SignedUpUser) => {
    await t.http.post('/api/v1/payment/connect/account').set(owner.auth);
    const account = server.connect.completeOnboarding(await accountOf(owner));
    expect((await deliver({ type: 'account.updated', object: account })).body.outcome).toBe('applied');
  };
  const owner = async (onboarded = true) => {
    const user = await signUp(t.http);
    if (onboarded) await onboardAtStripe(user);
    return { user, product: await createProduct(t, user) };
  };
  const completed = async (o: { user: SignedUpUser; product: { id: string } }) => {
    day += 4;
    return completedPaidRental(t, server, { owner: o.user, renter, product: o.product }, utcDay(day));
  };
  const later = (row: { release_after: Date }, hours: number) =>
    new Date(row.release_after.getTime() + hours * HOUR);

  it("transfers the owner's share once, PAYOUT_DELAY_HOURS after completion, in the rental's transfer group", async () => {
    const o = await owner();
    const rental = await completed(o);
    const group = `rental-${rental.id}`;
    const created = server.requests.filter(
      (r) => r.path === '/v1/payment_intents' && r.form['metadata[reference]'] === group,
    );
    expect(created.map((r) => r.form.transfer_group)).toEqual([group, group]);

    const scheduled = await payoutRow(t, rental.id);
    expect(scheduled).toMatchObject({
      status: 'pending',
      amount: rental.quote.subtotal,
      owner_id: o.user.id,
    });
    const completedAt = Date.parse(rental.updatedAt);
    expect(Math.abs(scheduled.release_after.getTime() - (completedAt + 48 * HOUR))).toBeLessThan(5_000);

    expect(await releasePayouts(t, later(scheduled, -1))).toBe(true);
    expect(server.transfersOf(group)).toHaveLength(0);
    expect((await payoutRow(t, rental.id)).status).toBe('pending');

    await releasePayouts(t, later(scheduled, 1));
    const [transfer] = server.transfersOf(group);
    expect(server.transfersOf(group)).toHaveLength(1);
    expect(transfer.form).toMatchObject({
      amount: String(rental.quote.subtotal),
      currency: rental.quote.currency.toLowerCase(),
      destination: await accountOf(o.user),
      transfer_group: group,
      'metadata[rentalId]': rental.id,
    });
    expect(transfer.headers['idempotency-key']).toBe(`rental-${rental.id}-charge-transfer`);
    const sent = await payoutRow(t, rental.id);
    expect(sent).toMatchObject({ status: 'transferred', amount: rental.quote.subtotal });
    expect(sent.gateway_transfer_id).toMatch(/^tr_/);

    expect(await ledgerOf(t, rental.id)).toMatchObject({
      owner_payable: 0,
      owner_transferred: rental.quote.subtotal,
      platform_fee: rental.quote.platformFee,
      // The deposit went back to the renter: they paid the subtotal and the fee.
      payer_funds: -(rental.quote.subtotal + rental.quote.platformFee),
      held_deposit: 0,
    });
    expect(await ledgerTotal(t, rental.id)).toBe(0);
    const outbox = await t.db.query(
      `SELECT payload FROM payment.outbox_events WHERE type = $1 AND payload->>'rentalId' = $2`,
      [PayoutSent.type, rental.id],
    );
    expect(outbox.map((r: { payload: unknown }) => r.payload)).toEqual([
      expect.objectContaining({
        payoutId: sent.id,
        ownerId: o.user.id,
        amount: rental.quote.subtotal,
        currency: rental.quote.currency,
      }),
    ]);
  });

  it('moves exactly one transfer when twenty job runs, releases and completions race on one rental', async () => {
    const o = await owner();
    const rental = await completed(o);
    const row = await payoutRow(t, rental.id);
    const at = later(row, 1);
    const payouts = t.app.get(OwnerPayouts);
    await Promise.all([
      ...Array.from({ length: 8 }, () => releasePayouts(t, at)),
      ...Array.from({ length: 8 }, () => payouts.release(row.id, at).catch(() => false)),
      ...Array.from({ length: 4 }, () => t.db.transaction((m) => payouts.schedule(m, rental.id, new Date()))),
    ]);
    await releasePayouts(t, at);
    expect(server.transfersOf(`rental-${rental.id}`)).toHaveLength(1);
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM payment.payouts WHERE rental_id = $1', [
      rental.id,
    ]);
    expect(n).toBe(1);
    const journals = await t.db.query(
      `SELECT DISTINCT journal_key FROM payment.ledger_entries WHERE rental_id = $1 AND journal_type = 'transfer'`,
      [rental.id],
    );
    expect(journals).toHaveLength(1);
    expect(await ledgerOf(t, rental.id)).toMatchObject({
      owner_payable: 0,
      owner_transferred: rental.quote.subtotal,
    });
    expect(await ledgerTotal(t, rental.id)).toBe(0);
  });

  it('never releases a held payout; lifting the hold lets it go', async () => {
    const o = await owner();
    const rental = await completed(o);
    const row = await payoutRow(t, rental.id);
    const holds = t.app.get(PayoutHolds);
    const hold = { rentalId: rental.id, reason: 'claim' as const, reference: 'claim-1' };
    expect(await t.db.transaction((m) => holds.place(m, hold))).toEqual({ payoutStatus: 'pending' });

    await releasePayouts(t, later(row, 24 * 30));
    await t.app.get(OwnerPayouts).release(row.id, later(row, 24 * 30));
    expect(server.transfersOf(`rental-${rental.id}`)).toHaveLength(0);
    expect((await payoutRow(t, rental.id)).status).toBe('pending');
    const listed = await t.http.get('/api/v1/payment/payouts').set(o.user.auth);
    expect(listed.body.items[0]).toMatchObject({
      rentalId: rental.id,
      status: 'pending',
      waitingFor: 'hold',
    });

    await t.db.transaction((m) => holds.lift(m, hold));
    await releasePayouts(t, later(row, 24 * 30));
    expect(server.transfersOf(`rental-${rental.id}`)).toHaveLength(1);
    expect((await payoutRow(t, rental.id)).status).toBe('transferred');
  });

  it("keeps an unonboarded owner's share owed until they can receive it", async () => {
    const o = await owner(false);
    const rental = await completed(o);
    const row = await payoutRow(t, rental.id);
    await releasePayouts(t, later(row, 1));
    expect(server.transfersOf(`rental-${rental.id}`)).toHaveLength(0);
    const page = await t.http.get('/api/v1/payment/payouts').set(o.user.auth);
    expect(page.body.items).toEqual([
      expect.objectContaining({ status: 'pending', waitingFor: 'onboarding', amount: rental.quote.subtotal }),
    ]);
    expect(await ledgerOf(t, rental.id)).toMatchObject({ owner_payable: rental.quote.subtotal });

    await onboardAtStripe(o.user);
    await releasePayouts(t, later(row, 2));
    expect(server.transfersOf(`rental-${rental.id}`)).toHaveLength(1);
  });

  it('retries a refused transfer with a new key, and a timed-out one with the same key', async () => {
    const o = await owner();
    const rental = await completed(o);
    const row = await payoutRow(t, rental.id);
    server.respondOnce('POST', /^\/v1\/transfers$/, () => ({
      status: 400,
      body: stripeError('invalid_request_error', 'Insufficient funds in Stripe account.', {
        code: 'balance_insufficient',
      }),
    }));
    await releasePayouts(t, later(row, 1));
    expect(await payoutRow(t, rental.id)).toMatchObject({ status: 'pending', refusals: 1 });
    expect((await payoutRow(t, rental.id)).last_error).toContain('balance_insufficient');
    expect(await ledgerOf(t, rental.id)).toMatchObject({ owner_payable: rental.quote.subtotal });

    await releasePayouts(t, later(row, 2));
    const attempts = server.transfersOf(`rental-${rental.id}`).map((r) => r.headers['idempotency-key']);
    expect(attempts).toEqual([
      `rental-${rental.id}-charge-transfer`,
      `rental-${rental.id}-charge-transfer-1`,
    ]);
    expect((await payoutRow(t, rental.id)).status).toBe('transferred');
    expect(await ledgerTotal(t, rental.id)).toBe(0);
  });

  it('marks transfers paid out when the account pays out to its bank (payout.paid), once', async () => {
    const o = await owner();
    const rental = await completed(o);
    const row = await payoutRow(t, rental.id);
    await releasePayouts(t, later(row, 1));
    const account = await accountOf(o.user);
    const payout = {
      ...server.fixture('payout'),
      id: 'po_fixture_paid',
      status: 'paid',
      created: Math.floor(Date.now() / 1000) + 5,
    };
    const first = await deliver({ type: 'payout.paid', object: payout, account });
    expect(first.body.outcome).toBe('applied');
    expect(await payoutRow(t, rental.id)).toMatchObject({
      status: 'paid_out',
      gateway_payout_id: 'po_fixture_paid',
    });
    expect(await ledgerOf(t, rental.id)).toMatchObject({
      owner_payable: 0,
      owner_transferred: 0,
      owner_paid_out: rental.quote.subtotal,
    });
    const again = await deliver({ type: 'payout.paid', object: payout, account });
    expect(again.body.outcome).toBe('ignored');
    expect(await ledgerTotal(t, rental.id)).toBe(0);
  });

  it("puts the payout account's state and the payouts in the owner's data export, never a gateway id", async () => {
    const o = await owner();
    const rental = await completed(o);
    const row = await payoutRow(t, rental.id);
    await releasePayouts(t, later(row, 1));
    const doc = await t.app.get(PaymentPersonalDataExport).export(o.user.id);
    expect(doc.payoutAccount).toMatchObject({
      payoutsEnabled: true,
      detailsSubmitted: true,
      requirementsDue: [],
    });
    expect(doc.payouts).toEqual([
      expect.objectContaining({ rentalId: rental.id, status: 'transferred', amount: rental.quote.subtotal }),
    ]);
    const text = JSON.stringify(doc);
    expect(text).not.toContain(await accountOf(o.user));
    expect(text).not.toContain((await payoutRow(t, rental.id)).gateway_transfer_id);
  });

  describe('what owners and renters see', () => {
    let o: { user: SignedUpUser; product: { id: string } };
    let rentals: { id: string; quote: { subtotal: number; platformFee: number; total: number } }[];
    beforeAll(async () => {
      o = await owner();
      rentals = [await completed(o), await completed(o)];
    });

    it("lists the owner's payouts in keyset pages, newest first", async () => {
      const first = await t.http.get('/api/v1/payment/payouts?limit=1').set(o.user.auth);
      expect(first.status).toBe(200);
      expect(first.body.items.map((p: { rentalId: string }) => p.rentalId)).toEqual([rentals[1].id]);
      expect(first.body.items[0]).toMatchObject({ status: 'pending', waitingFor: 'release_time' });
      const second = await t.http
        .get(`/api/v1/payment/payouts?limit=1&cursor=${first.body.nextCursor}`)
        .set(o.user.auth);
      expect(second.body.items.map((p: { rentalId: string }) => p.rentalId)).toEqual([rentals[0].id]);
      expect(second.body.nextCursor).toBeNull();
      expect((await t.http.get('/api/v1/payment/payouts').set(renter.auth)).body.items).toEqual([]);
    });

    it('refuses bad list input with problem+json', async () => {
      for (const query of [
        'limit=0',
        'limit=1000',
        'cursor=not*a*cursor',
        'cursor=bm90LWEtY3Vyc29y',
        'other=1',
      ]) {
        const res = await t.http.get(`/api/v1/payment/payouts?${query}`).set(o.user.auth);
        expect(res.status).toBe(422);
        expect(res.headers['content-type']).toContain('application/problem+json');
      }
    });

    it("shows each rental's breakdown to its owner (with the payout) and renter (without), 404 to anyone else", async () => {
      const [rental] = rentals;
      const mine = await t.http.get(`/api/v1/payment/rentals/${rental.id}/breakdown`).set(o.user.auth);
      expect(mine.status).toBe(200);
      expect(mine.body).toMatchObject({
        rentalId: rental.id,
        role: 'owner',
        subtotal: rental.quote.subtotal,
        platformFee: rental.quote.platformFee,
        total: rental.quote.subtotal + rental.quote.platformFee,
        captured: rental.quote.subtotal + rental.quote.platformFee,
        refunded: 0,
        ownerShare: rental.quote.subtotal,
        payout: { status: 'pending', amount: rental.quote.subtotal, waitingFor: 'release_time' },
      });
      const theirs = await t.http.get(`/api/v1/payment/rentals/${rental.id}/breakdown`).set(renter.auth);
      expect(theirs.body).toMatchObject({ role: 'renter', ownerShare: rental.quote.subtotal, payout: null });
      const stranger = await signUp(t.http);
      const hidden = await t.http.get(`/api/v1/payment/rentals/${rental.id}/breakdown`).set(stranger.auth);
      expect(hidden.status).toBe(404);
      expect(hidden.body.code).toBe('PAYMENT.RENTAL_NOT_FOUND');
      expect((await t.http.get('/api/v1/payment/rentals/not-a-uuid/breakdown').set(o.user.auth)).status).toBe(
        422,
      );
    });
  });
});

describe('payment: payouts with the embedded sandbox', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ EVENTS_RELAY_INTERVAL_MS: '0', PAYOUTS_REQUIRE_ONBOARDING: 'true' });
  });
  afterAll(() => t.close());

  it('onboards the owner on the sandbox page, then transfers their share after completion', async () => {
    const owner = await signUp(t.http);
    const renter = await signUp(t.http);
    await addPaymentMethod(t, renter);
    await onboardOwner(t, owner);
    const product = await createProduct(t, owner);
    const rental = await completeRental(t, owner, renter, product, {
      startDate: utcDay(4),
      endDate: utcDay(6),
    });
    await drain(t);
    const row = await payoutRow(t, rental.id);
    await releasePayouts(t, new Date(row.release_after.getTime() + HOUR));
    expect(await payoutRow(t, rental.id)).toMatchObject({
      status: 'transferred',
      amount: rental.quote.subtotal,
    });
    const transfers = await t.db.query(
      `SELECT data FROM payment.sandbox_objects WHERE type = 'transfer' AND data->>'transfer_group' = $1`,
      [`rental-${rental.id}`],
    );
    expect(transfers.map((r: { data: { amount: number } }) => r.data.amount)).toEqual([
      rental.quote.subtotal,
    ]);
    expect(await ledgerTotal(t, rental.id)).toBe(0);
  });
});
