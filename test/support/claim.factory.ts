import { createProduct } from './catalog.factory';
import type { SignedUpUser } from './identity.factory';
import { signUp } from './identity.factory';
import { addPaymentMethod, drain } from './payment.factory';
import type { RentalBody } from './rental.factory';
import { createRental, moveRental } from './rental.factory';
import type { StripeFixtureServer } from './stripe-fixture-server';
import type { TestApp } from './test-app';

export interface ClaimBody {
  id: string;
  rentalId: string;
  intentId: string;
  ownerId: string;
  renterId: string;
  amount: number;
  currency: string;
  description: string;
  photos: string[];
  status: string;
  awarded: number | null;
  filedAt: string;
  settledAt: string | null;
  history: { status: string; actorRole: string; amount: number | null; note: string | null }[];
  depositStatus: string;
  depositCaptured: number;
}

const answer = (id: string, fields: Record<string, unknown>) => (pi: Record<string, unknown>) => ({
  status: 200,
  body: { ...pi, id, last_payment_error: null, ...fields },
});
export const heldIntent = (amount: number) => ({
  status: 'requires_capture',
  amount,
  amount_capturable: amount,
});
export const capturedIntent = (amount: number, received = amount) => ({
  status: 'succeeded',
  amount,
  amount_capturable: 0,
  amount_received: received,
});
export const cancelledIntent = (amount: number) => ({ status: 'canceled', amount, amount_capturable: 0 });

/**
 * A rental paid through the Stripe fixture server and handed back: the charge captured, the
 * deposit still held (`pi_d<tag>`) in the inspection window. The renter needs a saved card.
 */
export async function returnedPaidRental(
  t: TestApp,
  server: StripeFixtureServer,
  parties: { owner: SignedUpUser; renter: SignedUpUser; product: { id: string } },
  startDate: string,
): Promise<RentalBody & { tag: string }> {
  const tag = startDate.replace(/-/g, '');
  const endDate = new Date(Date.parse(`${startDate}T00:00:00Z`) + 2 * 86_400_000).toISOString().slice(0, 10);
  const priced = await t.http
    .post('/api/v1/availability')
    .send({ productId: parties.product.id, startDate, endDate });
  if (priced.status !== 200) throw new Error(`availability failed: ${priced.status}`);
  const { quote } = priced.body;
  const charge = quote.subtotal + quote.platformFee;
  server.respondOnce('POST', /^\/v1\/payment_intents$/, answer(`pi_c${tag}`, heldIntent(charge)));
  server.respondOnce('POST', /^\/v1\/payment_intents$/, answer(`pi_d${tag}`, heldIntent(quote.deposit)));
  server.respondOnce(
    'POST',
    new RegExp(`/pi_c${tag}/capture$`),
    answer(`pi_c${tag}`, capturedIntent(charge)),
  );
  const rental = await createRental(t, parties.renter, parties.product, { startDate, endDate });
  await drain(t);
  await moveRental(t, rental, parties.owner, 'accepted');
  await drain(t);
  await moveRental(t, rental, parties.owner, 'active');
  const returned = await moveRental(t, rental, parties.owner, 'returned');
  await drain(t);
  return { ...returned, tag };
}

/** The next capture of the deposit `pi_d<tag>` answers as Stripe does for a partial capture. */
export function queueDepositCapture(
  server: StripeFixtureServer,
  tag: string,
  deposit: number,
  captured: number,
) {
  server.respondOnce(
    'POST',
    new RegExp(`/pi_d${tag}/capture$`),
    answer(`pi_d${tag}`, capturedIntent(deposit, captured)),
  );
}

export function queueDepositRelease(server: StripeFixtureServer, tag: string, deposit: number) {
  server.respondOnce(
    'POST',
    new RegExp(`/pi_d${tag}/cancel$`),
    answer(`pi_d${tag}`, cancelledIntent(deposit)),
  );
}

/** The calls the fixture server received on the deposit's gateway intent, as `action idempotency-key`. */
export function depositCalls(server: StripeFixtureServer, tag: string): string[] {
  return server.requests
    .filter((r) => r.method === 'POST' && r.path.startsWith(`/v1/payment_intents/pi_d${tag}/`))
    .map((r) => `${r.path.split('/').at(-1)} ${String(r.headers['idempotency-key'])}`);
}

