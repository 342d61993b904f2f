import { RELEASE_PAYOUTS_JOB } from '../../src/modules/payment/application/payout-jobs';
import { JobScheduler } from '../../src/platform/jobs/job-scheduler';
import type { SignedUpUser } from './identity.factory';
import { drain } from './payment.factory';
import type { RentalBody } from './rental.factory';
import { completeRental } from './rental.factory';
import type { StripeFixtureServer } from './stripe-fixture-server';
import type { TestApp } from './test-app';

export const HOUR = 3_600_000;

export interface PayoutBody {
  id: string;
  rentalId: string;
  status: string;
  amount: number;
  currency: string;
  releaseAfter: string;
  waitingFor: string | null;
  transferredAt: string | null;
  paidOutAt: string | null;
  createdAt: string;
}

/** Runs the payout job now, as the scheduler would at `now`; false when another run holds it. */
export const releasePayouts = (t: TestApp, now = new Date()) =>
  t.app.get(JobScheduler).runNow(RELEASE_PAYOUTS_JOB, now);

/** The payout row of a rental's charge, straight from the database. */
export async function payoutRow(t: TestApp, rentalId: string) {
  const rows = await t.db.query(`SELECT * FROM payment.payouts WHERE rental_id = $1 AND leg = 'charge'`, [
    rentalId,
  ]);
  return rows[0] ?? null;
}

/** The sum of every ledger line of a rental: 0 when every journal balances. */
export async function ledgerTotal(t: TestApp, rentalId: string): Promise<number> {
  const [{ total }] = await t.db.query(
    'SELECT coalesce(sum(amount), 0)::int AS total FROM payment.ledger_entries WHERE rental_id = $1',
    [rentalId],
  );
  return total;
}

/**
 * A rental paid through the Stripe fixture server and completed: the charge and deposit are held
 * (queued answers: requires_capture), the charge captured on acceptance, the deposit released on
 * return, then the owner completes it. The renter needs a saved card.
 */
export async function completedPaidRental(
  t: TestApp,
  server: StripeFixtureServer,
  parties: { owner: SignedUpUser; renter: SignedUpUser; product: { id: string } },
  startDate: string,
): Promise<RentalBody> {
  const tag = startDate.replace(/-/g, '');
  const answer = (id: string, fields: Record<string, unknown>) => (pi: Record<string, unknown>) => ({
    status: 200,
    body: { ...pi, id, last_payment_error: null, ...fields },
  });
  const queueHolds = (charge: number, deposit: number) => {
    server.respondOnce('POST', /^\/v1\/payment_intents$/, answer(`pi_c${tag}`, held(charge)));
    server.respondOnce('POST', /^\/v1\/payment_intents$/, answer(`pi_d${tag}`, held(deposit)));
    server.respondOnce('POST', new RegExp(`/pi_c${tag}/capture$`), answer(`pi_c${tag}`, captured(charge)));
    server.respondOnce('POST', new RegExp(`/pi_d${tag}/cancel$`), answer(`pi_d${tag}`, cancelled(deposit)));
  };
  const { owner, renter, product } = parties;
  const endDate = new Date(Date.parse(`${startDate}T00:00:00Z`) + 2 * 86_400_000).toISOString().slice(0, 10);
  // The price is known before booking (the same quote the rental will carry).
  const priced = await t.http
    .post('/api/v1/availability')
    .send({ productId: product.id, startDate, endDate });
  if (priced.status !== 200)
    throw new Error(`availability failed: ${priced.status} ${JSON.stringify(priced.body)}`);
  const { quote } = priced.body;
  queueHolds(quote.subtotal + quote.platformFee, quote.deposit);
  const rental = await completeRental(t, owner, renter, product, { startDate, endDate });
  await drain(t);
  return rental;
}

const held = (amount: number) => ({ status: 'requires_capture', amount, amount_capturable: amount });
const captured = (amount: number) => ({
  status: 'succeeded',
  amount,
  amount_capturable: 0,
  amount_received: amount,
});
const cancelled = (amount: number) => ({ status: 'canceled', amount, amount_capturable: 0 });
