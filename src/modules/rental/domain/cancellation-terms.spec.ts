import { quotedTerms, termsFor } from './cancellation-terms';

const stay = { policy: 'moderate' as const, startDate: '2030-06-10', subtotal: 10_001, platformFee: 1_000 };
const HOUR = 3_600_000;
const at = (hoursBefore: number) => new Date(Date.parse('2030-06-10T00:00:00.000Z') - hoursBefore * HOUR);

describe('cancellation terms', () => {
  it('quote: every window with its amount, the full-refund cut-off, and what cancelling now would refund once accepted', () => {
    expect(quotedTerms(stay, at(200))).toEqual({
      policy: 'moderate',
      startsAt: new Date('2030-06-10T00:00:00.000Z'),
      windows: [
        { until: new Date('2030-06-05T00:00:00.000Z'), refundPercent: 100, refund: 10_001 },
        { until: new Date('2030-06-09T00:00:00.000Z'), refundPercent: 50, refund: 5_000 },
        { until: null, refundPercent: 0, refund: 0 },
      ],
      fullRefundUntil: new Date('2030-06-05T00:00:00.000Z'),
      ifCancelledNow: {
        policy: 'moderate',
        basis: 'policy',
        refundPercent: 100,
        amount: 10_001,
        platformFeeRefunded: false,
        until: new Date('2030-06-05T00:00:00.000Z'),
      },
    });
  });

  it('quote: past the full-refund cut-off there is none left, and the next cut-off is named', () => {
    const terms = quotedTerms(stay, at(100));
    expect(terms.fullRefundUntil).toBeNull();
    expect(terms.ifCancelledNow).toMatchObject({
      refundPercent: 50,
      amount: 5_000,
      until: new Date('2030-06-09T00:00:00.000Z'),
    });
  });

  it.each([
    ['requested', 'renter', { basis: 'before_acceptance', amount: 11_001 }],
    ['requested', 'owner', null], // the owner declines a request, never cancels it
    ['accepted', 'renter', { basis: 'policy', amount: 5_000 }],
    ['accepted', 'owner', { basis: 'owner', amount: 11_001 }],
    ['active', 'renter', null],
    ['active', 'owner', null],
    ['cancelled', 'renter', null],
    ['completed', 'owner', null],
  ] as const)('a %s rental, for its %s: %j', (status, party, expected) => {
    const terms = termsFor({ ...stay, status }, party, at(100));
    if (expected === null) expect(terms.ifCancelledNow).toBeNull();
    else expect(terms.ifCancelledNow).toMatchObject(expected);
    expect(terms.windows).toHaveLength(3);
  });
});
