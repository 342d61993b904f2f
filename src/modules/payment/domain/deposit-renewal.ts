import type { PaymentStage } from './payment-intent';

/**
 * Long rentals: a card authorization (the deposit's hold) lapses after about 7 days for online
 * payments (Stripe cancels the payment intent; Visa's window for merchant-initiated holds is 4 days
 * 18 hours). A deposit is held from the request until the return, which can be longer, so a job
 * renews the hold before it lapses: a new off-session authorization for the same amount, then the
 * old one cancelled (never the other way round: the owner is never left without a hold that
 * could have been kept). A renewal the card refuses (declined, authentication required) is retried
 * a few times while the old hold lasts, and each failure is told to both parties.
 */

/** Attempts per hold before the job stops asking the card (the last one is told as final). */
export const RENEWAL_MAX_ATTEMPTS = 3;
/** Between two attempts: a refused card is not asked again at once (networks frown on it). */
export const RENEWAL_RETRY_HOURS = 12;

const HOUR_MS = 3_600_000;

export type RenewalStatus = 'requested' | 'authorized' | 'completed' | 'failed' | 'abandoning' | 'abandoned';
export const RENEWAL_STATUSES: readonly RenewalStatus[] = [
  'requested',
  'authorized',
  'completed',
  'failed',
  'abandoning',
  'abandoned',
];
/** A renewal under way (resumed with the same keys after a crash or an unavailable gateway). */
export const RENEWAL_IN_FLIGHT: readonly RenewalStatus[] = ['requested', 'authorized', 'abandoning'];

/**
 * The deposit is held from the request through the return's inspection window, and after it while
 * a damage claim is open or disputed (see targetFor): its hold is renewed all that time.
 */
export const depositHeldAt = (stage: PaymentStage, claimPending = false) =>
  claimPending || stage === 'requested' || stage === 'accepted' || stage === 'active' || stage === 'returned';

export interface RenewalPolicy {
  /** AUTHORIZATION_VALIDITY_DAYS. */
  validityDays: number;
  /** DEPOSIT_RENEWAL_LEAD_HOURS: how long before the lapse the first attempt is made. */
  leadHours: number;
}

export const holdExpiresAt = (heldSince: Date, policy: RenewalPolicy) =>
  new Date(heldSince.getTime() + policy.validityDays * 24 * HOUR_MS);

export type RenewalDecision =
  { kind: 'renew'; attempt: number } | { kind: 'wait'; until: Date } | { kind: 'give_up' };

/**
 * Whether the current hold should be renewed now: from `leadHours` before it lapses (or after:
 * a lapsed hold is still worth replacing while the rental runs), at most RENEWAL_MAX_ATTEMPTS
 * times, RENEWAL_RETRY_HOURS apart.
 */
export function decideRenewal(input: {
  now: Date;
  heldSince: Date;
  policy: RenewalPolicy;
  /** Refused attempts to replace this hold so far, and when the last one was made. */
  failedAttempts: number;
  lastAttemptAt: Date | null;
}): RenewalDecision {
  const due = new Date(
    holdExpiresAt(input.heldSince, input.policy).getTime() - input.policy.leadHours * HOUR_MS,
  );
  if (input.now.getTime() < due.getTime()) return { kind: 'wait', until: due };
  if (input.failedAttempts >= RENEWAL_MAX_ATTEMPTS) return { kind: 'give_up' };
  if (input.lastAttemptAt) {
    const retry = new Date(input.lastAttemptAt.getTime() + RENEWAL_RETRY_HOURS * HOUR_MS);
    if (input.now.getTime() < retry.getTime()) return { kind: 'wait', until: retry };
  }
  return { kind: 'renew', attempt: input.failedAttempts + 1 };
}

/**
 * The new authorization's idempotency key, from the intent's reference, the renewal's generation
 * (1 for the first hold's replacement) and the attempt: a retry after a crash or a timeout reuses
 * it and the gateway answers with the first authorization; a new attempt after a refusal takes
 * the next one.
 */
export const renewalKey = (reference: string, generation: number, attempt: number) =>
  `${reference}-deposit-renew-${generation}-${attempt}`;
