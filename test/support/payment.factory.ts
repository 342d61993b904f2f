import Stripe from 'stripe';
import { EventRelay } from '../../src/platform/events/event-relay';
import type { SignedUpUser } from './identity.factory';
import type { RentalBody, RentalStatusName } from './rental.factory';
import { createRental, moveRental } from './rental.factory';
import type { TestApp } from './test-app';

/** The webhook signing secret the payment tests configure (STRIPE_WEBHOOK_SECRET). */
export const WEBHOOK_SECRET = 'whsec_onesocietytestsecret';

export interface PaymentMethodBody {
  id: string;
  type: 'card' | 'bank_account' | 'wallet';
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
  wallet: string | null;
  bankName: string | null;
  isDefault: boolean;
  supportsHolds: boolean;
  createdAt: string;
}

export interface PaymentIntentBody {
  id: string;
  purpose: 'rental' | 'subscription';
  role: 'payer' | 'payee';
  rentalId: string | null;
  subscriptionId: string | null;
  status: string;
  currency: string;
  amount: number;
  breakdown: { charge: number; deposit: number; platformFee: number; ownerPayout: number };
  amountCaptured: number;
  amountRefunded: number;
  depositStatus: 'none' | 'pending' | 'held' | 'released' | 'captured';
  paymentMethodId: string | null;
  lastPaymentError: { code: string; message: string } | null;
  nextAction: { type: string; redirectUrl: string | null; clientSecret: string | null } | null;
  depositHold: {
    heldSince: string;
    expiresAt: string;
    renewals: number;
    renewalFailure: {
      attempts: number;
      lastAttemptAt: string;
      willRetry: boolean;
      error: { code: string; message: string } | null;
    } | null;
  } | null;
  createdAt: string;
  updatedAt: string;
}

/** POST /api/v1/payment/payment-methods with a sandbox token; throws on anything but 201. */
export async function addPaymentMethod(
  t: TestApp,
  user: SignedUpUser,
  token = 'pm_card_visa',
  makeDefault?: boolean,
): Promise<PaymentMethodBody> {
  const res = await t.http
    .post('/api/v1/payment/payment-methods')
    .set(user.auth)
    .send(makeDefault === undefined ? { token } : { token, makeDefault });
  if (res.status !== 201)
    throw new Error(`addPaymentMethod failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as PaymentMethodBody;
}

/** Delivers every pending integration event (rental → payment, ...), as the relay would. */
export const drain = (t: TestApp) => t.app.get(EventRelay).drain();

/**
 * Drives rentals of one product through rental's HTTP API and lets their events reach payment
 * (the outbox drained after each step). `current` is read at each call, as suites set up the app
 * and product in beforeAll. Each rental gets its own dates, so tests never collide on the calendar.
 */
export function rentalMoneyPath(current: () => { t: TestApp; product: { id: string } }) {
  let nextStart = 2;
  return {
    charge: (r: RentalBody) => r.quote.subtotal + r.quote.platformFee,
    async request(renter: SignedUpUser): Promise<RentalBody> {
      const { t, product } = current();
      const startDate = new Date(Date.now() + nextStart * 86_400_000).toISOString().slice(0, 10);
      nextStart += 5;
      const rental = await createRental(t, renter, product, { startDate });
      await drain(t);
      return rental;
    },
    async move(rental: RentalBody, actor: SignedUpUser, status: RentalStatusName): Promise<void> {
      await moveRental(current().t, rental, actor, status);
      await drain(current().t);
    },
    /** The gateway calls recorded for an intent, as `idempotency key:status`, in order. */
    async operations(intentId: string): Promise<string[]> {
      const rows: { idempotency_key: string; status: string }[] = await current().t.db.query(
        'SELECT idempotency_key, status FROM payment.gateway_operations WHERE intent_id = $1 ORDER BY requested_at',
        [intentId],
      );
      return rows.map((r) => `${r.idempotency_key}:${r.status}`);
    },
  };
}

/** The rental's payment intent as `user` sees it (GET /payment-intents?rentalId=); null when none. */
export async function rentalIntent(
  t: TestApp,
  user: SignedUpUser,
  rentalId: string,
): Promise<PaymentIntentBody | null> {
  const res = await t.http.get(`/api/v1/payment/payment-intents?rentalId=${rentalId}`).set(user.auth);
  if (res.status !== 200) throw new Error(`list intents failed: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body.items[0] as PaymentIntentBody) ?? null;
}

/** The ledger balance of every account for one rental, straight from the database. */
export async function ledgerOf(t: TestApp, rentalId: string): Promise<Record<string, number>> {
  const rows: { account: string; total: number }[] = await t.db.query(
    `SELECT account, sum(amount)::int AS total FROM payment.ledger_entries WHERE rental_id = $1 GROUP BY account`,
    [rentalId],
  );
  return Object.fromEntries(rows.map((r) => [r.account, r.total]));
}

/** The journals posted for one rental, as `type:leg`, sorted. */
export async function journalsOf(t: TestApp, rentalId: string): Promise<string[]> {
  const rows: { journal: string }[] = await t.db.query(
    `SELECT DISTINCT journal_key, journal_type || ':' || leg AS journal FROM payment.ledger_entries WHERE rental_id = $1`,
    [rentalId],
  );
  return rows.map((r) => r.journal).sort();
}

/** A Stripe event as Stripe would send it: the exact bytes and their signature header. */
export function signedWebhook(
  event: { id: string; type: string; object: Record<string, unknown>; created?: number; account?: string },
  options: { secret?: string; timestamp?: number } = {},
): { payload: string; signature: string } {
  const created = event.created ?? Math.floor(Date.now() / 1000);
  const payload = JSON.stringify({
    id: event.id,
    object: 'event',
    api_version: '2025-01-27.acacia',
    created,
    livemode: false,
    pending_webhooks: 1,
    // Connect events name the connected account they happened on.
    ...(event.account ? { account: event.account } : {}),
    request: { id: null, idempotency_key: null },
    type: event.type,
    data: { object: event.object },
  });
  const signature = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? WEBHOOK_SECRET,
    timestamp: options.timestamp,
  });
  return { payload, signature };
}
