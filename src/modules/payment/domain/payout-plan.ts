import type { Journal } from './ledger';
import type { LegKind } from './payment-intent';

/**
 * An owner's share of one rental, on its way to them:
 * pending (owed, waiting for its release time, a hold or the owner's onboarding) → transferring
 * (the transfer is being made; resumed with the same key after a crash) → transferred (at the
 * owner's connected account) → paid_out (the account paid it out to the bank). cancelled: nothing
 * was owed when it came to be released.
 */
export type PayoutStatus = 'pending' | 'transferring' | 'transferred' | 'paid_out' | 'cancelled';
export const PAYOUT_STATUSES: readonly PayoutStatus[] = [
  'pending',
  'transferring',
  'transferred',
  'paid_out',
  'cancelled',
];

/**
 * Why money is held back from an owner (claims and disputes on the rental place and lift these; an
 * admin refund holds it while the refund is at the gateway, so the payout never sends what is refunded).
 */
export type PayoutHoldReason = 'claim' | 'dispute' | 'refund';
export const PAYOUT_HOLD_REASONS: readonly PayoutHoldReason[] = ['claim', 'dispute', 'refund'];

/** What a pending payout waits for, or `release` when it can go now, or `nothing_owed`. */
export type ReleaseDecision =
  | { kind: 'release'; amount: number }
  | { kind: 'wait'; for: 'release_time' | 'hold' | 'onboarding' | 'capture' }
  | { kind: 'nothing_owed' };

export interface ReleaseFacts {
  now: Date;
  releaseAfter: Date;
  openHolds: number;
  ownerCanReceivePayouts: boolean;
  /** The owner_payable balance of this rental's leg: what is owed and still with the platform. */
  owed: number;
  /** The charge is still moving at the gateway (not captured yet, a refund under way). */
  moneyInFlight: boolean;
}

/**
 * The release rule: never before its time, never while a claim or dispute holds it, only to an
 * account that can receive it, and only what the ledger says is still owed (a refund after
 * completion lowers it).
 */
export function decideRelease(facts: ReleaseFacts): ReleaseDecision {
  // Every condition must hold; the order only picks what the owner is told it waits for: what
  // someone can act on (a claim, their onboarding) before the clock.
  if (facts.openHolds > 0) return { kind: 'wait', for: 'hold' };
  if (facts.moneyInFlight) return { kind: 'wait', for: 'capture' };
  if (facts.owed <= 0) return { kind: 'nothing_owed' };
  if (!facts.ownerCanReceivePayouts) return { kind: 'wait', for: 'onboarding' };
  if (facts.now.getTime() < facts.releaseAfter.getTime()) return { kind: 'wait', for: 'release_time' };
  return { kind: 'release', amount: facts.owed };
}

/**
 * The transfer's idempotency key, from the rental and the step as the settlement planner derives
 * its own (`rental-<id>-charge-capture`). A refused transfer's answer is kept by the gateway under
 * its key, so each retry after a refusal takes the next suffix; a retry after a timeout or crash
 * (nothing refused) reuses the key and gets the first answer.
 */
export function transferKey(rentalId: string, leg: LegKind, refusals: number): string {
  return [`rental-${rentalId}`, leg, 'transfer', refusals > 0 ? refusals : undefined]
    .filter((part) => part !== undefined)
    .join('-');
}

/** The transfer group the rental's charge and its owner's transfer share. */
export const transferGroupOf = (rentalId: string) => `rental-${rentalId}`;

/** The money leaves the platform for the owner's connected account. */
export function transferJournal(payoutId: string, leg: LegKind, amount: number): Journal {
  return {
    key: `payout-${payoutId}:transferred`,
    type: 'transfer',
    leg,
    lines: [
      { account: 'owner_payable', amount: -amount },
      { account: 'owner_transferred', amount },
    ],
  };
}

/** The connected account paid it out to the owner's bank. */
export function paidOutJournal(payoutId: string, leg: LegKind, amount: number): Journal {
  return {
    key: `payout-${payoutId}:paid-out`,
    type: 'payout',
    leg,
    lines: [
      { account: 'owner_transferred', amount: -amount },
      { account: 'owner_paid_out', amount },
    ],
  };
}
