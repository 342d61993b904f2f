import { IntentReconciler } from '../../src/modules/payment/application/intent-reconciler';
import { createProduct } from '../support/catalog.factory';
import type { ClaimBody } from '../support/claim.factory';
import {
  claimAction,
  claimState,
  depositCalls,
  fileClaim,
  queueDepositCapture,
  queueDepositRelease,
  returnedPaidRental,
} from '../support/claim.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { addPaymentMethod, drain, ledgerOf, WEBHOOK_SECRET } from '../support/payment.factory';
import { ledgerTotal } from '../support/payout.factory';
import { createRental, moveRental, utcDay } from '../support/rental.factory';
import { StripeFixtureServer } from '../support/stripe-fixture-server';
import { createTestApp, type TestApp } from '../support/test-app';

describe('payment: damage claims refused, and racing answers (Stripe fixture server)', () => {
  let t: TestApp;
  let server: StripeFixtureServer;
  let renter: SignedUpUser;
  let day = 3;
  beforeAll(async () => {
    server = await StripeFixtureServer.start();
    t = await createTestApp({
      STRIPE_SECRET_KEY: 'sk_test_fixtureserver',
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PORT: String(server.port),
      STRIPE_API_PROTOCOL: 'http',
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      EVENTS_RELAY_INTERVAL_MS: '0',
      JOBS_ENABLED: 'false',
    });
    renter = await signUp(t.http);
    await addPaymentMethod(t, renter);
  });
  afterAll(async () => {
    await t.close();
    await server.close();
  });

  const returned = async () => {
    const owner = await signUp(t.http);
    day += 4;
    const rental = await returnedPaidRental(
      t,
      server,
      { owner, renter, product: await createProduct(t, owner) },
      utcDay(day),
    );
    return { owner, rental, deposit: rental.quote.deposit, tag: rental.tag };
  };
  const body = (currency: string, amount: number) => ({ amount, currency, description: 'Scratched lens' });

  it('refuses bad filings with problem+json and changes nothing', async () => {
    const { owner, rental, deposit } = await returned();
    const currency = rental.quote.currency;
    const before = await claimState(t, rental.id);
    const refusals: [SignedUpUser, Record<string, unknown>, number, string][] = [
      [renter, body(currency, 100), 403, 'PAYMENT.CLAIM_OWNER_ONLY'],
      [owner, body(currency, deposit + 1), 422, 'PAYMENT.CLAIM_AMOUNT_ABOVE_DEPOSIT'],
      [owner, body(currency === 'EUR' ? 'USD' : 'EUR', 100), 422, 'PAYMENT.CLAIM_CURRENCY_MISMATCH'],
      [owner, body(currency, 0), 422, 'VALIDATION.FAILED'],
      [owner, body(currency, -5), 422, 'VALIDATION.FAILED'],
      [owner, body(currency, 1.5), 422, 'VALIDATION.FAILED'],
      [owner, { ...body(currency, 100), photos: Array(11).fill('p.jpg') }, 422, 'VALIDATION.FAILED'],
      [owner, { ...body(currency, 100), description: ' ' }, 422, 'VALIDATION.FAILED'],
      [owner, { ...body(currency, 100), description: 'x'.repeat(4001) }, 422, 'VALIDATION.FAILED'],
    ];
    for (const [actor, payload, status, code] of refusals) {
      const res = await fileClaim(t, actor, rental.id, payload);
      expect([res.status, res.body.code]).toEqual([status, code]);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const stranger = await signUp(t.http);
    const hidden = await fileClaim(t, stranger, rental.id, body(currency, 100));
    expect([hidden.status, hidden.body.code]).toEqual([404, 'PAYMENT.RENTAL_NOT_FOUND']);
    expect(await claimState(t, rental.id)).toEqual(before);

    // One claim per rental.
    expect((await fileClaim(t, owner, rental.id, body(currency, 100))).status).toBe(201);
    const filed = await claimState(t, rental.id);
    const second = await fileClaim(t, owner, rental.id, body(currency, 50));
    expect([second.status, second.body.code]).toEqual([409, 'PAYMENT.CLAIM_ALREADY_FILED']);
    expect(await claimState(t, rental.id)).toEqual(filed);
  });

  it('answers a retried filing with its Idempotency-Key with the first claim, not a 409', async () => {
    const { owner, rental } = await returned();
    const currency = rental.quote.currency;
    const keyed = (payload: Record<string, unknown>, key: string) =>
      t.http
        .post(`/api/v1/payment/rentals/${rental.id}/claims`)
        .set(owner.auth)
        .set('Idempotency-Key', key)
        .send(payload);
    const first = await keyed(body(currency, 300), 'claim-key-0001');
    expect(first.status).toBe(201);
    const filed = await claimState(t, rental.id);
    // The answer was lost on the way: the owner's app sends the same request again.
    const retry = await keyed(body(currency, 300), 'claim-key-0001');
    expect([retry.status, retry.body.id, retry.body.amount]).toEqual([201, first.body.id, 300]);
    const reused = await keyed(body(currency, 200), 'claim-key-0001');
    expect([reused.status, reused.body.code]).toEqual([422, 'IDEMPOTENCY.KEY_REUSED']);
    const another = await keyed(body(currency, 300), 'claim-key-0002');
    expect([another.status, another.body.code]).toEqual([409, 'PAYMENT.CLAIM_ALREADY_FILED']);
    expect(await claimState(t, rental.id)).toEqual(filed);
    const [stored] = await t.db.query(
      `SELECT count(*)::int AS n FROM payment.idempotency_keys WHERE user_id = $1 AND key LIKE 'claim-key-%'`,
      [owner.id],
    );
    expect(stored.n).toBe(1);
  });

  it('refuses a claim before the return and after completion (the window)', async () => {
    const owner = await signUp(t.http);
    const product = await createProduct(t, owner);
    day += 4;
    const early = await createRental(t, renter, product, {
      startDate: utcDay(day),
      endDate: utcDay(day + 2),
    });
    await drain(t);
    await moveRental(t, early, owner, 'accepted');
    const before = await fileClaim(t, owner, early.id, body(early.quote.currency, 100));
    expect([before.status, before.body.code]).toEqual([409, 'PAYMENT.CLAIM_WINDOW_CLOSED']);

    const { owner: later, rental, deposit, tag } = await returned();
    queueDepositRelease(server, tag, deposit);
    await moveRental(t, rental, later, 'completed');
    await drain(t);
    const after = await fileClaim(t, later, rental.id, body(rental.quote.currency, 100));
    expect([after.status, after.body.code, after.body.rentalStatus]).toEqual([
      409,
      'PAYMENT.CLAIM_WINDOW_CLOSED',
      'completed',
    ]);
    expect((await claimState(t, rental.id)).claims).toBe(0);
  });

  it('refuses moves the status or the party does not allow', async () => {
    const { owner, rental } = await returned();
    const claim = (await fileClaim(t, owner, rental.id, body(rental.quote.currency, 100))).body as ClaimBody;
    const wrongParty = await claimAction(t, owner, claim.id, 'accept');
    expect([wrongParty.status, wrongParty.body.code]).toEqual([403, 'PAYMENT.CLAIM_ACTION_NOT_ALLOWED']);
    expect((await claimAction(t, renter, claim.id, 'withdraw')).status).toBe(403);
    const stranger = await signUp(t.http);
    expect((await claimAction(t, stranger, claim.id, 'dispute')).status).toBe(404);
    const resolveByUser = await t.http
      .post(`/api/v1/admin/claims/${claim.id}/resolution`)
      .set(owner.auth)
      .send({ amount: 0, note: 'mine' });
    expect(resolveByUser.status).toBe(403);
    const unchanged = await claimState(t, rental.id);
    expect(unchanged.statuses).toEqual(['open']);

    expect((await claimAction(t, renter, claim.id, 'dispute')).status).toBe(200);
    const state = await claimState(t, rental.id);
    for (const [actor, action] of [
      [renter, 'accept'],
      [renter, 'dispute'],
      [owner, 'withdraw'],
    ] as const) {
      const res = await claimAction(t, actor, claim.id, action);
      expect([res.status, res.body.code]).toEqual([409, 'PAYMENT.CLAIM_NOT_OPEN']);
    }
    expect(await claimState(t, rental.id)).toEqual(state);
  });

  it('20 racing answers, completions and reconciliations: one outcome, the deposit moved at most once', async () => {
    const { owner, rental, deposit, tag } = await returned();
    const claim = (await fileClaim(t, owner, rental.id, body(rental.quote.currency, 900))).body as ClaimBody;
    queueDepositCapture(server, tag, deposit, 900);
    queueDepositRelease(server, tag, deposit);
    const reconciler = t.app.get(IntentReconciler);
    const racers: Promise<{ status: number; body: { status?: string; code?: string } }>[] = [];
    for (let i = 0; i < 20; i++) {
      if (i % 5 === 0) racers.push(claimAction(t, renter, claim.id, 'accept'));
      else if (i % 5 === 1) racers.push(claimAction(t, renter, claim.id, 'dispute'));
      else if (i % 5 === 2) racers.push(claimAction(t, owner, claim.id, 'withdraw'));
      else if (i % 5 === 3)
        racers.push(t.http.put(`/api/v1/rentals/${rental.id}`).set(owner.auth).send({ status: 'completed' }));
      else racers.push(reconciler.reconcile(claim.intentId).then(() => ({ status: 0, body: {} })));
    }
    const answers = await Promise.all(racers);
    await drain(t);
    const claimAnswers = answers.filter((_, i) => i % 5 < 3);
    const won = claimAnswers.filter((r) => r.status === 200);
    expect(won).toHaveLength(1);
    expect(claimAnswers.filter((r) => r.status !== 200).map((r) => r.body.code)).toEqual(
      Array(11).fill('PAYMENT.CLAIM_NOT_OPEN'),
    );
    const outcome = won[0].body.status;
    const [row] = await t.db.query('SELECT status FROM payment.claims WHERE id = $1', [claim.id]);
    expect(row.status).toBe(outcome);
    expect(
      (await t.db.query('SELECT status FROM payment.claim_status_changes WHERE claim_id = $1', [claim.id]))
        .length,
    ).toBe(2);
    // At Stripe: the claim's one capture, or (withdrawn, then completed) the rental's one release.
    const calls = depositCalls(server, tag);
    const expected = {
      accepted: [`capture claim-${claim.id}-deposit-capture`],
      disputed: [],
      withdrawn: [`cancel rental-${rental.id}-deposit-cancel`],
    }[outcome as 'accepted' | 'disputed' | 'withdrawn'];
    expect(calls).toEqual(expected);
    const ledger = await ledgerOf(t, rental.id);
    expect(ledger.held_deposit ?? 0).toBe(outcome === 'disputed' ? deposit : 0);
    expect(await ledgerTotal(t, rental.id)).toBe(0);
  });
});
