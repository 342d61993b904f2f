import type { PaymentIntentSnapshot } from '../contracts/payment-api';
import type { IntentStatus, PaymentPurpose } from '../domain/payment-intent';
import type { PaymentIntentEntity } from '../persistence/payment-intent.entity';
import type { PaymentLegEntity } from '../persistence/payment-leg.entity';
import type { DepositHoldView } from './deposit-holds';
import { sortLegs } from './intent-state';

export type DepositStatus = 'none' | 'pending' | 'held' | 'released' | 'captured';

export interface PaymentIntentView {
  id: string;
  purpose: PaymentPurpose;
  /** Whether the caller pays (renter, subscriber) or is paid (owner). */
  role: 'payer' | 'payee';
  rentalId: string | null;
  subscriptionId: string | null;
  status: IntentStatus;
  currency: string;
  amount: number;
  breakdown: { charge: number; deposit: number; platformFee: number; ownerPayout: number };
  amountCaptured: number;
  amountRefunded: number;
  depositStatus: DepositStatus;
  paymentMethodId: string | null;
  lastPaymentError: { code: string; message: string } | null;
  nextAction: { type: string; redirectUrl: string | null; clientSecret: string | null } | null;
  /** A rental's deposit hold while it should be held (long rentals: renewals and their failures). */
  depositHold: {
    heldSince: string;
    expiresAt: string;
    renewals: number;
    renewalFailure: {
      attempts: number;
      lastAttemptAt: string;
      willRetry: boolean;
      /** The card's answer: the payer's alone. */
      error: { code: string; message: string } | null;
    } | null;
  } | null;
  createdAt: string;
  updatedAt: string;
}

function depositStatus(deposit: PaymentLegEntity | undefined): DepositStatus {
  if (!deposit || deposit.amount === 0) return 'none';
  switch (deposit.gatewayStatus) {
    case 'requires_capture':
      return 'held';
    case 'canceled':
      return 'released';
    case 'succeeded':
      return 'captured';
    default:
      return 'pending';
  }
}

export function toIntentView(
  intent: PaymentIntentEntity,
  legs: PaymentLegEntity[],
  viewerId: string,
  hold: DepositHoldView | null = null,
): PaymentIntentView {
  const role = intent.payerId === viewerId ? 'payer' : 'payee';
  const ordered = sortLegs(legs);
  const charge = ordered.find((l) => l.kind === 'charge');
  const deposit = ordered.find((l) => l.kind === 'deposit');
  const failing = ordered.find(
    (l) => l.lastErrorCode && l.gatewayStatus !== 'requires_capture' && l.gatewayStatus !== 'succeeded',
  );
  const acting = ordered.find((l) => l.gatewayStatus === 'requires_action');
  return {
    id: intent.id,
    purpose: intent.purpose,
    role,
    rentalId: intent.rentalId,
    subscriptionId: intent.subscriptionId,
    status: intent.status,
    currency: intent.currency,
    amount: intent.amount,
    breakdown: {
      charge: intent.chargeAmount,
      deposit: intent.depositAmount,
      platformFee: intent.platformFee,
      ownerPayout: intent.payeeAmount,
    },
    amountCaptured: ordered.reduce((sum, l) => sum + l.amountCaptured, 0),
    amountRefunded: charge?.amountRefunded ?? 0,
    depositStatus: depositStatus(deposit),
    // What the payer used and must do next is theirs alone.
    paymentMethodId: role === 'payer' ? intent.paymentMethodId : null,
    lastPaymentError:
      role === 'payer' && failing
        ? { code: failing.lastErrorCode!, message: failing.lastErrorMessage ?? '' }
        : null,
    nextAction:
      role === 'payer' && acting
        ? {
            type: acting.nextActionType ?? 'use_stripe_sdk',
            redirectUrl: acting.nextActionUrl,
            clientSecret: acting.clientSecret,
          }
        : null,
    depositHold: hold && {
      heldSince: hold.heldSince.toISOString(),
      expiresAt: hold.expiresAt.toISOString(),
      renewals: hold.renewals,
      renewalFailure: hold.renewalFailure && {
        attempts: hold.renewalFailure.attempts,
        lastAttemptAt: hold.renewalFailure.lastAttemptAt.toISOString(),
        willRetry: hold.renewalFailure.willRetry,
        error: role === 'payer' ? hold.renewalFailure.error : null,
      },
    },
    createdAt: intent.createdAt.toISOString(),
    updatedAt: intent.updatedAt.toISOString(),
  };
}

export function toSnapshot(intent: PaymentIntentEntity, legs: PaymentLegEntity[]): PaymentIntentSnapshot {
  const failing = legs.find((l) => l.lastErrorCode && l.gatewayStatus === 'requires_payment_method');
  return {
    id: intent.id,
    purpose: intent.purpose,
    payerId: intent.payerId,
    rentalId: intent.rentalId,
    subscriptionId: intent.subscriptionId,
    reference: intent.reference,
    status: intent.status,
    amount: intent.amount,
    currency: intent.currency,
    lastError: failing ? { code: failing.lastErrorCode!, message: failing.lastErrorMessage ?? '' } : null,
  };
}
