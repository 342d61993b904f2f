import type { GatewayStatus, LegKind, PaymentPurpose } from './payment-intent';
import { isPreAuthorization } from './payment-intent';

/**
 * Double entry: every journal's lines sum to zero. Accounts, from the platform's side:
 * - payer_funds: the payer's money (negative = taken from or held on the payer's card)
 * - held_charge / held_deposit: authorized, not captured
 * - owner_payable: what the platform owes the owner and still holds (the rental subtotal, until transferred)
 * - owner_transferred: sent to the owner's connected account, not yet paid out to their bank
 * - owner_paid_out: paid out from the connected account to the owner's bank
 * - platform_fee: the platform's fee on rentals
 * - subscription_revenue: paid subscription periods
 * - disputed_funds: taken back from the platform by a card network for an open chargeback
 *   (negative while the outcome is pending; see domain/dispute.ts)
 * - dispute_losses: lost chargebacks the platform bore (negative: an expense)
 */
export type LedgerAccount =
  | 'payer_funds'
  | 'held_charge'
  | 'held_deposit'
  | 'owner_payable'
  | 'owner_transferred'
  | 'owner_paid_out'
  | 'platform_fee'
  | 'subscription_revenue'
  // Disputes (domain/dispute.ts)
  | 'disputed_funds'
  | 'dispute_losses';

export const LEDGER_ACCOUNTS: readonly LedgerAccount[] = [
  'payer_funds',
  'held_charge',
  'held_deposit',
  'owner_payable',
  'platform_fee',
  'subscription_revenue',
  'owner_transferred',
  'owner_paid_out',
  // Disputes (domain/dispute.ts)
  'disputed_funds',
  'dispute_losses',
];

export type JournalType =
  | 'authorization'
  | 'capture'
  | 'release'
  | 'refund'
  | 'transfer'
  | 'payout'
  // Disputes (domain/dispute.ts): funds withdrawn, reinstated (won), lost.
  | 'dispute'
  | 'dispute_reinstated'
  | 'dispute_lost';
export const JOURNAL_TYPES: readonly JournalType[] = [
  'authorization',
  'capture',
  'release',
  'refund',
  'transfer',
  'payout',
  // Disputes (domain/dispute.ts)
  'dispute',
  'dispute_reinstated',
  'dispute_lost',
];

export interface JournalLine {
  account: LedgerAccount;
  amount: number;
}

export interface Journal {
  /** Unique per leg and transition: posting the same transition twice is refused by the database. */
  key: string;
  type: JournalType;
  leg: LegKind;
  lines: JournalLine[];
}

export interface LegSnapshot {
  /** The gateway payment intent: each one authorizes, captures or releases at most once. */
  gatewayIntentId: string;
  kind: LegKind;
  amount: number;
  gatewayStatus: GatewayStatus;
  amountCaptured: number;
  amountRefunded: number;
}

/** The split of captured rental money: the owner's payout and the platform fee. */
export interface RentalSplit {
  ownerPayout: number;
  platformFee: number;
}

const held = (kind: LegKind): LedgerAccount => (kind === 'charge' ? 'held_charge' : 'held_deposit');
const lines = (...pairs: [LedgerAccount, number][]): JournalLine[] =>
  pairs.filter(([, amount]) => amount !== 0).map(([account, amount]) => ({ account, amount }));

/** Where captured money goes: a rental charge splits into payout and fee, a deposit goes to the owner. */
function captureLines(purpose: PaymentPurpose, kind: LegKind, captured: number, split: RentalSplit) {
  if (purpose === 'subscription') return lines(['subscription_revenue', captured]);
  if (kind === 'deposit') return lines(['owner_payable', captured]);
  const fee = Math.min(split.platformFee, captured);
  return lines(['owner_payable', captured - fee], ['platform_fee', fee]);
}

/** Refunds come out of the owner's payout first, then out of the fee. */
function refundLines(purpose: PaymentPurpose, amount: number, alreadyRefunded: number, split: RentalSplit) {
  if (purpose === 'subscription') return lines(['subscription_revenue', -amount], ['payer_funds', amount]);
  const fromOwner = Math.max(0, Math.min(amount, split.ownerPayout - alreadyRefunded));
  return lines(
    ['owner_payable', -fromOwner],
    ['platform_fee', -(amount - fromOwner)],
    ['payer_funds', amount],
  );
}

/**
 * The journals a leg's move from `before` to `after` posts (both describe the same gateway intent;
 * a new one starts from `none`). Each transition is keyed by the gateway intent and what happened,
 * so recording the same gateway answer twice posts nothing new.
 */
export function journalsFor(
  purpose: PaymentPurpose,
  before: LegSnapshot,
  after: LegSnapshot,
  split: RentalSplit,
): Journal[] {
  const out: Journal[] = [];
  const kind = after.kind;
  const wasHeld = before.gatewayStatus === 'requires_capture';
  const wasOpen = isPreAuthorization(before.gatewayStatus) || before.gatewayStatus === 'processing';
  const push = (type: JournalType, suffix: string, journalLines: JournalLine[]) => {
    if (journalLines.length > 0)
      out.push({ key: `${after.gatewayIntentId}:${suffix}`, type, leg: kind, lines: journalLines });
  };

  if (wasOpen && after.gatewayStatus === 'requires_capture') {
    push('authorization', 'authorized', lines(['payer_funds', -after.amount], [held(kind), after.amount]));
  }
  if (after.gatewayStatus === 'succeeded' && before.gatewayStatus !== 'succeeded') {
    const captured = after.amountCaptured;
    if (wasHeld) {
      // The hold turns into the capture; an uncaptured remainder goes back to the payer.
      push('capture', 'captured', [
        { account: held(kind), amount: -before.amount },
        ...captureLines(purpose, kind, captured, split),
        ...lines(['payer_funds', before.amount - captured]),
      ]);
    } else {
      push('capture', 'captured', [
        ...lines(['payer_funds', -captured]),
        ...captureLines(purpose, kind, captured, split),
      ]);
    }
  }
  if (wasHeld && after.gatewayStatus === 'canceled') {
    push('release', 'released', lines([held(kind), -before.amount], ['payer_funds', before.amount]));
  }
  if (after.amountRefunded > before.amountRefunded && after.gatewayStatus === 'succeeded') {
    const amount = after.amountRefunded - before.amountRefunded;
    push(
      'refund',
      `refunded-${after.amountRefunded}`,
      refundLines(purpose, amount, before.amountRefunded, split),
    );
  }
  return out;
}
