import { DisputeClosed, DisputeOpened } from '../../src/modules/payment/contracts/dispute.events';
import { createProduct } from '../support/catalog.factory';
import {
  deliverWebhook,
  disputeRow,
  gatewayIntentOf,
  onboardAtStripe,
  outboxPayloads,
} from '../support/dispute.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { addPaymentMethod, ledgerOf, WEBHOOK_SECRET } from '../support/payment.factory';
import { completedPaidRental, HOUR, ledgerTotal, payoutRow, releasePayouts } from '../support/payout.factory';
import type { RentalBody } from '../support/rental.factory';
import { utcDay } from '../support/rental.factory';
import { StripeFixtureServer } from '../support/stripe-fixture-server';
import { createTestApp, type TestApp } from '../support/test-app';

describe('payment: disputes through Stripe webhooks (fixture server)', () => {
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

  /** A rental of an onboarded owner, paid and completed: its owner's payout waits for its time. */
  const completed = async () => {
    const owner = await signUp(t.http);
    await onboardAtStripe(t, server, owner);
    day += 4;
    const rental = await completedPaidRental(
      t,
      server,
      { owner, renter, product: await createProduct(t, owner) },
      utcDay(day),
    );
    return { owner, rental, charged: rental.quote.subtotal + rental.quote.platformFee };
  };
  /** The bank opens a dispute on the rental's charge: Stripe's object, and its webhook. */
  const dispute = async (
    rental: RentalBody,
    options: { amount?: number; reason?: string; status?: string } = {},
  ) => {
    const object = server.disputes.open({
      paymentIntent: await gatewayIntentOf(t, rental.id),
      amount: options.amount ?? rental.quote.subtotal + rental.quote.platformFee,
      currency: rental.quote.currency,
      reason: options.reason,
      status: options.status,
    });
    return object;
  };
  const tell = (type: string, object: Record<string, unknown>) => deliverWebhook(t, { type, object });
  const afterRelease = async (rentalId: string) => {
    const row = await payoutRow(t, rentalId);
    return new Date(row.release_after.getTime() + HOUR);
  };
  const openHolds = async (rentalId: string) =>
    t.db.query(
      `SELECT reason, reference FROM payment.payout_holds WHERE rental_id = $1 AND lifted_at IS NULL`,
      [rentalId],
    );
  const history = async (disputeId: string) =>
    (
      await t.db.query(
        'SELECT status, source, gateway_event_id FROM payment.dispute_status_changes WHERE dispute_id = $1 ORDER BY recorded_at',
        [disputeId],
      )
    ).map((r: { status: string; source: string }) => `${r.status}:${r.source}`);

  it("records a chargeback, holds the owner's payout and puts the disputed amount in the ledger", async () => {
    const { owner, rental, charged } = await completed();
    const object = await dispute(rental, { reason: 'fraudulent' });
    const created = await tell('charge.dispute.created', object);
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ received: true, duplicate: false, outcome: 'applied' });
    // Stripe sends funds_withdrawn for the same move: nothing new.
    expect((await tell('charge.dispute.funds_withdrawn', object)).body.outcome).toBe('ignored');

    const row = await disputeRow(t, object.id as string);
    expect(row).toMatchObject({
      rental_id: rental.id,
      leg: 'charge',
      payer_id: renter.id,
      payee_id: owner.id,
      amount: charged,
      currency: rental.quote.currency,
      reason: 'fraudulent',
      status: 'needs_response',
      closed_at: null,
      owner_debited: null,
    });
    expect(row.evidence_due_by).toBeInstanceOf(Date);
    expect(await history(row.id)).toEqual(['needs_response:webhook']);
    expect(await openHolds(rental.id)).toEqual([{ reason: 'dispute', reference: row.id }]);

    await releasePayouts(t, new Date((await afterRelease(rental.id)).getTime() + 30 * 24 * HOUR));
    expect(server.transfersOf(`rental-${rental.id}`)).toHaveLength(0);
    const payouts = await t.http.get('/api/v1/payment/payouts').set(owner.auth);
    expect(payouts.body.items[0]).toMatchObject({
      rentalId: rental.id,
      status: 'pending',
      waitingFor: 'hold',
    });

    expect(await ledgerOf(t, rental.id)).toMatchObject({
      payer_funds: -charged + charged,
      disputed_funds: -charged,
      owner_payable: rental.quote.subtotal,
      platform_fee: rental.quote.platformFee,
    });
    expect(await ledgerTotal(t, rental.id)).toBe(0);
    expect(await outboxPayloads(t, DisputeOpened.type, { rentalId: rental.id })).toEqual([
      {
        disputeId: row.id,
        rentalId: rental.id,
        intentId: row.intent_id,
        renterId: renter.id,
        ownerId: owner.id,
        amount: charged,
        currency: rental.quote.currency,
        reason: 'fraudulent',
        kind: 'chargeback',
        evidenceDueBy: row.evidence_due_by.toISOString(),
        payoutHeld: true,
      },
    ]);
    expect(await outboxPayloads(t, DisputeClosed.type, { rentalId: rental.id })).toEqual([]);

    // While it is open, neither party's account can be erased.
    const erase = await t.http.delete('/api/v1/account').set(owner.auth).send({ password: owner.password });
    expect(erase.status).toBe(409);
    expect(erase.body.blockers).toEqual([
      {
        code: 'PAYMENT.DISPUTE_OPEN',
        count: 1,
        detail: '1 payment is disputed with a bank and not settled yet',
      },
    ]);
  });

  it('reinstates a won dispute and releases the whole share', async () => {
    const { rental, charged } = await completed();
    const object = await dispute(rental);
    await tell('charge.dispute.created', object);
    const won = await tell('charge.dispute.closed', server.disputes.move(object.id as string, 'won'));
    expect(won.body.outcome).toBe('applied');
    expect((await tell('charge.dispute.funds_reinstated', object)).body.outcome).toBe('ignored');

    const row = await disputeRow(t, object.id as string);
    expect(row).toMatchObject({ status: 'won', owner_debited: null, platform_debited: null });
    expect(row.closed_at).toBeInstanceOf(Date);
    expect(await history(row.id)).toEqual(['needs_response:webhook', 'won:webhook']);
    expect(await openHolds(rental.id)).toEqual([]);
    expect(await ledgerOf(t, rental.id)).toMatchObject({ payer_funds: -charged, disputed_funds: 0 });

    await releasePayouts(t, await afterRelease(rental.id));
    expect(server.transfersOf(`rental-${rental.id}`).map((r) => r.form.amount)).toEqual([
      String(rental.quote.subtotal),
    ]);
    expect(await ledgerTotal(t, rental.id)).toBe(0);
    expect(await outboxPayloads(t, DisputeClosed.type, { rentalId: rental.id })).toEqual([
      expect.objectContaining({ disputeId: row.id, outcome: 'won', ownerDebited: 0, platformDebited: 0 }),
    ]);
  });

  it("takes a lost 'item not received' dispute from the owner's unpaid share, the rest from the platform", async () => {
    const { rental, charged } = await completed();
    const object = await dispute(rental, { reason: 'product_not_received' });
    await tell('charge.dispute.created', object);
    await tell('charge.dispute.updated', server.disputes.move(object.id as string, 'under_review'));
    await tell('charge.dispute.closed', server.disputes.move(object.id as string, 'lost'));

    const row = await disputeRow(t, object.id as string);
    expect(row).toMatchObject({
      status: 'lost',
      owner_debited: rental.quote.subtotal,
      platform_debited: rental.quote.platformFee,
    });
    expect(await history(row.id)).toEqual(['needs_response:webhook', 'under_review:webhook', 'lost:webhook']);
    expect(await ledgerOf(t, rental.id)).toMatchObject({
      payer_funds: 0,
      disputed_funds: 0,
      owner_payable: 0,
      platform_fee: rental.quote.platformFee,
      dispute_losses: -rental.quote.platformFee,
    });
    // Nothing is owed any more: the payout is cancelled, nothing is transferred.
    await releasePayouts(t, await afterRelease(rental.id));
    expect(server.transfersOf(`rental-${rental.id}`)).toHaveLength(0);
    expect(await payoutRow(t, rental.id)).toMatchObject({ status: 'cancelled', amount: 0 });
    expect(await ledgerTotal(t, rental.id)).toBe(0);
    expect(await outboxPayloads(t, DisputeClosed.type, { disputeId: row.id })).toEqual([
      expect.objectContaining({
        outcome: 'lost',
        ownerDebited: rental.quote.subtotal,
        platformDebited: rental.quote.platformFee,
        amount: charged,
      }),
    ]);
  });

  it('puts a lost fraud dispute on the platform: the owner is paid in full', async () => {
    const { rental, charged } = await completed();
    const object = await dispute(rental, { reason: 'fraudulent' });
    await tell('charge.dispute.created', object);
    await tell('charge.dispute.closed', server.disputes.move(object.id as string, 'lost'));
    expect(await disputeRow(t, object.id as string)).toMatchObject({
      owner_debited: 0,
      platform_debited: charged,
    });
    await releasePayouts(t, await afterRelease(rental.id));
    expect(server.transfersOf(`rental-${rental.id}`).map((r) => r.form.amount)).toEqual([
      String(rental.quote.subtotal),
    ]);
    expect(await ledgerOf(t, rental.id)).toMatchObject({
      owner_payable: 0,
      owner_transferred: rental.quote.subtotal,
      dispute_losses: -charged,
      payer_funds: 0,
    });
    expect(await ledgerTotal(t, rental.id)).toBe(0);
  });

  it('leaves a share already transferred where it is: a later loss falls on the platform, no reversal', async () => {
    const { rental, charged } = await completed();
    await releasePayouts(t, await afterRelease(rental.id));
    expect(server.transfersOf(`rental-${rental.id}`)).toHaveLength(1);
    const object = await dispute(rental, { reason: 'product_unacceptable' });
    await tell('charge.dispute.created', object);
    await tell('charge.dispute.closed', server.disputes.move(object.id as string, 'lost'));
    expect(await disputeRow(t, object.id as string)).toMatchObject({
      owner_debited: 0,
      platform_debited: charged,
    });
    expect(server.requests.filter((r) => /\/reversals$/.test(r.path))).toEqual([]);
    expect(await ledgerOf(t, rental.id)).toMatchObject({
      owner_transferred: rental.quote.subtotal,
      dispute_losses: -charged,
    });
    expect(await ledgerTotal(t, rental.id)).toBe(0);
  });

  it('holds the payout for an inquiry without moving money; a withdrawn inquiry releases it', async () => {
    const { rental, charged } = await completed();
    const object = await dispute(rental, { status: 'warning_needs_response' });
    await tell('charge.dispute.created', object);
    const row = await disputeRow(t, object.id as string);
    expect(await openHolds(rental.id)).toEqual([{ reason: 'dispute', reference: row.id }]);
    expect((await ledgerOf(t, rental.id)).disputed_funds).toBeUndefined();
    expect(await outboxPayloads(t, DisputeOpened.type, { disputeId: row.id })).toEqual([
      expect.objectContaining({ kind: 'inquiry', payoutHeld: true }),
    ]);

    await tell('charge.dispute.closed', server.disputes.move(object.id as string, 'warning_closed'));
    expect(await openHolds(rental.id)).toEqual([]);
    expect(await ledgerOf(t, rental.id)).toMatchObject({ payer_funds: -charged });
    expect(await outboxPayloads(t, DisputeClosed.type, { disputeId: row.id })).toEqual([
      expect.objectContaining({ outcome: 'withdrawn', ownerDebited: 0, platformDebited: 0 }),
    ]);
  });

  it('applies late, repeated and out-of-order deliveries once, forward only', async () => {
    const { rental, charged } = await completed();
    const object = await dispute(rental, { reason: 'general' });
    const opened = structuredClone(object);
    const lost = server.disputes.move(object.id as string, 'lost');
    // The closing event arrives first; the creation, late, then twice.
    expect((await tell('charge.dispute.closed', lost)).body.outcome).toBe('applied');
    expect((await tell('charge.dispute.created', opened)).body.outcome).toBe('ignored');
    const sameEvent = { type: 'charge.dispute.closed', object: lost, id: 'evt_dispute_repeat' };
    expect((await deliverWebhook(t, sameEvent)).body).toMatchObject({ duplicate: false });
    expect((await deliverWebhook(t, sameEvent)).body).toMatchObject({ duplicate: true, outcome: 'ignored' });

    const row = await disputeRow(t, object.id as string);
    expect(row).toMatchObject({ status: 'lost', platform_debited: charged });
    expect(await history(row.id)).toEqual(['lost:webhook']);
    const journals = await t.db.query(
      `SELECT journal_type, count(DISTINCT journal_key)::int AS n FROM payment.ledger_entries
       WHERE rental_id = $1 AND journal_type LIKE 'dispute%' GROUP BY journal_type ORDER BY 1`,
      [rental.id],
    );
    expect(journals).toEqual([
      { journal_type: 'dispute', n: 1 },
      { journal_type: 'dispute_lost', n: 1 },
    ]);
    expect(await outboxPayloads(t, DisputeOpened.type, { disputeId: row.id })).toHaveLength(1);
    expect(await outboxPayloads(t, DisputeClosed.type, { disputeId: row.id })).toHaveLength(1);
    expect(await ledgerTotal(t, rental.id)).toBe(0);
  });

  it('acknowledges and ignores disputes of payments that are not ours, and objects that are not disputes', async () => {
    const before = await t.db.query('SELECT count(*)::int AS n FROM payment.disputes');
    const foreign = server.disputes.open({ paymentIntent: 'pi_not_ours', amount: 1000, currency: 'EUR' });
    expect((await tell('charge.dispute.created', foreign)).body).toMatchObject({ outcome: 'ignored' });
    const unknownStatus = { ...foreign, id: 'dp_strange', status: 'reviewing_by_magic' };
    expect((await tell('charge.dispute.updated', unknownStatus)).body.outcome).toBe('ignored');
    for (const object of [
      { id: 'dp_half', object: 'dispute' },
      { ...foreign, amount: 'lots' },
    ]) {
      const res = await tell('charge.dispute.created', object);
      expect(res.status).toBe(200);
      expect(res.body.outcome).toBe('ignored');
    }
    expect(await t.db.query('SELECT count(*)::int AS n FROM payment.disputes')).toEqual(before);
  });
});
