import { DomainError } from '../../../platform/errors/domain-error';

/** Payout statuses after which the owner's share has left (or is leaving) the platform. */
const PAID_STATUSES = ['transferring', 'transferred', 'paid_out'];

export const RefundErrors = {
  notRefundable: (status: string) =>
    new DomainError(
      'PAYMENT.NOTHING_TO_REFUND',
      'conflict',
      `Only captured money can be refunded, and none of this payment is left to refund (charge ${status})`,
      { chargeStatus: status },
    ),
  aboveRefundable: (refundable: number) =>
    new DomainError(
      'PAYMENT.REFUND_ABOVE_CAPTURED',
      'validation',
      `At most ${refundable} can be refunded: what was captured less what was refunded or is being refunded`,
      { refundable, errors: [{ field: 'amount', message: `amount must be at most ${refundable}` }] },
    ),
  afterPayout: (payoutStatus: string) =>
    new DomainError(
      'PAYMENT.REFUND_AFTER_PAYOUT',
      'conflict',
      "The owner's share of this rental has already been transferred to them: a refund now would be paid by the " +
        'platform, which this API does not do automatically. Settle it with the owner first (see the README, Refunds).',
      { payoutStatus },
    ),
  tooMany: (max: number) =>
    new DomainError('PAYMENT.TOO_MANY_REFUNDS', 'conflict', `A payment takes at most ${max} admin refunds`, {
      max,
    }),
  settling: () =>
    new DomainError(
      'PAYMENT.INTENT_SETTLING',
      'conflict',
      'Money of this payment is still moving at the gateway (a capture, a release, a refund): try again shortly',
    ),
};

export interface RefundFacts {
  chargeStatus: string;
  captured: number;
  /** Refunded already, plus refunds reserved and not recorded yet. */
  refundedOrPending: number;
  /** The status of the owner's payout of the rental's charge, if one is scheduled. */
  payoutStatus: string | null;
  /** The intent waits for the reconciler (a stage change, a claim settling). */
  settling: boolean;
}

/**
 * How much an admin refund takes: `requested` (a partial refund) or everything refundable (null),
 * never more than was captured less what was refunded, never once the owner's share has left, and
 * never while the reconciler is moving money on the same payment.
 */
export function refundAmount(facts: RefundFacts, requested: number | null): number {
  if (facts.payoutStatus !== null && PAID_STATUSES.includes(facts.payoutStatus))
    throw RefundErrors.afterPayout(facts.payoutStatus);
  if (facts.settling) throw RefundErrors.settling();
  const refundable = facts.chargeStatus === 'succeeded' ? facts.captured - facts.refundedOrPending : 0;
  if (refundable <= 0) throw RefundErrors.notRefundable(facts.chargeStatus);
  const amount = requested ?? refundable;
  if (amount > refundable) throw RefundErrors.aboveRefundable(refundable);
  return amount;
}
