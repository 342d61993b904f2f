import type { IntentState, LegState } from '../domain/payment-intent';
import type { LegSnapshot, RentalSplit } from '../domain/ledger';
import type { PaymentIntentEntity } from '../persistence/payment-intent.entity';
import type { PaymentLegEntity } from '../persistence/payment-leg.entity';

/** The deposit after the charge, always: the plan walks legs in this order. */
export const sortLegs = (legs: PaymentLegEntity[]) =>
  [...legs].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'charge' ? -1 : 1));

export function legState(leg: PaymentLegEntity): LegState {
  return {
    kind: leg.kind,
    amount: leg.amount,
    captureMethod: leg.captureMethod,
    gatewayIntentId: leg.gatewayIntentId,
    gatewayStatus: leg.gatewayStatus,
    amountCaptured: leg.amountCaptured,
    amountRefunded: leg.amountRefunded,
    attemptsRequested: leg.attemptsRequested,
    attemptsMade: leg.attemptsMade,
  };
}

export function intentState(intent: PaymentIntentEntity, legs: PaymentLegEntity[]): IntentState {
  return {
    purpose: intent.purpose,
    reference: intent.reference,
    stage: intent.stage,
    refundTarget: intent.refundTarget,
    hasPaymentMethod: intent.paymentMethodId !== null,
    legs: sortLegs(legs).map(legState),
    claim: intent.depositClaimId
      ? { id: intent.depositClaimId, pending: intent.depositClaimPending, capture: intent.depositCapture }
      : null,
  };
}

export function legSnapshot(leg: PaymentLegEntity): LegSnapshot {
  return {
    gatewayIntentId: leg.gatewayIntentId ?? leg.id,
    kind: leg.kind,
    amount: leg.amount,
    gatewayStatus: leg.gatewayStatus,
    amountCaptured: leg.amountCaptured,
    amountRefunded: leg.amountRefunded,
  };
}

export const splitOf = (intent: PaymentIntentEntity): RentalSplit => ({
  ownerPayout: intent.payeeAmount,
  platformFee: intent.platformFee,
});
