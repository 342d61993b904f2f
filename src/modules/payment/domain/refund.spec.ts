import type { DomainError } from '../../../platform/errors/domain-error';
import type { RefundFacts } from './refund';
import { refundAmount } from './refund';

const facts = (over: Partial<RefundFacts> = {}): RefundFacts => ({
  chargeStatus: 'succeeded',
  captured: 11000,
  refundedOrPending: 0,
  payoutStatus: 'pending',
  settling: false,
  ...over,
});
const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'none';
  } catch (error) {
    return (error as DomainError).code;
  }
};

describe('admin refund amounts', () => {
  it('refunds everything refundable without an amount, a part with one', () => {
    expect(refundAmount(facts(), null)).toBe(11000);
    expect(refundAmount(facts({ refundedOrPending: 1000 }), null)).toBe(10000);
    expect(refundAmount(facts(), 2500)).toBe(2500);
    expect(refundAmount(facts({ refundedOrPending: 8500 }), 2500)).toBe(2500);
  });

  it('refuses more than captured less refunded (422), nothing left or nothing captured (409)', () => {
    expect(codeOf(() => refundAmount(facts({ refundedOrPending: 8501 }), 2500))).toBe(
      'PAYMENT.REFUND_ABOVE_CAPTURED',
    );
    expect(codeOf(() => refundAmount(facts({ refundedOrPending: 11000 }), null))).toBe(
      'PAYMENT.NOTHING_TO_REFUND',
    );
    expect(codeOf(() => refundAmount(facts({ chargeStatus: 'requires_capture' }), 100))).toBe(
      'PAYMENT.NOTHING_TO_REFUND',
    );
  });

  it("refuses once the owner's share left, and while money is moving", () => {
    for (const status of ['transferring', 'transferred', 'paid_out'])
      expect(codeOf(() => refundAmount(facts({ payoutStatus: status }), 100))).toBe(
        'PAYMENT.REFUND_AFTER_PAYOUT',
      );
    expect(refundAmount(facts({ payoutStatus: 'cancelled' }), 100)).toBe(100);
    expect(refundAmount(facts({ payoutStatus: null }), 100)).toBe(100);
    expect(codeOf(() => refundAmount(facts({ settling: true }), 100))).toBe('PAYMENT.INTENT_SETTLING');
  });
});
