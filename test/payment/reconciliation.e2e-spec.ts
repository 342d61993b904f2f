import { RECONCILE_WITH_GATEWAY_JOB } from '../../src/modules/payment/application/reconciliation.job';
import { JobScheduler } from '../../src/platform/jobs/job-scheduler';
import { createProduct } from '../support/catalog.factory';
import { deliverWebhook, disputeRow, gatewayIntentOf, onboardAtStripe } from '../support/dispute.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { LogCapture } from '../support/log-capture';
import { addPaymentMethod, drain, WEBHOOK_SECRET } from '../support/payment.factory';
import { completedPaidRental, HOUR, payoutRow, releasePayouts } from '../support/payout.factory';
import { createRental, utcDay } from '../support/rental.factory';
import { StripeFixtureServer } from '../support/stripe-fixture-server';
import { createTestApp, type TestApp } from '../support/test-app';

describe('payment: reconciliation with Stripe (fixture server)', () => {
  let t: TestApp;
  let server: StripeFixtureServer;
  let renter: SignedUpUser;
  let day = 3;
  const logs = new LogCapture();
  beforeAll(async () => {
    server = await StripeFixtureServer.start();
    t = await createTestApp(
      {
        STRIPE_SECRET_KEY: 'sk_test_fixtureserver',
        STRIPE_API_HOST: '127.0.0.1',
        STRIPE_API_PORT: String(server.port),
        STRIPE_API_PROTOCOL: 'http',
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        EVENTS_RELAY_INTERVAL_MS: '0',
        JOBS_ENABLED: 'false',
        METRICS_ENABLED: 'true',
        LOG_LEVEL: 'info',
      },
      { logDestination: logs },
    );
    renter = await signUp(t.http);
    await addPaymentMethod(t, renter);
  });
  afterAll(async () => {
    await t.close();
    await server.close();
  });

  /** A rental paid, completed and paid out to its owner through the fixture server. */
  const paidOut = async () => {
    const owner = await signUp(t.http);
    await onboardAtStripe(t, server, owner);
    day += 4;
    const rental = await completedPaidRental(
      t,
      server,
      { owner, renter, product: await createProduct(t, owner) },
      utcDay(day),
    );
    const row = await payoutRow(t, rental.id);
    await releasePayouts(t, new Date(row.release_after.getTime() + HOUR));
    const [{ id: intentId }] = await t.db.query(
      `SELECT id FROM payment.payment_intents WHERE rental_id = $1`,
      [rental.id],
    );
    return { rental, intentId: intentId as string, charge: await gatewayIntentOf(t, rental.id) };
  };
  /** The job, an hour from now: what changed in the last minutes is left for a later run. */
  const reconcile = () =>
    t.app.get(JobScheduler).runNow(RECONCILE_WITH_GATEWAY_JOB, new Date(Date.now() + HOUR));
  const driftOf = async (type: string, id: string) => {
    const [row] = await t.db.query(
      'SELECT drifts FROM payment.reconciliation_subjects WHERE subject_type = $1 AND subject_id = $2',
      [type, id],
    );
    return row?.drifts ?? null;
  };
  const gauge = async (kind: string): Promise<number> => {
    const text = (await t.http.get('/metrics')).text;
    const line = new RegExp(`^payment_reconciliation_drift\\{kind="${kind}"\\} (\\d+)$`, 'm').exec(text);
    if (!line) throw new Error(`no payment_reconciliation_drift{kind="${kind}"} in /metrics`);
    return Number(line[1]);
  };
  const logged = (event: string, subjectId: string) =>
    logs.entries().filter((e) => e.event === event && e.subjectId === subjectId);
  /** What a run must never do: move money or change our records of it. */
  const moneyState = async (rentalId: string) => ({
    ledger: await t.db.query('SELECT count(*)::int AS n FROM payment.ledger_entries WHERE rental_id = $1', [
      rentalId,
    ]),
    legs: await t.db.query(
      `SELECT l.* FROM payment.payment_legs l JOIN payment.payment_intents i ON i.id = l.intent_id
       WHERE i.rental_id = $1 ORDER BY l.kind`,
      [rentalId],
    ),
    payouts: await t.db.query(
      'SELECT status, amount, gateway_transfer_id FROM payment.payouts WHERE rental_id = $1',
      [rentalId],
    ),
  });
  const gatewayWrites = () => server.requests.filter((r) => r.method !== 'GET').length;

  it('finds a paid-out rental in agreement with Stripe: no drift, nothing logged, the gauge at zero', async () => {
    const { rental, intentId } = await paidOut();
    expect(await reconcile()).toBe(true);
    expect(await driftOf('intent', intentId)).toEqual([]);
    expect(await driftOf('rental_transfers', rental.id)).toEqual([]);
    expect(logged('payment.reconciliation.drift', intentId)).toEqual([]);
    expect(await gauge('intent_refunded')).toBe(0);
    expect(await gauge('transfer_unrecorded')).toBe(0);
    const text = (await t.http.get('/metrics')).text;
    const at = Number(/^payment_reconciliation_last_check_timestamp_seconds (\S+)$/m.exec(text)![1]);
    expect(at).toBeGreaterThan(Date.now() / 1000);
  });

  it('reports a refund made at Stripe that we never recorded, and clears it once they agree again', async () => {
    const { rental, intentId, charge } = await paidOut();
    const before = await moneyState(rental.id);
    const writes = gatewayWrites();
    server.refunded.set(charge, 500); // planted: Stripe's charge says 500 was refunded

    await reconcile();
    expect(await driftOf('intent', intentId)).toEqual([
      { kind: 'intent_refunded', item: 'charge', ours: 0, theirs: 500 },
    ]);
    expect(await gauge('intent_refunded')).toBe(1);
    expect(logged('payment.reconciliation.drift', intentId)).toEqual([
      expect.objectContaining({
        level: 'warn',
        msg: 'payment reconciliation drift',
        subjectType: 'intent',
        rentalId: rental.id,
        kind: 'intent_refunded',
        item: 'charge',
        ours: 0,
        theirs: 500,
      }),
    ]);
    // Reported, never fixed: no refund recorded, no journal, nothing asked of Stripe.
    expect(await moneyState(rental.id)).toEqual(before);
    expect(gatewayWrites()).toBe(writes);
    // Still there on the next run: reported once, counted while it lasts.
    await reconcile();
    expect(logged('payment.reconciliation.drift', intentId)).toHaveLength(1);
    expect(await gauge('intent_refunded')).toBe(1);

    server.refunded.delete(charge);
    await reconcile();
    expect(await driftOf('intent', intentId)).toEqual([]);
    expect(await gauge('intent_refunded')).toBe(0);
    expect(logged('payment.reconciliation.resolved', intentId)).toEqual([
      expect.objectContaining({ level: 'info', kind: 'intent_refunded', item: 'charge' }),
    ]);
  });

  it("reports a row changed behind the ledger's back, against both Stripe and our ledger", async () => {
    const { intentId } = await paidOut();
    await t.db.query(
      `UPDATE payment.payment_legs SET amount_refunded = 100 WHERE intent_id = $1 AND kind = 'charge'`,
      [intentId],
    );
    await reconcile();
    expect(await driftOf('intent', intentId)).toEqual([
      { kind: 'intent_refunded', item: 'charge', ours: 100, theirs: 0 },
      { kind: 'ledger_refunded', item: 'charge', ours: 100, theirs: 0 },
    ]);
    expect(await gauge('ledger_refunded')).toBe(1);
    expect(logged('payment.reconciliation.drift', intentId).map((e) => e.kind)).toEqual([
      'intent_refunded',
      'ledger_refunded',
    ]);
    await t.db.query(
      `UPDATE payment.payment_legs SET amount_refunded = 0 WHERE intent_id = $1 AND kind = 'charge'`,
      [intentId],
    );
    await reconcile();
    expect(await gauge('ledger_refunded')).toBe(0);
    expect(logged('payment.reconciliation.resolved', intentId)).toHaveLength(2);
  });

  it("reports a share sent twice at Stripe (a transfer in the rental's group we never recorded)", async () => {
    const { rental } = await paidOut();
    const group = `rental-${rental.id}`;
    const [sent] = [...server.connect.transfers.values()].filter((tr) => tr.transfer_group === group);
    server.connect.transfers.set('tr_planted_twice', { ...structuredClone(sent), id: 'tr_planted_twice' });

    await reconcile();
    expect(await driftOf('rental_transfers', rental.id)).toEqual([
      { kind: 'transfer_unrecorded', item: 'tr_planted_twice', ours: null, theirs: rental.quote.subtotal },
      { kind: 'transfer_amount', item: null, ours: rental.quote.subtotal, theirs: 2 * rental.quote.subtotal },
    ]);
    expect(await gauge('transfer_unrecorded')).toBe(1);
    expect(logged('payment.reconciliation.drift', rental.id).map((e) => e.kind)).toEqual([
      'transfer_unrecorded',
      'transfer_amount',
    ]);
    expect(server.requests.filter((r) => /\/reversals$/.test(r.path))).toEqual([]);
    server.connect.transfers.delete('tr_planted_twice');
    await reconcile();
    expect(await gauge('transfer_unrecorded')).toBe(0);
  });

  it('reports a dispute Stripe closed whose webhook never arrived', async () => {
    const { rental } = await paidOut();
    const object = server.disputes.open({
      paymentIntent: await gatewayIntentOf(t, rental.id),
      amount: rental.quote.subtotal + rental.quote.platformFee,
      currency: rental.quote.currency,
    });
    await deliverWebhook(t, { type: 'charge.dispute.created', object });
    const row = await disputeRow(t, object.id as string);
    server.disputes.move(object.id as string, 'lost');
    await reconcile();
    expect(await driftOf('dispute', row.id)).toEqual([
      { kind: 'dispute_status', item: null, ours: 'needs_response', theirs: 'lost' },
    ]);
    expect(await gauge('dispute_status')).toBe(1);
    expect((await disputeRow(t, object.id as string)).status).toBe('needs_response');
    await deliverWebhook(t, {
      type: 'charge.dispute.closed',
      object: server.disputes.move(object.id as string, 'lost'),
    });
    await t.db.query(`UPDATE payment.disputes SET updated_at = now() - interval '1 hour' WHERE id = $1`, [
      row.id,
    ]);
    await reconcile();
    expect(await gauge('dispute_status')).toBe(0);
  });

  it('reports a hold that lapsed at Stripe while we still count it held', async () => {
    const owner = await signUp(t.http);
    const rental = await createRental(t, renter, await createProduct(t, owner), {
      startDate: utcDay(day + 30),
      endDate: utcDay(day + 32),
    });
    const held = (id: string, amount: number) => (pi: Record<string, unknown>) => ({
      status: 200,
      body: {
        ...pi,
        id,
        status: 'requires_capture',
        amount,
        amount_capturable: amount,
        last_payment_error: null,
      },
    });
    server.respondOnce(
      'POST',
      /^\/v1\/payment_intents$/,
      held(`pi_lapse_c_${rental.id}`, rental.quote.subtotal + rental.quote.platformFee),
    );
    server.respondOnce(
      'POST',
      /^\/v1\/payment_intents$/,
      held(`pi_lapse_d_${rental.id}`, rental.quote.deposit),
    );
    await drain(t);
    const [{ id: intentId }] = await t.db.query(
      `SELECT id FROM payment.payment_intents WHERE rental_id = $1`,
      [rental.id],
    );
    server.intents.get(`pi_lapse_d_${rental.id}`)!.status = 'canceled'; // the card network let it lapse

    await reconcile();
    expect(await driftOf('intent', intentId)).toEqual([
      { kind: 'intent_status', item: 'deposit', ours: 'requires_capture', theirs: 'canceled' },
    ]);
    expect(await gauge('intent_status')).toBe(1);
  });
});
