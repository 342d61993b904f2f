import type { RentalStatus } from '../contracts/rental-api';
import type { CancellationOutcome, CancellationPolicy, PolicyWindow } from './cancellation-policy';
import {
  fullRefundUntil,
  policyWindows,
  refundOnCancellation,
  shareOf,
  startInstant,
} from './cancellation-policy';
import { canTransition } from './rental-lifecycle';

/** A stay's cancellation terms as the quote and a rental's detail show them. */
export interface CancellationTerms {
  policy: CancellationPolicy;
  /** The instant the tiers count down to: 00:00 UTC of the start date. */
  startsAt: Date;
  /** The renter's refund by when they cancel an accepted rental: each window with its amount. */
  windows: (PolicyWindow & { refund: number })[];
  /** The last instant a full refund is left; null when none is. */
  fullRefundUntil: Date | null;
  /** What cancelling at `at` would refund; null when the viewer cannot cancel now. */
  ifCancelledNow: CancellationOutcome | null;
}

export interface PricedStay {
  policy: CancellationPolicy;
  startDate: string;
  subtotal: number;
  platformFee: number;
}

function termsOf(stay: PricedStay, at: Date, ifCancelledNow: CancellationOutcome | null): CancellationTerms {
  return {
    policy: stay.policy,
    startsAt: startInstant(stay.startDate),
    windows: policyWindows(stay.policy, stay.startDate).map((w) => ({
      ...w,
      refund: shareOf(stay.subtotal, w.refundPercent),
    })),
    fullRefundUntil: fullRefundUntil(stay.policy, stay.startDate, at),
    ifCancelledNow,
  };
}

/**
 * Before booking: what the renter would get back by cancelling at `at` once the owner has accepted
 * (before acceptance nothing is captured and cancelling releases everything).
 */
export function quotedTerms(
  stay: PricedStay,
  at: Date,
): CancellationTerms & { ifCancelledNow: CancellationOutcome } {
  const ifCancelledNow = refundOnCancellation({ ...stay, from: 'accepted', by: 'renter', at });
  return { ...termsOf(stay, at, ifCancelledNow), ifCancelledNow };
}

/** A rental's terms for one of its parties: what their cancelling at `at` would refund, if they may. */
export function termsFor(
  stay: PricedStay & { status: RentalStatus },
  party: 'renter' | 'owner',
  at: Date,
): CancellationTerms {
  const { status } = stay;
  const mayCancel =
    (status === 'requested' || status === 'accepted') && canTransition(status, 'cancelled', party);
  const ifCancelledNow = mayCancel ? refundOnCancellation({ ...stay, from: status, by: party, at }) : null;
  return termsOf(stay, at, ifCancelledNow);
}
