import type { GatewayStatus, LegKind } from './payment-intent';

/**
 * Reconciliation: what our rows and ledger say against what the gateway says, compared one object
 * at a time. A difference is drift, reported (a metric, a log line) and never "fixed": money that
 * disagrees is for a person to look at, since either side may be the wrong one.
 */
export type DriftKind =
  // a payment intent's leg against the gateway's payment intent
  | 'intent_missing'
  | 'intent_status'
  | 'intent_captured'
  | 'intent_refunded'
  // the leg's row against our own ledger
  | 'ledger_held'
  | 'ledger_captured'
  | 'ledger_refunded'
  // a rental's payouts and ledger against the gateway's transfers of its transfer group
  | 'transfer_missing'
  | 'transfer_unrecorded'
  | 'transfer_amount'
  // a dispute against the gateway's
  | 'dispute_missing'
  | 'dispute_status'
  | 'dispute_amount';

export const DRIFT_KINDS: readonly DriftKind[] = [
  'intent_missing',
  'intent_status',
  'intent_captured',
  'intent_refunded',
  'ledger_held',
  'ledger_captured',
  'ledger_refunded',
  'transfer_missing',
  'transfer_unrecorded',
  'transfer_amount',
  'dispute_missing',
  'dispute_status',
  'dispute_amount',
];

export interface Drift {
  kind: DriftKind;
  /** What it is about within the subject: a leg, a transfer's id. */
  item: string | null;
  ours: string | number | null;
  theirs: string | number | null;
}

export interface LegRecord {
  kind: LegKind;
  amount: number;
  gatewayStatus: GatewayStatus;
  amountCaptured: number;
  amountRefunded: number;
  /** Ledger balances of this leg: what is held, captured (into payouts, fees, revenue) and refunded. */
  ledgerHeld: number;
  ledgerCaptured: number;
  ledgerRefunded: number;
}

export interface GatewayLegRecord {
  status: GatewayStatus;
  amountReceived: number;
  /** Null when the gateway did not say. */
  amountRefunded: number | null;
}

const drift = (
  kind: DriftKind,
  item: string | null,
  ours: Drift['ours'],
  theirs: Drift['theirs'],
): Drift => ({
  kind,
  item,
  ours,
  theirs,
});

/** A leg against the gateway's intent (null: the gateway has no such intent) and against our ledger. */
export function legDrift(ours: LegRecord, theirs: GatewayLegRecord | null): Drift[] {
  const out: Drift[] = [];
  const leg = ours.kind;
  if (theirs === null) out.push(drift('intent_missing', leg, ours.gatewayStatus, null));
  else {
    if (theirs.status !== ours.gatewayStatus)
      out.push(drift('intent_status', leg, ours.gatewayStatus, theirs.status));
    if (theirs.amountReceived !== ours.amountCaptured)
      out.push(drift('intent_captured', leg, ours.amountCaptured, theirs.amountReceived));
    if (theirs.amountRefunded !== null && theirs.amountRefunded !== ours.amountRefunded)
      out.push(drift('intent_refunded', leg, ours.amountRefunded, theirs.amountRefunded));
  }
  const held = ours.gatewayStatus === 'requires_capture' ? ours.amount : 0;
  if (ours.ledgerHeld !== held) out.push(drift('ledger_held', leg, held, ours.ledgerHeld));
  if (ours.ledgerCaptured !== ours.amountCaptured)
    out.push(drift('ledger_captured', leg, ours.amountCaptured, ours.ledgerCaptured));
  if (ours.ledgerRefunded !== ours.amountRefunded)
    out.push(drift('ledger_refunded', leg, ours.amountRefunded, ours.ledgerRefunded));
  return out;
}

export interface TransferRecord {
  id: string;
  amount: number;
  amountReversed: number;
}

/**
 * A rental's transfers: each one a payout row names must exist at the gateway; each one the
 * gateway made in the rental's group must be one of ours (two would be a share sent twice); and
 * what the gateway kept transferred (less reversals) must be what our ledger says left for the owner.
 */
export function transferDrift(
  ours: { transferIds: string[]; ledgerTransferred: number },
  theirs: TransferRecord[],
): Drift[] {
  const out: Drift[] = [];
  const known = new Set(theirs.map((t) => t.id));
  const recorded = new Set(ours.transferIds);
  for (const id of ours.transferIds) if (!known.has(id)) out.push(drift('transfer_missing', id, id, null));
  for (const t of theirs)
    if (!recorded.has(t.id)) out.push(drift('transfer_unrecorded', t.id, null, t.amount));
  const sent = theirs.reduce((sum, t) => sum + t.amount - t.amountReversed, 0);
  if (sent !== ours.ledgerTransferred) out.push(drift('transfer_amount', null, ours.ledgerTransferred, sent));
  return out;
}

/** A dispute against the gateway's (null: the gateway has no such dispute). */
export function disputeDrift(
  ours: { status: string; amount: number },
  theirs: { status: string; amount: number } | null,
): Drift[] {
  if (theirs === null) return [drift('dispute_missing', null, ours.status, null)];
  const out: Drift[] = [];
  if (theirs.status !== ours.status) out.push(drift('dispute_status', null, ours.status, theirs.status));
  if (theirs.amount !== ours.amount) out.push(drift('dispute_amount', null, ours.amount, theirs.amount));
  return out;
}

const keyOf = (d: Drift) => `${d.kind}|${d.item ?? ''}`;

/** What appeared since the last check, and what went away. */
export function compareDrift(before: Drift[], after: Drift[]): { appeared: Drift[]; resolved: Drift[] } {
  const was = new Set(before.map(keyOf));
  const is = new Set(after.map(keyOf));
  return {
    appeared: after.filter((d) => !was.has(keyOf(d))),
    resolved: before.filter((d) => !is.has(keyOf(d))),
  };
}
