import type { IntentState, IntentStatus, LegKind, LegState } from './payment-intent';
import { isClosedStage, isPreAuthorization } from './payment-intent';

/** Where a leg's money should end up, given the stage of what is paid for. */
export type LegTarget =
  | { kind: 'held' }
  /** `amount`: a partial capture (a settled claim on the deposit); the whole leg otherwise. */
  | { kind: 'captured'; amount?: number }
  | { kind: 'released' }
  | { kind: 'refunded'; amount: number };

export type StepAction = 'authorize' | 'refresh' | 'capture' | 'cancel' | 'refund' | 'void';

/** One gateway call (or, for `void`, a purely local close of a leg that never reached the gateway). */
export interface Step {
  leg: LegKind;
  action: StepAction;
  /** Refund amount; the leg amount otherwise. */
  amount: number;
  /**
   * Derived only from recorded state, so a retry after a crash computes the same key and the
   * gateway answers with the first result instead of moving money twice.
   */
  idempotencyKey: string | null;
  /** For refunds: the refunded total before this step (the key is unique per step of the total). */
  refundedBefore: number;
}

/**
 * The documented money policy (also in the OpenAPI description of POST /payment-intents):
 * - requested: the charge (subtotal + fee) and the deposit are authorized (held), nothing captured.
 * - accepted, active (handed over): the charge is captured; the deposit stays held.
 * - returned: the deposit stays held through the inspection window (the owner may file a claim);
 *   completed: it is released.
 * - a damage claim (domain/claim.ts) keeps the deposit held while open or disputed, whatever the
 *   stage; once settled its amount is captured from the deposit (keys `claim-<id>-deposit-...`) and
 *   the rest released; a withdrawn claim gives the deposit back to the stage's rule.
 * - declined, expired, or cancelled while still requested: every hold is released, nothing charged.
 * - cancelled after acceptance (before hand-over): the deposit is released and the charge refunded
 *   by the amount rental decided (RentalCancelled's `refund`: everything when the owner cancels, the
 *   rental's cancellation policy's share of the subtotal when the renter does, never the fee). If
 *   nothing had been captured yet, the holds are simply released.
 * - subscriptions: a due period is charged at once (automatic capture); a voided one is cancelled.
 */
export function targetFor(state: IntentState, leg: LegState): LegTarget {
  const { stage } = state;
  if (state.purpose === 'subscription') return stage === 'due' ? { kind: 'captured' } : { kind: 'released' };
  if (leg.kind === 'deposit') {
    const claim = state.claim ?? null;
    if (claim?.pending) return { kind: 'held' };
    if (claim && claim.capture !== null)
      return claim.capture > 0 ? { kind: 'captured', amount: claim.capture } : { kind: 'released' };
    return stage === 'requested' || stage === 'accepted' || stage === 'active' || stage === 'returned'
      ? { kind: 'held' }
      : { kind: 'released' };
  }
  switch (stage) {
    case 'requested':
      return { kind: 'held' };
    case 'accepted':
    case 'active':
    case 'returned':
    case 'completed':
      return { kind: 'captured' };
    case 'cancelled':
      return state.refundTarget !== null && state.refundTarget > 0
        ? { kind: 'refunded', amount: state.refundTarget }
        : { kind: 'released' };
    default:
      return { kind: 'released' };
  }
}

const needsAttempt = (leg: LegState) => leg.attemptsRequested > leg.attemptsMade;

function key(state: IntentState, leg: LegState, action: string, suffix?: number): string {
  // A settled claim's capture or release of the deposit is keyed by the claim and the step.
  const settledClaim = leg.kind === 'deposit' && state.claim && state.claim.capture !== null;
  const prefix = settledClaim ? `claim-${state.claim!.id}` : state.reference;
  return [prefix, leg.kind, action, suffix].filter((p) => p !== undefined).join('-');
}

