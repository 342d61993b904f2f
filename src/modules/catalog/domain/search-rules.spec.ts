import { planSearch } from './search-rules';

const TODAY = '2026-06-01';
const ME = '11111111-1111-4111-8111-111111111111';
const fields = (input: Parameters<typeof planSearch>[0], viewer?: string) => {
  const result = planSearch(input, viewer, TODAY);
  return 'errors' in result ? result.errors.map((e) => e.field) : [];
};
const plan = (input: Parameters<typeof planSearch>[0], viewer?: string) => {
  const result = planSearch(input, viewer, TODAY);
  if ('errors' in result) throw new Error(JSON.stringify(result.errors));
  return result.plan;
};

describe('planSearch', () => {
  it.each([
    [{}, 'newest'],
    [{ q: 'drill' }, 'relevance'],
    [{ near: '38.7,-9.1' }, 'distance'],
    [{ q: 'drill', near: '38.7,-9.1' }, 'relevance'],
    [{ sort: 'price_asc' as const }, 'price_asc'],
  ])('default sort for %j is %s', (input, sort) => {
    expect(plan(input).sort).toBe(sort);
  });

  it('own listings only when ownerId is the caller', () => {
    expect(plan({ ownerId: ME }, ME).ownListings).toBe(true);
    expect(plan({ ownerId: ME }, undefined).ownListings).toBe(false);
    expect(plan({ ownerId: ME }, '22222222-2222-4222-8222-222222222222').ownListings).toBe(false);
    expect(plan({ ownerId: ME, status: 'draft' }, ME).ownListings).toBe(true);
  });

  it('fills in the default radius and a bounding box', () => {
    expect(plan({ near: '38.7,-9.1' }).geo).toMatchObject({ lat: 38.7, lng: -9.1, radiusKm: 25 });
  });

  it('accepts a stay from today, up to 365 days', () => {
    expect(plan({ availableFrom: TODAY, availableTo: '2026-06-02' }).stay).toEqual({
      from: TODAY,
      to: '2026-06-02',
    });
    expect(plan({ availableFrom: TODAY, availableTo: '2027-06-01' }).stay).not.toBeNull();
  });

  it.each([
    [{ status: 'draft' }, undefined, ['status']],
    [{ minPrice: 1 }, undefined, ['currency']],
    [{ minPrice: 5, maxPrice: 4, currency: 'EUR' }, undefined, ['maxPrice']],
    [{ near: '91,0' }, undefined, ['near']],
    [{ radiusKm: 5 }, undefined, ['near']],
    [{ availableFrom: TODAY }, undefined, ['availableTo']],
    [{ availableTo: TODAY }, undefined, ['availableFrom']],
    [{ availableFrom: '2026-05-31', availableTo: '2026-06-03' }, undefined, ['availableFrom']],
    [{ availableFrom: TODAY, availableTo: TODAY }, undefined, ['availableTo']],
    [{ availableFrom: '2026-02-30', availableTo: '2026-03-02' }, undefined, ['availableFrom']],
    [{ availableFrom: TODAY, availableTo: '2027-06-02' }, undefined, ['availableTo']],
    [{ sort: 'relevance' as const }, undefined, ['sort']],
    [{ sort: 'distance' as const }, undefined, ['sort']],
  ])('refuses %j (viewer %s) naming %j', (input, viewer, expected) => {
    expect(fields(input, viewer)).toEqual(expected);
  });
});
