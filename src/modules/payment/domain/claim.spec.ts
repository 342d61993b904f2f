import { DomainError } from '../../../platform/errors/domain-error';
import type { ClaimAction, ClaimRole, ClaimStatus } from './claim';
import { CLAIM_STATUSES, captureOf, checkFiling, isClaimPending, transition } from './claim';

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return 'none';
};

describe('claim state machine', () => {
  const allowed: [ClaimStatus, ClaimAction, ClaimRole, ClaimStatus][] = [
    ['open', 'accept', 'renter', 'accepted'],
    ['open', 'dispute', 'renter', 'disputed'],
    ['open', 'withdraw', 'owner', 'withdrawn'],
    ['disputed', 'resolve', 'admin', 'resolved'],
  ];

  it.each(allowed)('%s --%s by %s--> %s', (from, action, role, to) => {
    expect(transition(from, action, role)).toBe(to);
  });

  it('refuses every other status for each action, with a conflict naming the expected status', () => {
    for (const [from, action, role] of allowed) {
      for (const status of CLAIM_STATUSES.filter((s) => s !== from)) {
        expect(codeOf(() => transition(status, action, role))).toBe(
          `PAYMENT.CLAIM_NOT_${from.toUpperCase()}`,
        );
      }
    }
  });

  it('refuses the wrong party before looking at the status', () => {
    expect(codeOf(() => transition('open', 'accept', 'owner'))).toBe('PAYMENT.CLAIM_ACTION_NOT_ALLOWED');
    expect(codeOf(() => transition('open', 'withdraw', 'renter'))).toBe('PAYMENT.CLAIM_ACTION_NOT_ALLOWED');
    expect(codeOf(() => transition('disputed', 'resolve', 'owner'))).toBe('PAYMENT.CLAIM_ACTION_NOT_ALLOWED');
    expect(codeOf(() => transition('accepted', 'dispute', 'admin'))).toBe('PAYMENT.CLAIM_ACTION_NOT_ALLOWED');
  });

  it('final statuses release the deposit and the payout; open and disputed keep them', () => {
    expect(CLAIM_STATUSES.filter(isClaimPending)).toEqual(['open', 'disputed']);
  });
});

describe('filing and capture amounts', () => {
  const deposit = { depositHeld: 5000, depositCurrency: 'EUR' };

  it('accepts 1..deposit in the rental currency', () => {
    expect(() => checkFiling({ amount: 1, currency: 'EUR', ...deposit })).not.toThrow();
    expect(() => checkFiling({ amount: 5000, currency: 'EUR', ...deposit })).not.toThrow();
  });

  it('refuses more than the deposit held and another currency', () => {
    expect(codeOf(() => checkFiling({ amount: 5001, currency: 'EUR', ...deposit }))).toBe(
      'PAYMENT.CLAIM_AMOUNT_ABOVE_DEPOSIT',
    );
    expect(codeOf(() => checkFiling({ amount: 100, currency: 'USD', ...deposit }))).toBe(
      'PAYMENT.CLAIM_CURRENCY_MISMATCH',
    );
  });

  it('captures the claim on acceptance and the award (0..claim) on resolution, nothing otherwise', () => {
    expect(captureOf('accepted', 3000, null)).toBe(3000);
    expect(captureOf('resolved', 3000, 0)).toBe(0);
    expect(captureOf('resolved', 3000, 3000)).toBe(3000);
    expect(codeOf(() => captureOf('resolved', 3000, 3001))).toBe('PAYMENT.CLAIM_RESOLUTION_ABOVE_CLAIM');
    expect(codeOf(() => captureOf('resolved', 3000, -1))).toBe('PAYMENT.CLAIM_RESOLUTION_ABOVE_CLAIM');
    expect(captureOf('withdrawn', 3000, null)).toBeNull();
    expect(captureOf('disputed', 3000, null)).toBeNull();
  });
});
