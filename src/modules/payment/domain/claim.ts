import { DomainError } from '../../../platform/errors/domain-error';

/**
 * A damage claim an owner files against a rental's deposit, within the inspection window after
 * the item came back:
 *
 *   open ──accept (renter)──▶ accepted          (the claimed amount is captured, the rest released)
 *   open ──dispute (renter)─▶ disputed ──resolve (admin, 0..amount)──▶ resolved
 *   open ──withdraw (owner)─▶ withdrawn         (the deposit follows the rental again)
 *
 * accepted, resolved and withdrawn are final. While a claim is open or disputed the deposit stays
 * held and the owner's payout of the rental is held back.
 */
export type ClaimStatus = 'open' | 'accepted' | 'disputed' | 'resolved' | 'withdrawn';
export const CLAIM_STATUSES: readonly ClaimStatus[] = [
  'open',
  'accepted',
  'disputed',
  'resolved',
  'withdrawn',
];

export type ClaimAction = 'accept' | 'dispute' | 'withdraw' | 'resolve';
export type ClaimRole = 'owner' | 'renter' | 'admin';

interface Transition {
  from: ClaimStatus;
  to: ClaimStatus;
  by: ClaimRole;
}

const TRANSITIONS: Record<ClaimAction, Transition> = {
  accept: { from: 'open', to: 'accepted', by: 'renter' },
  dispute: { from: 'open', to: 'disputed', by: 'renter' },
  withdraw: { from: 'open', to: 'withdrawn', by: 'owner' },
  resolve: { from: 'disputed', to: 'resolved', by: 'admin' },
};

/** The claim keeps the deposit held and the payout back. */
export const isClaimPending = (status: ClaimStatus) => status === 'open' || status === 'disputed';

/** Bounds of what an owner files (also the database's checks and the request DTO's). */
export const CLAIM_DESCRIPTION_MAX = 4000;
export const CLAIM_PHOTOS_MAX = 10;
export const CLAIM_PHOTO_REF_MAX = 300;

export const ClaimErrors = {
  notFound: () => new DomainError('PAYMENT.CLAIM_NOT_FOUND', 'not_found', 'Claim was not found'),
  notAllowed: (action: ClaimAction) =>
    new DomainError(
      'PAYMENT.CLAIM_ACTION_NOT_ALLOWED',
      'forbidden',
      `Only the ${TRANSITIONS[action].by} of the rental can ${action} this claim`,
      { action, allowedRole: TRANSITIONS[action].by },
    ),
  wrongStatus: (action: ClaimAction, status: ClaimStatus) =>
    new DomainError(
      'PAYMENT.CLAIM_NOT_' + TRANSITIONS[action].from.toUpperCase(),
      'conflict',
      `A claim can be ${pastTense(action)} while it is ${TRANSITIONS[action].from}; this one is ${status}`,
      { status, action },
    ),
  onlyOwnerFiles: () =>
    new DomainError(
      'PAYMENT.CLAIM_OWNER_ONLY',
      'forbidden',
      "Only the rental's owner can file a claim against its deposit",
    ),
  windowClosed: (rentalStatus: string) =>
    new DomainError(
      'PAYMENT.CLAIM_WINDOW_CLOSED',
      'conflict',
      `Claims are filed after the item is returned and before the rental completes; this rental is ${rentalStatus}`,
      { rentalStatus },
    ),
  alreadyFiled: (claimId: string) =>
    new DomainError(
      'PAYMENT.CLAIM_ALREADY_FILED',
      'conflict',
      'This rental already has a claim: one per rental',
      {
        claimId,
      },
    ),
  noDepositHeld: () =>
    new DomainError(
      'PAYMENT.CLAIM_NO_DEPOSIT_HELD',
      'conflict',
      'No deposit is held for this rental: there is nothing to claim against',
    ),
  amountAboveDeposit: (deposit: number) =>
    new DomainError(
      'PAYMENT.CLAIM_AMOUNT_ABOVE_DEPOSIT',
      'validation',
      `The claim cannot exceed the deposit held (${deposit})`,
      {
        deposit,
        errors: [{ field: 'amount', message: `amount must not exceed the deposit held (${deposit})` }],
      },
    ),
  currencyMismatch: (currency: string) =>
    new DomainError(
      'PAYMENT.CLAIM_CURRENCY_MISMATCH',
      'validation',
      `The claim must be in the rental's currency (${currency})`,
      { currency, errors: [{ field: 'currency', message: `currency must be ${currency}` }] },
    ),
  resolutionAboveClaim: (amount: number) =>
    new DomainError(
      'PAYMENT.CLAIM_RESOLUTION_ABOVE_CLAIM',
      'validation',
      `A resolution awards between 0 and the claimed amount (${amount})`,
      { errors: [{ field: 'amount', message: `amount must be between 0 and ${amount}` }] },
    ),
  cannotDecideOwn: () =>
    new DomainError(
      'PAYMENT.CLAIM_CANNOT_RESOLVE_OWN',
      'validation',
      'An admin cannot resolve a claim on a rental they are a party to',
    ),
};

function pastTense(action: ClaimAction): string {
  return { accept: 'accepted', dispute: 'disputed', withdraw: 'withdrawn', resolve: 'resolved' }[action];
}

/**
 * The status `action` by `role` moves a claim in `status` to, or the error saying why not: the
 * wrong party first (someone else's action is refused whatever the status), then the status.
 */
export function transition(status: ClaimStatus, action: ClaimAction, role: ClaimRole): ClaimStatus {
  const rule = TRANSITIONS[action];
  if (role !== rule.by) throw ClaimErrors.notAllowed(action);
  if (status !== rule.from) throw ClaimErrors.wrongStatus(action, status);
  return rule.to;
}

/** What a filed claim may ask: a positive amount within the deposit actually held, in its currency. */
export function checkFiling(input: {
  amount: number;
  currency: string;
  depositHeld: number;
  depositCurrency: string;
}): void {
  if (input.currency !== input.depositCurrency) throw ClaimErrors.currencyMismatch(input.depositCurrency);
  if (input.amount > input.depositHeld) throw ClaimErrors.amountAboveDeposit(input.depositHeld);
}

/** What moving to `to` captures from the deposit: the claim on acceptance, the award on resolution. */
export function captureOf(to: ClaimStatus, claimed: number, awarded: number | null): number | null {
  if (to === 'accepted') return claimed;
  if (to === 'resolved') {
    if (awarded === null || awarded < 0 || awarded > claimed) throw ClaimErrors.resolutionAboveClaim(claimed);
    return awarded;
  }
  return null;
}
