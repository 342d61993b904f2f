import { platformFee, quoteStay, stayPrice } from './rental-quote';

describe('stay price', () => {
  it.each([
    // days, daily, weekly, expected
    [1, 1000, null, 1000],
    [3, 1000, null, 3000],
    [10, 1000, null, 10000],
    [1, 1000, 6000, 1000],
    [5, 1000, 6000, 5000],
    [6, 1000, 6000, 6000], // 6 days = 6000 = one week: either way
    [7, 1000, 6000, 6000], // a week at the weekly price
    [8, 1000, 6000, 7000], // a week + 1 day
    [13, 1000, 6000, 12000], // a week + 6 days capped at one week
    [14, 1000, 6000, 12000], // two weeks
    [6, 1000, 5000, 5000], // 6 days never cost more than a week
    [12, 1000, 5000, 10000], // a week + 5 days capped at a week
    [7, 1000, 8000, 7000], // a weekly price above 7 daily ones is never used
    [15, 1000, 8000, 15000],
    [7, 0, null, 0], // free items
    [21, 2500, 15000, 45000],
  ])('%i days at %i/day, %p/week cost %i', (days, daily, weekly, expected) => {
    expect(stayPrice(days, daily, weekly)).toBe(expected);
  });

  it.each([0, -1, 1.5])('refuses %p days', (days) => {
    expect(() => stayPrice(days, 1000, null)).toThrow();
  });
});

describe('platform fee', () => {
  it.each([
    [10000, 1000, 1000],
    [0, 1000, 0],
    [4, 1000, 0], // 0.4 rounds down
    [5, 1000, 1], // 0.5 rounds half up
    [15, 1000, 2], // 1.5 → 2
    [14, 1000, 1], // 1.4 → 1
    [12345, 1000, 1235], // 1234.5 → 1235
    [12345, 250, 309], // 308.625 → 309
    [12345, 0, 0],
  ])('fee on %i at %i bp is %i', (subtotal, bp, expected) => {
    expect(platformFee(subtotal, bp)).toBe(expected);
  });
});

describe('quote', () => {
  it('adds the fee and the deposit to the subtotal', () => {
    expect(
      quoteStay(8, { dailyPrice: 1500, weeklyPrice: 9000, deposit: 5000, currency: 'EUR' }, 1000),
    ).toEqual({
      currency: 'EUR',
      rentalDays: 8,
      subtotal: 10500,
      platformFee: 1050,
      deposit: 5000,
      total: 16550,
    });
  });

  it('works without a weekly price or a deposit', () => {
    expect(quoteStay(3, { dailyPrice: 999, weeklyPrice: null, deposit: 0, currency: 'USD' }, 1000)).toEqual({
      currency: 'USD',
      rentalDays: 3,
      subtotal: 2997,
      platformFee: 300,
      deposit: 0,
      total: 3297,
    });
  });
});
