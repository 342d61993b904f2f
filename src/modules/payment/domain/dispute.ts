import type { Journal } from './ledger';
import type { LegKind } from './payment-intent';

/**
 * A card dispute, as Stripe reports it. An inquiry (`warning_*`) asks questions and takes no money;
 * a chargeback (`needs_response` onwards) takes the disputed amount back from the platform at once
 * (`charge.dispute.funds_withdrawn`) and returns it if the platform wins (`funds_reinstated`).
 * `prevented`: resolved before it became a dispute (no money moved by the dispute itself).
 */
export type DisputeStatus =
  | 'warning_needs_response'
  | 'warning_under_review'
  | 'warning_closed'
  | 'needs_response'
  | 'under_review'
  | 'won'
  | 'lost'
  | 'prevented';

export const DISPUTE_STATUSES: readonly DisputeStatus[] = [
  'warning_needs_response',
  'warning_under_review',
  'warning_closed',
  'needs_response',
  'under_review',
  'won',
  'lost',
  'prevented',
];

/** Statuses only move forward: an inquiry may become a chargeback, nothing leaves a closed status. */
const RANK: Record<DisputeStatus, number> = {
  warning_needs_response: 1,
  warning_under_review: 2,
  needs_response: 3,
  under_review: 4,
  warning_closed: 9,
  won: 9,
  lost: 9,
  prevented: 9,
};

export const isDisputeStatus = (value: unknown): value is DisputeStatus =>
  typeof value === 'string' && (DISPUTE_STATUSES as readonly string[]).includes(value);

export const isDisputeClosed = (status: DisputeStatus) => RANK[status] === 9;

/** Evidence can be sent (or staged) while the card network waits for the platform's answer. */
/**
 * Evidence texts one dispute may take (staged drafts and the final submission): far above what an
 * admin writes in practice, it bounds the dispute's detail and the calls made to the gateway.
 */
export const MAX_DISPUTE_EVIDENCE = 20;

export const awaitsEvidence = (status: DisputeStatus) =>
  status === 'needs_response' || status === 'warning_needs_response';

/**
 * Whether an observed status may replace the recorded one. Webhooks arrive late, twice and out of
 * order: a `needs_response` delivered after `under_review`, or anything after `lost`, changes nothing.
 */
export function acceptsDisputeStatus(current: DisputeStatus | null, observed: DisputeStatus): boolean {
  if (current === null) return true;
  return RANK[observed] > RANK[current];
}

/** A chargeback (not an inquiry): the card network took the disputed amount from the platform. */
export const fundsWithdrawn = (status: DisputeStatus) =>
  status === 'needs_response' || status === 'under_review' || status === 'won' || status === 'lost';

/** The dispute's end, as the people involved are told. */
export type DisputeOutcome = 'won' | 'lost' | 'withdrawn';
export function outcomeOf(status: DisputeStatus): DisputeOutcome | null {
  if (status === 'won' || status === 'lost') return status;
  return isDisputeClosed(status) ? 'withdrawn' : null;
}

/**
 * Who bears a lost dispute (the policy in the README):
 * - the owner, when the renter's bank upheld that the item was not received or not as described
 *   (`product_not_received`, `product_unacceptable`) — and only out of the owner's share of this
 *   rental that has not left the platform yet (`ownerUnpaid`: owed, not transferred nor being
 *   transferred). Money already transferred to the owner is never clawed back automatically;
 * - the platform, for the rest and for every other reason (fraud with a stolen card, duplicate
 *   or unrecognised charges, credits not processed: the platform is the merchant of record).
 */
export const OWNER_LIABLE_REASONS: readonly string[] = ['product_not_received', 'product_unacceptable'];

export interface LostDisputeSplit {
  owner: number;
  platform: number;
}

export function lostDisputeSplit(input: { amount: number; reason: string; ownerUnpaid: number }) {
  const liable = OWNER_LIABLE_REASONS.includes(input.reason);
  const owner = liable ? Math.max(0, Math.min(input.amount, input.ownerUnpaid)) : 0;
  return { owner, platform: input.amount - owner } satisfies LostDisputeSplit;
}

export interface DisputeMoney {
  /** Our dispute's id: keys its journals, so each is posted once however often it is observed. */
  disputeId: string;
  leg: LegKind;
  amount: number;
  status: DisputeStatus;
}

/**
 * The journals a dispute's move from `before` (null: first seen) to `after` posts:
 * - withdrawn (a chargeback): the payer gets the amount back; `disputed_funds` records it as taken
 *   from the platform pending the outcome (the owner's share is not touched: it is frozen by a hold);
 * - reinstated (won): the network gives it back;
 * - lost: the taken amount is lost for good, borne by the owner's unpaid share and the platform
 *   (`dispute_losses`) as `split` says.
 * Keyed `dispute-<id>:<what>`: a redelivered or re-observed dispute posts nothing twice.
 */
export function disputeJournals(
  before: DisputeStatus | null,
  after: DisputeMoney,
  split: LostDisputeSplit | null,
): Journal[] {
  const out: Journal[] = [];
  const key = (what: string) => `dispute-${after.disputeId}:${what}`;
  const A = after.amount;
  if (A <= 0) return out;
  const wasWithdrawn = before !== null && fundsWithdrawn(before);
  if (fundsWithdrawn(after.status) && !wasWithdrawn) {
    out.push({
      key: key('withdrawn'),
      type: 'dispute',
      leg: after.leg,
      lines: [
        { account: 'payer_funds', amount: A },
        { account: 'disputed_funds', amount: -A },
      ],
    });
  }
  if (after.status === 'won' && before !== 'won') {
    out.push({
      key: key('reinstated'),
      type: 'dispute_reinstated',
      leg: after.leg,
      lines: [
        { account: 'disputed_funds', amount: A },
        { account: 'payer_funds', amount: -A },
      ],
    });
  }
  if (after.status === 'lost' && before !== 'lost') {
    const { owner, platform } = split ?? { owner: 0, platform: A };
    out.push({
      key: key('lost'),
      type: 'dispute_lost',
      leg: after.leg,
      lines: [
        { account: 'disputed_funds', amount: A },
        ...(owner > 0 ? [{ account: 'owner_payable' as const, amount: -owner }] : []),
        ...(platform > 0 ? [{ account: 'dispute_losses' as const, amount: -platform }] : []),
      ],
    });
  }
  return out;
}