function stepFor(state: IntentState, leg: LegState, target: LegTarget): Step | null {
  const s = leg.gatewayStatus;
  const make = (action: StepAction, amount = leg.amount, suffix?: number): Step => ({
    leg: leg.kind,
    action,
    amount,
    idempotencyKey: action === 'refresh' || action === 'void' ? null : key(state, leg, action, suffix),
    refundedBefore: leg.amountRefunded,
  });
  if (target.kind === 'held' || target.kind === 'captured') {
    if (s === 'requires_capture')
      return target.kind === 'captured' ? make('capture', target.amount ?? leg.amount) : null;
    if (s === 'requires_action') return needsAttempt(leg) ? make('refresh') : null;
    if (
      s === 'none' ||
      s === 'requires_payment_method' ||
      s === 'requires_confirmation' ||
      s === 'canceled'
    ) {
      // A first attempt waits for a payment method; later ones for the payer's confirmation.
      return needsAttempt(leg) && state.hasPaymentMethod
        ? make('authorize', leg.amount, leg.attemptsRequested)
        : null;
    }
    return null; // processing (the gateway will tell), succeeded
  }
  if (target.kind === 'refunded' && s === 'succeeded') {
    const due = Math.min(target.amount, leg.amountCaptured) - leg.amountRefunded;
    return due > 0 ? make('refund', due, leg.amountRefunded) : null;
  }
  // released (or a refund target on a leg that was never captured: release it)
  if (s === 'none') return make('void');
  if (isPreAuthorization(s) || s === 'requires_capture') return make('cancel');
  return null;
}

/**
 * The next gateway call that brings the intent closer to where its stage says the money should
 * be, or null when it is there (or waits for the payer). Pure: the same state gives the same step
 * and the same idempotency key, which is what makes retries converge. The deposit is authorized
 * only once the charge is held, so a declined card never leaves a lonely deposit hold.
 */
export function planNextStep(state: IntentState): Step | null {
  const charge = state.legs.find((l) => l.kind === 'charge');
  for (const leg of state.legs) {
    if (leg.amount <= 0) continue;
    const target = targetFor(state, leg);
    const chargeHeld =
      !charge || charge.gatewayStatus === 'requires_capture' || charge.gatewayStatus === 'succeeded';
    if (leg.kind === 'deposit' && (target.kind === 'held' || target.kind === 'captured') && !chargeHeld)
      continue;
    const step = stepFor(state, leg, target);
    if (step) return step;
  }
  return null;
}

/** The status a client sees, from the legs and the stage. */
export function deriveStatus(state: IntentState): IntentStatus {
  const legs = state.legs.filter((l) => l.amount > 0);
  const charge = legs.find((l) => l.kind === 'charge');
  const deposit = legs.find((l) => l.kind === 'deposit');
  const pending = planNextStep(state) !== null;
  if (charge?.gatewayStatus === 'succeeded') {
    if (charge.amountRefunded > 0) return 'refunded';
    if (deposit?.gatewayStatus === 'requires_capture') return 'captured';
    if (deposit && isPreAuthorization(deposit.gatewayStatus) && targetFor(state, deposit).kind === 'held') {
      if (pending) return 'processing';
      return deposit.gatewayStatus === 'requires_action' ? 'requires_action' : 'requires_payment_method';
    }
    return 'succeeded';
  }
  const closed = (l: LegState) =>
    l.gatewayStatus === 'canceled' || (isClosedStage(state.stage) && l.gatewayStatus === 'none');
  if (legs.length > 0 && legs.every(closed)) return 'canceled';
  if (pending) return 'processing';
  if (legs.some((l) => l.gatewayStatus === 'requires_action')) return 'requires_action';
  if (legs.some((l) => l.gatewayStatus === 'processing')) return 'processing';
  if (legs.length > 0 && legs.every((l) => l.gatewayStatus === 'requires_capture')) return 'authorized';
  return 'requires_payment_method';
}
