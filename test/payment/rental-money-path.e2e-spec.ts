import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import type { ProductBody } from '../support/catalog.factory';
import { createProduct } from '../support/catalog.factory';
import { runRentalJob } from '../support/rental.factory';
import {
  addPaymentMethod,
  drain,
  journalsOf,
  ledgerOf,
  rentalIntent,
  rentalMoneyPath,
} from '../support/payment.factory';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * The whole money path on the sandbox gateway, through the real flows: rentals are requested and
 * moved with rental's HTTP API, and its events reach payment through the outbox relay.
 */
describe('payment: the rental money path', () => {
  let t: TestApp;
  let owner: SignedUpUser;
  let product: ProductBody;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await signUp(t.http);
    product = await createProduct(t, owner);
  });
  afterAll(() => t.close());

  const { charge, request, move, operations } = rentalMoneyPath(() => ({ t, product }));

  it('holds at request, captures on acceptance, releases the deposit after the return; the ledger balances', async () => {
    const renter = await signUp(t.http);
    const card = await addPaymentMethod(t, renter);
    const rental = await request(renter);
    const { subtotal, platformFee, deposit, total } = rental.quote;
    expect(deposit).toBe(10000);

    let intent = (await rentalIntent(t, renter, rental.id))!;
    expect(intent).toMatchObject({
      purpose: 'rental',
      role: 'payer',
      status: 'authorized',
      currency: 'EUR',
      amount: total,
      breakdown: { charge: subtotal + platformFee, deposit, platformFee, ownerPayout: subtotal },
      amountCaptured: 0,
      depositStatus: 'held',
      paymentMethodId: card.id,
      lastPaymentError: null,
      nextAction: null,
    });
    expect(await ledgerOf(t, rental.id)).toEqual({
      payer_funds: -total,
      held_charge: subtotal + platformFee,
      held_deposit: deposit,
    });

    await move(rental, owner, 'accepted');
    intent = (await rentalIntent(t, renter, rental.id))!;
    expect(intent).toMatchObject({
      status: 'captured',
      amountCaptured: subtotal + platformFee,
      depositStatus: 'held',
    });
    expect(await ledgerOf(t, rental.id)).toEqual({
      payer_funds: -total,
      held_charge: 0,
      held_deposit: deposit,
      owner_payable: subtotal,
      platform_fee: platformFee,
    });

    await move(rental, owner, 'active');
    // The deposit stays held through the inspection window (the owner may file a damage claim)...
    await move(rental, owner, 'returned');
    intent = (await rentalIntent(t, renter, rental.id))!;
    expect(intent).toMatchObject({ status: 'captured', depositStatus: 'held', amountRefunded: 0 });
    // ...and is released when the rental completes.
    await move(rental, owner, 'completed');
    intent = (await rentalIntent(t, renter, rental.id))!;
    expect(intent).toMatchObject({ status: 'succeeded', depositStatus: 'released', amountRefunded: 0 });

    // Per rental, the ledger says what the rental says.
    const ledger = await ledgerOf(t, rental.id);
    const captured = ledger.owner_payable + ledger.platform_fee;
    expect(captured).toBe(rental.quote.subtotal + rental.quote.platformFee);
    expect(ledger.platform_fee).toBe(rental.quote.platformFee);
    expect(ledger.owner_payable).toBe(rental.quote.subtotal);
    expect(ledger.held_deposit).toBe(0);
    expect(ledger.held_charge).toBe(0);
    expect(-ledger.payer_funds).toBe(captured);
    expect(Object.values(ledger).reduce((a, b) => a + b, 0)).toBe(0);
    const [{ deposit_moves }] = await t.db.query(
      `SELECT count(*)::int AS deposit_moves FROM payment.ledger_entries WHERE rental_id = $1 AND account = 'held_deposit'`,
      [rental.id],
    );
    expect(deposit_moves).toBe(2); // held, then released
    expect(await journalsOf(t, rental.id)).toEqual([
      'authorization:charge',
      'authorization:deposit',
      'capture:charge',
      'release:deposit',
    ]);
    expect(await operations(intent.id)).toEqual([
      `rental-${rental.id}-charge-authorize-1:succeeded`,
      `rental-${rental.id}-deposit-authorize-1:succeeded`,
      `rental-${rental.id}-charge-capture:succeeded`,
      `rental-${rental.id}-deposit-cancel:succeeded`,
    ]);

    // The owner sees the payment as payee: amounts, never the renter's payment details.
    const asOwner = (await rentalIntent(t, owner, rental.id))!;
    expect(asOwner).toMatchObject({
      role: 'payee',
      status: 'succeeded',
      paymentMethodId: null,
      nextAction: null,
    });
    expect(asOwner.breakdown.ownerPayout).toBe(subtotal);
  });

  it('releases both holds when the owner declines', async () => {
    const renter = await signUp(t.http);
    await addPaymentMethod(t, renter);
    const rental = await request(renter);
    await move(rental, owner, 'declined');
    const intent = (await rentalIntent(t, renter, rental.id))!;
    expect(intent).toMatchObject({ status: 'canceled', amountCaptured: 0, depositStatus: 'released' });
    expect(await ledgerOf(t, rental.id)).toEqual({ payer_funds: 0, held_charge: 0, held_deposit: 0 });
    expect(await journalsOf(t, rental.id)).toEqual([
      'authorization:charge',
      'authorization:deposit',
      'release:charge',
      'release:deposit',
    ]);
  });

  it('releases the holds of a request that expires, and of one the renter cancels before acceptance', async () => {
    const renter = await signUp(t.http);
    await addPaymentMethod(t, renter);
    const expiring = await request(renter);
    const cancelled = await request(renter);
    await move(cancelled, renter, 'cancelled');
    await runRentalJob(t, 'rental.expire-requests', new Date(Date.now() + 3 * 86_400_000));
    await drain(t);
    for (const rental of [expiring, cancelled]) {
      expect((await rentalIntent(t, renter, rental.id))!.status).toBe('canceled');
      expect(await ledgerOf(t, rental.id)).toEqual({ payer_funds: 0, held_charge: 0, held_deposit: 0 });
    }
  });

  // The product is flexible and the stays start weeks ahead: by the policy the renter gets the whole
  // subtotal back (test/payment/cancellation-refunds covers every tier, through Stripe).
  it("refunds what rental decided: the policy's share of the subtotal (not the fee) when the renter cancels after acceptance, everything when the owner does", async () => {
    const renter = await signUp(t.http);
    await addPaymentMethod(t, renter);
    const byRenter = await request(renter);
    const byOwner = await request(renter);
    await move(byRenter, owner, 'accepted');
    await move(byOwner, owner, 'accepted');
    await move(byRenter, renter, 'cancelled');
    await move(byOwner, owner, 'cancelled');

    const decided = async (id: string) =>
      (await t.http.get(`/api/v1/rentals/${id}`).set(renter.auth)).body.cancellationRefund as number;
    expect(await decided(byRenter.id)).toBe(byRenter.quote.subtotal);
    expect(await decided(byOwner.id)).toBe(charge(byOwner));

    const renterSide = (await rentalIntent(t, renter, byRenter.id))!;
    expect(renterSide).toMatchObject({
      status: 'refunded',
      amountRefunded: byRenter.quote.subtotal,
      depositStatus: 'released',
    });
    expect(await ledgerOf(t, byRenter.id)).toEqual({
      payer_funds: -byRenter.quote.platformFee,
      held_charge: 0,
      held_deposit: 0,
      owner_payable: 0,
      platform_fee: byRenter.quote.platformFee,
    });

    const ownerSide = (await rentalIntent(t, renter, byOwner.id))!;
    expect(ownerSide).toMatchObject({
      status: 'refunded',
      amountRefunded: charge(byOwner),
      depositStatus: 'released',
    });
    expect(await ledgerOf(t, byOwner.id)).toEqual({
      payer_funds: 0,
      held_charge: 0,
      held_deposit: 0,
      owner_payable: 0,
      platform_fee: 0,
    });
  });
});
