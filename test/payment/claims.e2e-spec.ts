import { PaymentErasureBlockers } from '../../src/modules/payment/application/erasure-blockers';
import { PaymentPersonalDataExport } from '../../src/modules/payment/application/personal-data-export';
import { ClaimAccepted, ClaimFiled, ClaimResolved } from '../../src/modules/payment/contracts/claim.events';
import { createProduct, signUpAdmin } from '../support/catalog.factory';
import type { ClaimBody } from '../support/claim.factory';
import {
  claimAction,
  depositCalls,
  fileClaim,
  queueDepositCapture,
  queueDepositRelease,
  returnedPaidRental,
} from '../support/claim.factory';
import { onboardAtStripe, outboxPayloads } from '../support/dispute.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { addPaymentMethod, drain, journalsOf, ledgerOf, WEBHOOK_SECRET } from '../support/payment.factory';
import { HOUR, ledgerTotal, payoutRow, releasePayouts } from '../support/payout.factory';
import { moveRental, utcDay } from '../support/rental.factory';
import { StripeFixtureServer } from '../support/stripe-fixture-server';
import { createTestApp, type TestApp } from '../support/test-app';

describe('payment: damage claims against the deposit (Stripe fixture server)', () => {
  let t: TestApp;
  let server: StripeFixtureServer;
  let renter: SignedUpUser;
  let admin: SignedUpUser;
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
    admin = await signUpAdmin(t);
  });
  afterAll(async () => {
    await t.close();
    await server.close();
  });

  const returned = async () => {
    const owner = await signUp(t.http);
    await onboardAtStripe(t, server, owner);
    day += 4;
    const rental = await returnedPaidRental(
      t,
      server,
      { owner, renter, product: await createProduct(t, owner) },
      utcDay(day),
    );
    return { owner, rental, deposit: rental.quote.deposit, tag: rental.tag };
  };
  const systemEvents = async (rentalId: string) =>
    (
      await t.db.query(
        `SELECT m.system_event FROM messaging.messages m JOIN messaging.conversations c ON c.id = m.conversation_id
         WHERE c.rental_id = $1 AND m.system_event LIKE 'claim.%' ORDER BY m.created_at`,
        [rentalId],
      )
    ).map((r: { system_event: string }) => r.system_event);

  it('owner files, renter accepts: the claim is captured from the deposit once and paid to the owner without fee', async () => {
    const { owner, rental, deposit, tag } = await returned();
    const amount = deposit - 700;
    const filed = await fileClaim(t, owner, rental.id, {
      amount,
      currency: rental.quote.currency,
      description: 'The housing is cracked.',
      photos: ['media/crack-1.jpg', 'media/crack-2.jpg'],
    });
    expect(filed.status).toBe(201);
    const claim = filed.body as ClaimBody;
    expect(claim).toMatchObject({
      rentalId: rental.id,
      ownerId: owner.id,
      renterId: renter.id,
      amount,
      status: 'open',
      awarded: null,
      photos: ['media/crack-1.jpg', 'media/crack-2.jpg'],
      depositStatus: 'held',
      history: [{ status: 'open', actorRole: 'owner', amount: null }],
    });
    expect(
      await t.db.query(
        'SELECT reason, reference FROM payment.payout_holds WHERE rental_id = $1 AND lifted_at IS NULL',
        [rental.id],
      ),
    ).toEqual([{ reason: 'claim', reference: claim.id }]);
    expect(await outboxPayloads(t, ClaimFiled.type, { rentalId: rental.id })).toEqual([
      expect.objectContaining({ claimId: claim.id, status: 'open', amount, actorRole: 'owner' }),
    ]);
    // Both parties read it; nobody else.
    expect((await t.http.get(`/api/v1/payment/claims/${claim.id}`).set(renter.auth)).status).toBe(200);
    expect((await t.http.get(`/api/v1/payment/claims/${claim.id}`).set(admin.auth)).status).toBe(200);
    const stranger = await signUp(t.http);
    const hidden = await t.http.get(`/api/v1/payment/claims/${claim.id}`).set(stranger.auth);
    expect(hidden.status).toBe(404);
    expect(hidden.body.code).toBe('PAYMENT.CLAIM_NOT_FOUND');

    queueDepositCapture(server, tag, deposit, amount);
    const accepted = await claimAction(t, renter, claim.id, 'accept');
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      status: 'accepted',
      awarded: amount,
      depositStatus: 'captured',
      depositCaptured: amount,
    });
    // One partial capture at Stripe, keyed by the claim.
    expect(depositCalls(server, tag)).toEqual([`capture claim-${claim.id}-deposit-capture`]);
    const capture = server.requests.find((r) => r.path === `/v1/payment_intents/pi_d${tag}/capture`)!;
    expect(capture.form).toEqual({ amount_to_capture: String(amount) });

    // The ledger: the captured part is the owner's (no fee), the rest went back to the renter.
    expect(await ledgerOf(t, rental.id)).toMatchObject({
      held_deposit: 0,
      owner_payable: rental.quote.subtotal + amount,
      platform_fee: rental.quote.platformFee,
    });
    expect(await journalsOf(t, rental.id)).toContain('capture:deposit');
    expect(await ledgerTotal(t, rental.id)).toBe(0);

    await drain(t);
    expect(await systemEvents(rental.id)).toEqual(['claim.filed', 'claim.accepted']);
    expect(await outboxPayloads(t, ClaimAccepted.type, { rentalId: rental.id })).toEqual([
      expect.objectContaining({ status: 'accepted', awarded: amount, actorRole: 'renter' }),
    ]);

    // Completion releases nothing more of the deposit; both shares leave as transfers, once.
    await moveRental(t, rental, owner, 'completed');
    await drain(t);
    expect(depositCalls(server, tag)).toHaveLength(1);
    const due = new Date((await payoutRow(t, rental.id)).release_after.getTime() + HOUR);
    await releasePayouts(t, due);
    const transfers = server.transfersOf(`rental-${rental.id}`);
    expect(transfers.map((r) => [r.form.amount, r.headers['idempotency-key']]).sort()).toEqual(
      [
        [String(rental.quote.subtotal), `rental-${rental.id}-charge-transfer`],
        [String(amount), `rental-${rental.id}-deposit-transfer`],
      ].sort(),
    );
    const [{ owed }] = await t.db.query(
      `SELECT coalesce(sum(amount), 0)::int AS owed FROM payment.ledger_entries WHERE rental_id = $1 AND account = 'owner_payable'`,
      [rental.id],
    );
    expect(owed).toBe(0);
    expect(await ledgerTotal(t, rental.id)).toBe(0);

    // Both parties find the claim in their personal data export.
    const exported = await t.app.get(PaymentPersonalDataExport).export(renter.id);
    expect(exported.damageClaims).toContainEqual(
      expect.objectContaining({ id: claim.id, role: 'renter', status: 'accepted', awarded: amount }),
    );
    const ownerExport = await t.app.get(PaymentPersonalDataExport).export(owner.id);
    expect(ownerExport.damageClaims).toEqual([expect.objectContaining({ id: claim.id, role: 'owner' })]);
  });

  it('renter disputes, an admin awards part of it: captured, the rest released, audited', async () => {
    const { owner, rental, deposit, tag } = await returned();
    const claim = (
      await fileClaim(t, owner, rental.id, {
        amount: deposit,
        currency: rental.quote.currency,
        description: 'Lost',
      })
    ).body as ClaimBody;
    const disputed = await claimAction(t, renter, claim.id, 'dispute', { note: 'It was already scratched.' });
    expect(disputed.status).toBe(200);
    expect(disputed.body).toMatchObject({ status: 'disputed', depositStatus: 'held' });
    expect(depositCalls(server, tag)).toEqual([]);

    // An open claim keeps both parties from erasing their account until it is settled.
    expect(await t.app.get(PaymentErasureBlockers).blockersOf(owner.id)).toContainEqual(
      expect.objectContaining({ code: 'PAYMENT.CLAIM_OPEN', count: 1 }),
    );
    const listed = await t.http.get('/api/v1/admin/claims?status=disputed&limit=100').set(admin.auth);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((c: ClaimBody) => c.id)).toContain(claim.id);
    expect((await t.http.get('/api/v1/admin/claims').set(renter.auth)).status).toBe(403);

    const tooMuch = await t.http
      .post(`/api/v1/admin/claims/${claim.id}/resolution`)
      .set(admin.auth)
      .send({ amount: deposit + 1, note: 'All of it' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.code).toBe('PAYMENT.CLAIM_RESOLUTION_ABOVE_CLAIM');

    const award = Math.floor(deposit / 2);
    queueDepositCapture(server, tag, deposit, award);
    const resolved = await t.http
      .post(`/api/v1/admin/claims/${claim.id}/resolution`)
      .set(admin.auth)
      .send({ amount: award, note: 'Half the repair.' });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', awarded: award, depositCaptured: award });
    expect(
      resolved.body.history.map((h: { status: string; actorRole: string }) => `${h.status}:${h.actorRole}`),
    ).toEqual(['open:owner', 'disputed:renter', 'resolved:admin']);
    expect(depositCalls(server, tag)).toEqual([`capture claim-${claim.id}-deposit-capture`]);
    const [audit] = await t.db.query(
      `SELECT actor_id, action, details FROM audit.entries WHERE target_id = $1`,
      [claim.id],
    );
    expect(audit).toMatchObject({
      actor_id: admin.id,
      action: 'payment.claim_resolved',
      details: { awarded: award },
    });
    expect(await outboxPayloads(t, ClaimResolved.type, { rentalId: rental.id })).toHaveLength(1);

    const again = await t.http
      .post(`/api/v1/admin/claims/${claim.id}/resolution`)
      .set(admin.auth)
      .send({ amount: 0, note: 'Again' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('PAYMENT.CLAIM_NOT_DISPUTED');
    expect(await ledgerTotal(t, rental.id)).toBe(0);
    expect((await ledgerOf(t, rental.id)).held_deposit).toBe(0);

    // Each step is told to the side that did not take it (both, for the admin's), by email too: money.
    await drain(t);
    const told = await t.db.query(
      `SELECT kind, recipient_id, category, emailed FROM notification.notifications
       WHERE subject_id = $1 AND kind LIKE 'claim.%' ORDER BY created_at, kind, recipient_id`,
      [rental.id],
    );
    expect(told.map((n: { kind: string; recipient_id: string }) => [n.kind, n.recipient_id]).sort()).toEqual(
      [
        ['claim.disputed', owner.id],
        ['claim.filed', renter.id],
        ['claim.resolved', owner.id],
        ['claim.resolved', renter.id],
      ].sort(),
    );
    expect(
      told.every((n: { category: string; emailed: boolean }) => n.category === 'money' && n.emailed),
    ).toBe(true);
    const feed = await t.http.get('/api/v1/notifications?limit=100').set(renter.auth);
    expect(feed.status).toBe(200);
    expect(feed.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'claim.filed',
          title: expect.stringContaining('filed a damage claim'),
        }),
      ]),
    );
  });

  it('an award of 0 releases the whole deposit, keyed by the claim', async () => {
    const { owner, rental, deposit, tag } = await returned();
    const claim = (
      await fileClaim(t, owner, rental.id, {
        amount: 500,
        currency: rental.quote.currency,
        description: 'Dent',
      })
    ).body as ClaimBody;
    await claimAction(t, renter, claim.id, 'dispute');
    queueDepositRelease(server, tag, deposit);
    const resolved = await t.http
      .post(`/api/v1/admin/claims/${claim.id}/resolution`)
      .set(admin.auth)
      .send({ amount: 0, note: 'No evidence of damage.' });
    expect(resolved.body).toMatchObject({ status: 'resolved', awarded: 0, depositStatus: 'released' });
    expect(depositCalls(server, tag)).toEqual([`cancel claim-${claim.id}-deposit-cancel`]);
    expect(
      await t.db.query(`SELECT 1 FROM payment.payouts WHERE rental_id = $1 AND leg = 'deposit'`, [rental.id]),
    ).toEqual([]);
    expect(await ledgerTotal(t, rental.id)).toBe(0);
  });

  it('an open claim keeps the deposit held past completion; withdrawn, the deposit is released', async () => {
    const { owner, rental, deposit, tag } = await returned();
    const claim = (
      await fileClaim(t, owner, rental.id, {
        amount: 500,
        currency: rental.quote.currency,
        description: 'Dent',
      })
    ).body as ClaimBody;
    await moveRental(t, rental, owner, 'completed');
    await drain(t);
    expect(depositCalls(server, tag)).toEqual([]);
    const due = new Date((await payoutRow(t, rental.id)).release_after.getTime() + HOUR);
    await releasePayouts(t, due);
    expect(server.transfersOf(`rental-${rental.id}`)).toEqual([]);
    expect((await payoutRow(t, rental.id)).status).toBe('pending');

    queueDepositRelease(server, tag, deposit);
    const withdrawn = await claimAction(t, owner, claim.id, 'withdraw');
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', awarded: null, depositStatus: 'released' });
    expect(depositCalls(server, tag)).toEqual([`cancel rental-${rental.id}-deposit-cancel`]);
    await releasePayouts(t, due);
    expect(server.transfersOf(`rental-${rental.id}`)).toHaveLength(1);
    await drain(t);
    expect(await systemEvents(rental.id)).toEqual(['claim.filed', 'claim.withdrawn']);
    expect(await ledgerTotal(t, rental.id)).toBe(0);
  });
});
