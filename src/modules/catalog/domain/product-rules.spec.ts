import { productViolations } from './product-rules';

const base = {
  pricing: { dailyPrice: 1000, weeklyPrice: null as number | null, deposit: 0, currency: 'EUR' },
  rules: { minDays: 1, maxDays: 30, leadTimeDays: 0, bufferDays: 0, cancellationPolicy: 'flexible' as const },
  latitude: null as number | null,
  longitude: null as number | null,
};

describe('productViolations', () => {
  it('accepts a consistent product', () => {
    expect(productViolations(base)).toEqual([]);
    expect(productViolations({ ...base, pricing: { ...base.pricing, weeklyPrice: 7000 } })).toEqual([]);
    expect(productViolations({ ...base, latitude: 1, longitude: 2 })).toEqual([]);
    expect(productViolations({ ...base, rules: { ...base.rules, minDays: 30 } })).toEqual([]);
  });

  it.each([
    [{ rules: { ...base.rules, minDays: 31 } }, 'rules.maxDays'],
    [{ pricing: { ...base.pricing, weeklyPrice: 7001 } }, 'pricing.weeklyPrice'],
    [{ latitude: 1 }, 'address'],
    [{ longitude: 1 }, 'address'],
  ])('refuses %j naming %s', (patch, field) => {
    expect(productViolations({ ...base, ...patch }).map((p) => p.field)).toEqual([field]);
  });
});
