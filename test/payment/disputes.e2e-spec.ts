import { OwnerPayouts } from '../../src/modules/payment/application/owner-payouts';
import { DisputeClosed, DisputeOpened } from '../../src/modules/payment/contracts/dispute.events';
import { createProduct, signUpAdmin } from '../support/catalog.factory';
import {
  deliverWebhook,
  disputeRow,
  gatewayIntentOf,
  onboardAtStripe,
  outboxPayloads,
} from '../support/dispute.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { onboardOwner } from '../support/connect.factory';
import { addPaymentMethod, drain, ledgerOf, rentalIntent, WEBHOOK_SECRET } from '../support/payment.factory';
import { completedPaidRental, HOUR, ledgerTotal, payoutRow, releasePayouts } from '../support/payout.factory';
import type { RentalBody } from '../support/rental.factory';
import { completeRental, createRental, utcDay } from '../support/rental.factory';
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
    options: { amount?: number; reason?: string; status?: string; created?: number } = {},
  ) => {
    const object = server.disputes.open({
      paymentIntent: await gatewayIntentOf(t, rental.id),
      amount: options.amount ?? rental.quote.subtotal + rental.quote.platformFee,
      currency: rental.quote.currency,
      reason: options.reason,
      status: options.status,
      created: options.created,
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

  it('leaves one outcome when twenty dispute webhooks and payout releases race on one rental', async () => {
    const { rental, charged } = await completed();
    const row = await payoutRow(t, rental.id);
    const at = new Date(row.release_after.getTime() + HOUR);
    const object = await dispute(rental, { reason: 'product_not_received' });
    const id = object.id as string;
    const opened = structuredClone(object);
    const reviewing = { ...structuredClone(object), status: 'under_review' };
    const lost = server.disputes.move(id, 'lost');
    const payouts = t.app.get(OwnerPayouts);
    const webhooks = [
      ['charge.dispute.created', opened],
      ['charge.dispute.funds_withdrawn', opened],
      ['charge.dispute.updated', reviewing],
      ['charge.dispute.closed', lost],
    ] as const;
    const answers: number[] = [];
    await Promise.all([
      ...Array.from({ length: 12 }, (_, i) =>
        tell(webhooks[i % 4][0], webhooks[i % 4][1]).then((res) => answers.push(res.status)),
      ),
      ...Array.from({ length: 4 }, () => releasePayouts(t, at)),
      ...Array.from({ length: 4 }, () => payouts.release(row.id, at).catch(() => false)),
    ]);
    await releasePayouts(t, at); // whatever was left to do
    expect(answers).toEqual(Array(12).fill(200)); // no webhook lost to a deadlock (Stripe would retry it)

    const transfers = server.transfersOf(`rental-${rental.id}`);
    expect(transfers.length).toBeLessThanOrEqual(1);
    const settled = await disputeRow(t, id);
    expect(settled.status).toBe('lost');
    // The one outcome, whichever came first: the share left before the hold (the platform bears the
    // loss) or the hold came first (the owner's unpaid share bears it, and nothing is left to send).
    if (transfers.length === 1) {
      expect(settled).toMatchObject({ owner_debited: 0, platform_debited: charged });
      expect(await payoutRow(t, rental.id)).toMatchObject({
        status: 'transferred',
        amount: rental.quote.subtotal,
      });
      expect(await ledgerOf(t, rental.id)).toMatchObject({
        owner_payable: 0,
        owner_transferred: rental.quote.subtotal,
      });
    } else {
      expect(settled).toMatchObject({
        owner_debited: rental.quote.subtotal,
        platform_debited: rental.quote.platformFee,
      });
      expect(await payoutRow(t, rental.id)).toMatchObject({ status: 'cancelled' });
      expect((await ledgerOf(t, rental.id)).owner_transferred ?? 0).toBe(0);
    }
    expect(await ledgerOf(t, rental.id)).toMatchObject({ payer_funds: 0, disputed_funds: 0 });
    expect((await ledgerOf(t, rental.id)).owner_payable ?? 0).toBe(0);
    expect(await ledgerTotal(t, rental.id)).toBe(0);
    const journals = await t.db.query(
      `SELECT journal_type, count(DISTINCT journal_key)::int AS n FROM payment.ledger_entries
       WHERE rental_id = $1 AND journal_type IN ('dispute', 'dispute_lost', 'transfer') GROUP BY 1 ORDER BY 1`,
      [rental.id],
    );
    expect(journals).toEqual([
      { journal_type: 'dispute', n: 1 },
      { journal_type: 'dispute_lost', n: 1 },
      ...(transfers.length === 1 ? [{ journal_type: 'transfer', n: 1 }] : []),
    ]);
    expect(await openHolds(rental.id)).toEqual([]);
    expect(await outboxPayloads(t, DisputeOpened.type, { disputeId: settled.id })).toHaveLength(1);
    expect(await outboxPayloads(t, DisputeClosed.type, { disputeId: settled.id })).toHaveLength(1);
    expect(server.requests.filter((r) => /\/reversals$/.test(r.path))).toEqual([]);
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
  describe('what admins do', () => {
    let admin: SignedUpUser;
    beforeAll(async () => {
      admin = await signUpAdmin(t);
    });
    const evidenceOf = (disputeId: string, body: object, who: SignedUpUser = admin) =>
      t.http.post(`/api/v1/admin/disputes/${disputeId}/evidence`).set(who.auth).send(body);
    const auditOf = (disputeId: string) =>
      t.db.query(
        `SELECT actor_id, action, details FROM audit.entries WHERE target_type = 'dispute' AND target_id = $1
         ORDER BY occurred_at`,
        [disputeId],
      );

    it('lists disputes newest first, open or closed, in keyset pages, and shows one with its history', async () => {
      // Stripe's times are whole seconds: these two are apart, and newer than the other tests' disputes.
      const now = Math.floor(Date.now() / 1000);
      const first = await dispute((await completed()).rental, { created: now + 60 });
      await tell('charge.dispute.created', first);
      const { rental } = await completed();
      const object = await dispute(rental, { reason: 'product_not_received', created: now + 120 });
      await tell('charge.dispute.created', object);
      const row = await disputeRow(t, object.id as string);

      const open = await t.http.get('/api/v1/admin/disputes?state=open&limit=1').set(admin.auth);
      expect(open.status).toBe(200);
      expect(open.body.items).toEqual([
        expect.objectContaining({
          id: row.id,
          rentalId: rental.id,
          status: 'needs_response',
          kind: 'chargeback',
          outcome: null,
          reason: 'product_not_received',
          evidenceSubmissions: 0,
        }),
      ]);
      const older = await t.http
        .get(`/api/v1/admin/disputes?state=open&limit=1&cursor=${open.body.nextCursor}`)
        .set(admin.auth);
      expect(older.body.items.map((d: { id: string }) => d.id)).toEqual([
        (await disputeRow(t, first.id as string)).id,
      ]);
      const all = await t.http.get('/api/v1/admin/disputes?limit=100').set(admin.auth);
      const opened = all.body.items.map((d: { openedAt: string }) => Date.parse(d.openedAt));
      expect(opened).toEqual([...opened].sort((a, b) => b - a));
      const closed = await t.http.get('/api/v1/admin/disputes?state=closed&limit=100').set(admin.auth);
      expect(closed.body.items.map((d: { outcome: string }) => d.outcome)).not.toContain(null);
      expect(closed.body.items.map((d: { id: string }) => d.id)).not.toContain(row.id);

      const one = await t.http.get(`/api/v1/admin/disputes/${row.id}`).set(admin.auth);
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({
        id: row.id,
        history: [{ status: 'needs_response', source: 'webhook' }],
        evidence: [],
        payoutStatus: 'pending',
      });
      for (const query of ['state=won', 'limit=0', 'cursor=bm90LWEtY3Vyc29y', 'other=1']) {
        const bad = await t.http.get(`/api/v1/admin/disputes?${query}`).set(admin.auth);
        expect(bad.status).toBe(422);
        expect(bad.headers['content-type']).toContain('application/problem+json');
      }
    });

    it("sends an admin's evidence to Stripe once, records Stripe's answer and audits it", async () => {
      const { rental } = await completed();
      const object = await dispute(rental, { reason: 'product_not_received' });
      await tell('charge.dispute.created', object);
      const row = await disputeRow(t, object.id as string);
      const text = 'The renter collected the drill on the agreed day and returned it five days later.';

      const staged = await evidenceOf(row.id, { text: 'draft', submit: false });
      expect(staged.status).toBe(200);
      expect(staged.body).toMatchObject({ status: 'needs_response', evidenceSubmissions: 1 });
      const sent = await evidenceOf(row.id, { text });
      expect(sent.status).toBe(200);
      expect(sent.body).toMatchObject({
        status: 'under_review',
        evidenceSubmissions: 2,
        evidence: [
          { sequence: 1, text: 'draft', submitted: false, submittedBy: admin.id },
          { sequence: 2, text, submitted: true, submittedBy: admin.id },
        ],
      });
      expect(
        sent.body.history.map((h: { status: string; source: string }) => `${h.status}:${h.source}`),
      ).toEqual(['needs_response:webhook', 'under_review:gateway']);
      const updates = server.requests.filter(
        (r) => r.method === 'POST' && r.path === `/v1/disputes/${object.id}`,
      );
      expect(
        updates.map((r) => [
          r.headers['idempotency-key'],
          r.form.submit,
          r.form['evidence[uncategorized_text]'],
        ]),
      ).toEqual([
        [`dispute-${row.id}-evidence-1`, 'false', 'draft'],
        [`dispute-${row.id}-evidence-2`, 'true', text],
      ]);
      expect(await auditOf(row.id)).toEqual([
        {
          actor_id: admin.id,
          action: 'payment.dispute_evidence_staged',
          details: { sequence: 1, characters: 5, status: 'needs_response' },
        },
        {
          actor_id: admin.id,
          action: 'payment.dispute_evidence_submitted',
          details: { sequence: 2, characters: text.length, status: 'under_review' },
        },
      ]);
      // Under review: no more evidence.
      const late = await evidenceOf(row.id, { text: 'more' });
      expect(late.status).toBe(409);
      expect(late.body.code).toBe('PAYMENT.DISPUTE_NOT_AWAITING_EVIDENCE');
    });

    it('takes at most 20 evidence texts for one dispute: the 21st is a 409 that reaches no gateway', async () => {
      const { rental } = await completed();
      const object = await dispute(rental);
      await tell('charge.dispute.created', object);
      const row = await disputeRow(t, object.id as string);
      for (let draft = 1; draft <= 20; draft++) {
        expect((await evidenceOf(row.id, { text: `draft ${draft}`, submit: false })).status).toBe(200);
      }
      const before = server.requests.length;
      const extra = await evidenceOf(row.id, { text: 'one more', submit: false });
      expect(extra.status).toBe(409);
      expect(extra.headers['content-type']).toContain('application/problem+json');
      expect(extra.body).toMatchObject({ code: 'PAYMENT.DISPUTE_EVIDENCE_LIMIT', limit: 20 });
      expect(server.requests.length).toBe(before);
      expect(await disputeRow(t, object.id as string)).toMatchObject({ evidence_submissions: 20 });
      const detail = await t.http.get(`/api/v1/admin/disputes/${row.id}`).set(admin.auth);
      expect(detail.body.evidence).toHaveLength(20);
    });

    it('refuses bad evidence requests with problem+json, sending and changing nothing', async () => {
      const { rental } = await completed();
      const object = await dispute(rental);
      await tell('charge.dispute.created', object);
      const row = await disputeRow(t, object.id as string);
      const someone = await signUp(t.http);
      const before = server.requests.length;
      const cases: [object, number, string | null, SignedUpUser?][] = [
        [{ text: '' }, 422, null],
        [{ text: '   ' }, 422, 'PAYMENT.DISPUTE_EVIDENCE_BLANK'],
        [{ text: 'x'.repeat(20_001) }, 422, null],
        [{ text: 42 }, 422, null],
        [{ text: 'ok', submit: 'yes' }, 422, null],
        [{ text: 'ok', amount: 10 }, 422, null],
        [{}, 422, null],
        [{ text: 'ok' }, 403, null, someone],
      ];
      for (const [body, status, code, who] of cases) {
        const res = await evidenceOf(row.id, body, who);
        expect([res.status, JSON.stringify(body)]).toEqual([status, JSON.stringify(body)]);
        expect(res.headers['content-type']).toContain('application/problem+json');
        if (code) expect(res.body.code).toBe(code);
      }
      const unknown = await evidenceOf('00000000-0000-4000-8000-000000000000', { text: 'ok' });
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('PAYMENT.DISPUTE_NOT_FOUND');
      expect((await evidenceOf('not-a-uuid', { text: 'ok' })).status).toBe(422);

      server.respondOnce('POST', /^\/v1\/disputes\//, () => ({
        status: 400,
        body: { error: { type: 'invalid_request_error', message: 'Evidence is past due.' } },
      }));
      const refused = await evidenceOf(row.id, { text: 'ok' });
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('PAYMENT.GATEWAY_REFUSED');

      expect(server.requests.slice(before).map((r) => r.path)).toEqual([`/v1/disputes/${object.id}`]);
      expect(await disputeRow(t, object.id as string)).toMatchObject({
        status: 'needs_response',
        evidence_submissions: 0,
      });
      expect(
        await t.db.query('SELECT * FROM payment.dispute_evidence WHERE dispute_id = $1', [row.id]),
      ).toEqual([]);
      expect(await auditOf(row.id)).toEqual([]);
    });
  });
});

/** `npm start` with no Stripe key: the sandbox's trigger opens a dispute, an admin answers it. */
describe('payment: disputes with the embedded sandbox', () => {
  let t: TestApp;
  let admin: SignedUpUser;
  let day = 3;
  beforeAll(async () => {
    t = await createTestApp({ EVENTS_RELAY_INTERVAL_MS: '0', JOBS_ENABLED: 'false' });
    admin = await signUpAdmin(t);
  });
  afterAll(() => t.close());

  const completedInSandbox = async () => {
    const owner = await signUp(t.http);
    const renter = await signUp(t.http);
    await addPaymentMethod(t, renter);
    await onboardOwner(t, owner);
    day += 4;
    const rental = await completeRental(t, owner, renter, await createProduct(t, owner), {
      startDate: utcDay(day),
      endDate: utcDay(day + 2),
    });
    await drain(t);
    const intent = await rentalIntent(t, renter, rental.id);
    return { owner, renter, rental, intent: intent! };
  };
  const trigger = (who: SignedUpUser, body: object) =>
    t.http.post('/api/v1/payment/sandbox/disputes').set(who.auth).send(body);

  it('lets the payer dispute a captured payment; an admin wins it with Stripe test evidence', async () => {
    const { owner, renter, rental, intent } = await completedInSandbox();
    const opened = await trigger(renter, { paymentIntentId: intent.id, reason: 'product_not_received' });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({
      rentalId: rental.id,
      intentId: intent.id,
      renterId: renter.id,
      ownerId: owner.id,
      status: 'needs_response',
      kind: 'chargeback',
      reason: 'product_not_received',
      amount: rental.quote.subtotal + rental.quote.platformFee,
    });
    const payouts = await t.http.get('/api/v1/payment/payouts').set(owner.auth);
    expect(payouts.body.items[0]).toMatchObject({ rentalId: rental.id, waitingFor: 'hold' });
    const again = await trigger(renter, { paymentIntentId: intent.id });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('PAYMENT.SANDBOX_NOTHING_TO_DISPUTE');

    const won = await t.http
      .post(`/api/v1/admin/disputes/${opened.body.id}/evidence`)
      .set(admin.auth)
      .send({ text: 'winning_evidence' });
    expect(won.status).toBe(200);
    expect(won.body).toMatchObject({ status: 'won', outcome: 'won', payoutStatus: 'pending' });
    expect(
      won.body.history.map((h: { status: string; source: string }) => `${h.status}:${h.source}`),
    ).toEqual(['needs_response:sandbox', 'won:gateway']);
    const row = await payoutRow(t, rental.id);
    await releasePayouts(t, new Date(row.release_after.getTime() + HOUR));
    expect(await payoutRow(t, rental.id)).toMatchObject({
      status: 'transferred',
      amount: rental.quote.subtotal,
    });
    expect(await ledgerTotal(t, rental.id)).toBe(0);
  });

  it("loses with Stripe's losing evidence: an item not received comes out of the owner's unpaid share", async () => {
    const { renter, rental, intent } = await completedInSandbox();
    const opened = await trigger(renter, { paymentIntentId: intent.id, reason: 'product_not_received' });
    const lost = await t.http
      .post(`/api/v1/admin/disputes/${opened.body.id}/evidence`)
      .set(admin.auth)
      .send({ text: 'losing_evidence' });
    expect(lost.body).toMatchObject({
      status: 'lost',
      ownerDebited: rental.quote.subtotal,
      platformDebited: rental.quote.platformFee,
    });
    expect(await ledgerOf(t, rental.id)).toMatchObject({
      owner_payable: 0,
      payer_funds: 0,
      disputed_funds: 0,
    });
    expect(await ledgerTotal(t, rental.id)).toBe(0);
  });

  it('refuses what cannot be disputed: 404 for others and unknown payments, 409 before capture, 422 bad input', async () => {
    const { owner, intent } = await completedInSandbox();
    const stranger = await signUp(t.http);
    await addPaymentMethod(t, stranger);
    const requested = await createRental(t, stranger, await createProduct(t, owner), {
      startDate: utcDay(day + 40),
      endDate: utcDay(day + 41),
    });
    await drain(t);
    const notCaptured = (await rentalIntent(t, stranger, requested.id))!;
    const before = await t.db.query('SELECT count(*)::int AS n FROM payment.disputes');
    const cases: [SignedUpUser, object, number, string | null][] = [
      [owner, { paymentIntentId: intent.id }, 404, 'PAYMENT.PAYMENT_INTENT_NOT_FOUND'],
      [stranger, { paymentIntentId: intent.id }, 404, 'PAYMENT.PAYMENT_INTENT_NOT_FOUND'],
      [stranger, { paymentIntentId: '00000000-0000-4000-8000-000000000000' }, 404, null],
      [stranger, { paymentIntentId: notCaptured.id }, 409, 'PAYMENT.SANDBOX_NOTHING_TO_DISPUTE'],
      [stranger, { paymentIntentId: 'nope' }, 422, null],
      [stranger, { paymentIntentId: notCaptured.id, reason: 'bored' }, 422, null],
      [stranger, { paymentIntentId: notCaptured.id, amount: 5 }, 422, null],
    ];
    for (const [who, body, status, code] of cases) {
      const res = await trigger(who, body);
      expect([res.status, JSON.stringify(body)]).toEqual([status, JSON.stringify(body)]);
      expect(res.headers['content-type']).toContain('application/problem+json');
      if (code) expect(res.body.code).toBe(code);
    }
    expect(await t.db.query('SELECT count(*)::int AS n FROM payment.disputes')).toEqual(before);
  });
});