export function fileClaim(t: TestApp, actor: SignedUpUser, rentalId: string, body: Record<string, unknown>) {
  return t.http.post(`/api/v1/payment/rentals/${rentalId}/claims`).set(actor.auth).send(body);
}

export const claimAction = (
  t: TestApp,
  actor: SignedUpUser,
  claimId: string,
  action: 'accept' | 'dispute' | 'withdraw',
  body: Record<string, unknown> = {},
) => t.http.post(`/api/v1/payment/claims/${claimId}/${action}`).set(actor.auth).send(body);

/** Everything the database holds about a rental's claims, to show a refusal changed nothing. */
export async function claimState(t: TestApp, rentalId: string) {
  const [row] = await t.db.query(
    `SELECT
       (SELECT count(*)::int FROM payment.claims WHERE rental_id = $1) AS claims,
       (SELECT coalesce(json_agg(status ORDER BY status), '[]') FROM payment.claims WHERE rental_id = $1) AS statuses,
       (SELECT count(*)::int FROM payment.claim_status_changes h JOIN payment.claims c ON c.id = h.claim_id WHERE c.rental_id = $1) AS history,
       (SELECT count(*)::int FROM payment.payout_holds WHERE rental_id = $1 AND lifted_at IS NULL) AS open_holds,
       (SELECT count(*)::int FROM payment.outbox_events WHERE payload->>'rentalId' = $1::text AND type LIKE 'payment.Claim%') AS events,
       (SELECT count(*)::int FROM payment.ledger_entries WHERE rental_id = $1) AS ledger_lines,
       (SELECT deposit_claim_id FROM payment.payment_intents WHERE rental_id = $1) AS deposit_claim_id`,
    [rentalId],
  );
  return row;
}

/**
 * With the sandbox gateway: a paid rental, handed back (the deposit held), of fresh people or of
 * `parties` (the renter with a saved card already).
 */
export async function sandboxReturnedRental(
  t: TestApp,
  parties?: { owner: SignedUpUser; renter: SignedUpUser },
) {
  const owner = parties?.owner ?? (await signUp(t.http, { fullName: 'Claiming Owner' }));
  const renter = parties?.renter ?? (await signUp(t.http, { fullName: 'Claimed Renter' }));
  if (!parties) await addPaymentMethod(t, renter);
  const rental = await createRental(t, renter, await createProduct(t, owner));
  await drain(t);
  for (const status of ['accepted', 'active', 'returned'] as const) {
    await moveRental(t, rental, owner, status);
    await drain(t);
  }
  return { owner, renter, rental };
}

/**
 * With the sandbox gateway: a returned rental of fresh people (the deposit held) and its owner's
 * claim, disputed by the renter when asked. For the contract and hardening matrices.
 */
export async function sandboxClaim(
  t: TestApp,
  options: { disputed?: boolean; parties?: { owner: SignedUpUser; renter: SignedUpUser } } = {},
): Promise<{
  owner: SignedUpUser;
  renter: SignedUpUser;
  rentalId: string;
  intentId: string;
  claim: ClaimBody;
}> {
  const { owner, renter, rental } = await sandboxReturnedRental(t, options.parties);
  const filed = await fileClaim(t, owner, rental.id, {
    amount: 2500,
    currency: rental.quote.currency,
    description: 'The drill came back with a cracked housing.',
    photos: ['media/crack.jpg'],
  });
  if (filed.status !== 201)
    throw new Error(`filing a claim failed: ${filed.status} ${JSON.stringify(filed.body)}`);
  let claim = filed.body as ClaimBody;
  if (options.disputed) {
    const res = await claimAction(t, renter, claim.id, 'dispute', { note: 'It was cracked before.' });
    if (res.status !== 200) throw new Error(`disputing failed: ${res.status} ${JSON.stringify(res.body)}`);
    claim = res.body as ClaimBody;
  }
  return { owner, renter, rentalId: rental.id, intentId: claim.intentId, claim };
}
