/**
 * A payment intent is what the payer owes for one thing (a rental, a subscription period). Money
 * moves through its legs, one gateway payment intent each: the rental `charge` (subtotal + platform
 * fee) and the refundable `deposit`, held separately because a partial capture at Stripe releases
 * the rest of an authorization; a subscription has only a `charge`, captured at once.
 */
export type PaymentPurpose = 'rental' | 'subscription';
export type LegKind = 'charge' | 'deposit';
export type CaptureMethod = 'manual' | 'automatic';

/** The gateway payment intent's status, mirrored; `none` until it exists at the gateway. */
export type GatewayStatus =
  | 'none'
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'requires_capture'
  | 'succeeded'
  | 'canceled';

export const GATEWAY_STATUSES: readonly GatewayStatus[] = [
  'none',
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
  'processing',
  'requires_capture',
  'succeeded',
  'canceled',
];

/** Where the thing being paid for stands. Rentals follow the rental lifecycle; subscriptions are due or void. */
export type PaymentStage =
  | 'requested'
  | 'accepted'
  | 'active'
  | 'returned'
  | 'completed'
  | 'declined'
  | 'expired'
  | 'cancelled'
  | 'due'
  | 'void';

export const PAYMENT_STAGES: readonly PaymentStage[] = [
  'requested',
  'accepted',
  'active',
  'returned',
  'completed',
  'declined',
  'expired',
  'cancelled',
  'due',
  'void',
];

/** What the API shows. */
export type IntentStatus =
  | 'requires_payment_method'
  | 'requires_action'
  | 'processing'
  | 'authorized'
  | 'captured'
  | 'succeeded'
  | 'canceled'
  | 'refunded';

export const INTENT_STATUSES: readonly IntentStatus[] = [
  'requires_payment_method',
  'requires_action',
  'processing',
  'authorized',
  'captured',
  'succeeded',
  'canceled',
  'refunded',
];

export interface LegState {
  kind: LegKind;
  amount: number;
  captureMethod: CaptureMethod;
  gatewayIntentId: string | null;
  gatewayStatus: GatewayStatus;
  amountCaptured: number;
  amountRefunded: number;
  /** Authorization attempts asked for (by the system once, then by each payer confirmation)... */
  attemptsRequested: number;
  /** ...and made. Requested > made means an attempt is due. */
  attemptsMade: number;
}

export interface IntentState {
  purpose: PaymentPurpose;
  /** Stable, unique: `rental-<id>` or `subscription-<id>-<period>`; prefixes every gateway idempotency key. */
  reference: string;
  stage: PaymentStage;
  /** The charge leg's refund target set by the cancellation policy; null when none. */
  refundTarget: number | null;
  hasPaymentMethod: boolean;
  legs: LegState[];
  /** A damage claim against the deposit (domain/claim.ts), as the deposit's target needs it; null when none. */
  claim?: DepositClaimState | null;
}

/**
 * A claim's hold on the deposit: while `pending` the deposit stays held whatever the stage; once
 * settled, `capture` (0..deposit) is captured and the rest released; a withdrawn claim has neither
 * and the deposit follows the stage again.
 */
export interface DepositClaimState {
  id: string;
  pending: boolean;
  capture: number | null;
}

const RENTAL_STAGE_RANK: Record<PaymentStage, number> = {
  requested: 1,
  accepted: 2,
  active: 3,
  returned: 4,
  completed: 5,
  declined: 9,
  expired: 9,
  cancelled: 9,
  due: 1,
  void: 9,
};

/**
 * Stages only move forward, so events delivered late or twice change nothing: `accepted` after
 * `returned` is ignored, and nothing leaves a closing stage (declined, expired, cancelled, void).
 * `completed` may follow `returned` but never `cancelled`.
 */
export function isStageForward(from: PaymentStage, to: PaymentStage): boolean {
  if (from === to) return false;
  if (isClosedStage(from)) return false;
  return RENTAL_STAGE_RANK[to] > RENTAL_STAGE_RANK[from];
}

export function isClosedStage(stage: PaymentStage): boolean {
  return RENTAL_STAGE_RANK[stage] === 9;
}

/** Before authorization nothing is owed and nothing is held. */
export function isPreAuthorization(status: GatewayStatus): boolean {
  return (
    status === 'none' ||
    status === 'requires_payment_method' ||
    status === 'requires_confirmation' ||
    status === 'requires_action'
  );
}

const GATEWAY_RANK: Record<GatewayStatus, number> = {
  none: 0,
  requires_payment_method: 1,
  requires_confirmation: 1,
  requires_action: 1,
  processing: 2,
  requires_capture: 3,
  succeeded: 4,
  canceled: 4,
};

/**
 * Whether an observed gateway status may replace the recorded one. Within the pre-authorization
 * group any move is allowed (a failed authentication goes back to requires_payment_method; no money
 * is involved); otherwise only forward, so a stale webhook or a slow response can never undo a
 * capture or revive a cancelled hold. A cancelled intent may be replaced only by a new gateway
 * intent (a new attempt), which the caller handles by id.
 */
export function acceptsGatewayStatus(current: GatewayStatus, observed: GatewayStatus): boolean {
  if (current === observed) return true;
  if (isPreAuthorization(current) && isPreAuthorization(observed)) return observed !== 'none';
  return GATEWAY_RANK[observed] > GATEWAY_RANK[current];
}
