import type { CancellationPolicy, CancellationRefund, RefundBasis } from '../contracts/rental-api';
import { toDayNumber } from './calendar-date';

export type { CancellationPolicy, CancellationRefund, RefundBasis } from '../contracts/rental-api';

/**
 * Cancellation policies: what a renter who cancels an accepted rental gets back, by the listing's
 * policy (fixed on the rental when it is requested) and the time left before the start.
 *
 * - The start, for these rules, is 00:00 UTC of the start date: products have no pickup time, and
 *   every other date rule (lead time, past dates) already reads the calendar in UTC. A stay starting
 *   today has therefore already started when it is booked: the last tier applies from the outset.
 * - A tier's cut-off belongs to the tier before it: cancelling exactly 24 h before the start under
 *   `flexible` still refunds in full, one millisecond later refunds half.
 * - The last tier runs on past the start until the hand-over (an accepted rental can still be
 *   cancelled then): a renter who no longer wants the item gets no more back by waiting.
 * - Shares apply to the subtotal, rounded down to a minor unit (the owner never gets less than
 *   the rest). The platform fee is never refunded to a renter who cancels after acceptance.
 * - The owner cancelling refunds everything, subtotal and fee, at any time; so does any
 *   cancellation before acceptance, when nothing has been captured (the holds are released).
 */
export const CANCELLATION_POLICIES = [
  'flexible',
  'moderate',
  'strict',
] as const satisfies readonly CancellationPolicy[];

/** The policy of listings that never chose one, and of rentals booked before policies existed. */
export const DEFAULT_CANCELLATION_POLICY: CancellationPolicy = 'flexible';

export interface PolicyStep {
  /** Cancelling at least this many hours before the start gets `refundPercent`. */
  hoursBefore: number;
  refundPercent: number;
}

export interface PolicyTiers {
  /** By decreasing `hoursBefore`: the first step still open applies. */
  steps: readonly PolicyStep[];
  /** After the last cut-off, until the hand-over. */
  finalPercent: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export const POLICY_TIERS: Readonly<Record<CancellationPolicy, PolicyTiers>> = {
  flexible: { steps: [{ hoursBefore: 24, refundPercent: 100 }], finalPercent: 50 },
  moderate: {
    steps: [
      { hoursBefore: 5 * 24, refundPercent: 100 },
      { hoursBefore: 24, refundPercent: 50 },
    ],
    finalPercent: 0,
  },
  strict: { steps: [{ hoursBefore: 7 * 24, refundPercent: 50 }], finalPercent: 0 },
};

/** The most windows any policy has for a stay (its steps and the last window): bounds the contract's lists. */
export const MAX_POLICY_WINDOWS = Math.max(
  ...Object.values(POLICY_TIERS).map((tiers) => tiers.steps.length + 1),
);

export function isCancellationPolicy(value: unknown): value is CancellationPolicy {
  return (CANCELLATION_POLICIES as readonly unknown[]).includes(value);
}

/** The instant a stay starts for its cancellation policy: 00:00 UTC of its first day. */
export function startInstant(startDate: string): Date {
  return new Date(toDayNumber(startDate) * DAY_MS);
}

/** One window of a policy for one stay: cancelling up to `until` (inclusive) refunds `refundPercent`. */
export interface PolicyWindow {
  /** The cut-off instant; null for the last window, which lasts until the hand-over. */
  until: Date | null;
  refundPercent: number;
}

/** The policy's windows for a stay starting on `startDate`, earliest first (some may be past). */
export function policyWindows(policy: CancellationPolicy, startDate: string): PolicyWindow[] {
  const start = startInstant(startDate).getTime();
  const { steps, finalPercent } = POLICY_TIERS[policy];
  return [
    ...steps.map((step) => ({
      until: new Date(start - step.hoursBefore * HOUR_MS),
      refundPercent: step.refundPercent,
    })),
    { until: null, refundPercent: finalPercent },
  ];
}

/** The window a cancellation at `at` falls in: the first whose cut-off is not yet past. */
export function windowAt(policy: CancellationPolicy, startDate: string, at: Date): PolicyWindow {
  const windows = policyWindows(policy, startDate);
  return windows.find((w) => w.until === null || at.getTime() <= w.until.getTime()) ?? windows.at(-1)!;
}

/** `percent` of `subtotal`, rounded down to a minor unit. */
export function shareOf(subtotal: number, percent: number): number {
  return Math.floor((subtotal * percent) / 100);
}

/** A cancellation's refund (see CancellationRefund for the fields), and until when it holds. */
export interface CancellationOutcome extends CancellationRefund {
  /** When this answer changes (the window's cut-off); null when it holds until the hand-over. */
  until: Date | null;
}

export interface CancellationCase {
  policy: CancellationPolicy;
  startDate: string;
  subtotal: number;
  platformFee: number;
  /** The status the rental is cancelled from: only these two may be cancelled. */
  from: 'requested' | 'accepted';
  by: 'renter' | 'owner';
  at: Date;
}

/** The refund of a cancellation; the deposit is not part of it (its hold is always released). */
export function refundOnCancellation(c: CancellationCase): CancellationOutcome {
  const everything = (basis: RefundBasis): CancellationOutcome => ({
    policy: c.policy,
    basis,
    refundPercent: 100,
    amount: c.subtotal + c.platformFee,
    platformFeeRefunded: true,
    until: null,
  });
  if (c.from === 'requested') return everything('before_acceptance');
  if (c.by === 'owner') return everything('owner');
  const window = windowAt(c.policy, c.startDate, c.at);
  return {
    policy: c.policy,
    basis: 'policy',
    refundPercent: window.refundPercent,
    amount: shareOf(c.subtotal, window.refundPercent),
    platformFeeRefunded: false,
    until: window.until,
  };
}

/** The last instant a renter can cancel an accepted rental for a full refund; null when past or never. */
export function fullRefundUntil(policy: CancellationPolicy, startDate: string, at: Date): Date | null {
  const open = policyWindows(policy, startDate).filter(
    (w) => w.refundPercent === 100 && (w.until === null || at.getTime() <= w.until.getTime()),
  );
  return open.at(-1)?.until ?? null;
}
