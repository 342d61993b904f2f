import { randomUUID } from 'node:crypto';
import { createProduct } from './catalog.factory';
import type { SignedUpUser } from './identity.factory';
import { signUp } from './identity.factory';
import { addPaymentMethod, drain, rentalIntent, signedWebhook } from './payment.factory';
import { completeRental } from './rental.factory';
import type { StripeFixtureServer } from './stripe-fixture-server';
import type { TestApp } from './test-app';

/** A signed Stripe event through POST /payment/webhooks/stripe; each gets a fresh event id unless given. */
export function deliverWebhook(
  t: TestApp,
  event: { type: string; object: Record<string, unknown>; account?: string; id?: string; created?: number },
) {
  const { payload, signature } = signedWebhook({
    id: event.id ?? `evt_${randomUUID().replaceAll('-', '')}`,
    ...event,
  });
  return t.http
    .post('/api/v1/payment/webhooks/stripe')
    .set('content-type', 'application/json')
    .set('stripe-signature', signature)
    .send(payload);
}

/** The owner's Express account at the fixture server, onboarded, as a signed account.updated tells us. */
export async function onboardAtStripe(t: TestApp, server: StripeFixtureServer, owner: SignedUpUser) {
  await t.http.post('/api/v1/payment/connect/account').set(owner.auth);
  const [row] = await t.db.query(
    'SELECT gateway_account_id FROM payment.connected_accounts WHERE user_id = $1',
    [owner.id],
  );
  const account = server.connect.completeOnboarding(row.gateway_account_id);
  const res = await deliverWebhook(t, { type: 'account.updated', object: account });
  if (res.body.outcome !== 'applied')
    throw new Error(`account.updated not applied: ${JSON.stringify(res.body)}`);
  return row.gateway_account_id as string;
}

/** The gateway payment intent of a rental's leg, from our records. */
export async function gatewayIntentOf(t: TestApp, rentalId: string, leg: 'charge' | 'deposit' = 'charge') {
  const [row] = await t.db.query(
    `SELECT l.gateway_intent_id FROM payment.payment_legs l JOIN payment.payment_intents i ON i.id = l.intent_id
     WHERE i.rental_id = $1 AND l.kind = $2`,
    [rentalId, leg],
  );
  return row.gateway_intent_id as string;
}

/** Our dispute row for a gateway dispute. */
export async function disputeRow(t: TestApp, gatewayDisputeId: string) {
  const rows = await t.db.query('SELECT * FROM payment.disputes WHERE gateway_dispute_id = $1', [
    gatewayDisputeId,
  ]);
  return rows[0] ?? null;
}

/** The outbox events of a type about one dispute (or rental), payloads only, oldest first. */
export async function outboxPayloads(
  t: TestApp,
  type: string,
  key: { disputeId?: string; rentalId?: string },
) {
  const [field, value] = key.disputeId ? ['disputeId', key.disputeId] : ['rentalId', key.rentalId];
  const rows: { payload: Record<string, unknown> }[] = await t.db.query(
    `SELECT payload FROM payment.outbox_events WHERE type = $1 AND payload->>'${field}' = $2 ORDER BY occurred_at`,
    [type, value],
  );
  return rows.map((r) => r.payload);
}

/**
 * With the sandbox gateway: a completed, paid rental of fresh people whose renter disputes the
 * payment through the sandbox's trigger (a chargeback unless told otherwise). The dispute's body.
 */
export async function sandboxDispute(
  t: TestApp,
  options: { reason?: string; inquiry?: boolean } = {},
): Promise<{ id: string; rentalId: string; intentId: string; status: string }> {
  const owner = await signUp(t.http, { fullName: 'Disputed Owner' });
  const renter = await signUp(t.http, { fullName: 'Disputing Renter' });
  await addPaymentMethod(t, renter);
  const rental = await completeRental(t, owner, renter, await createProduct(t, owner));
  await drain(t);
  const intent = await rentalIntent(t, renter, rental.id);
  const res = await t.http
    .post('/api/v1/payment/sandbox/disputes')
    .set(renter.auth)
    .send({ paymentIntentId: intent!.id, ...options });
  if (res.status !== 201)
    throw new Error(`sandbox dispute failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
