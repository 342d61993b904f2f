import { specificationViolations } from './specifications';

describe('specificationViolations', () => {
  it.each([
    [{}],
    [{ brand: 'Makita', voltage: 18, cordless: true, weight: null }],
    [{ accessories: ['case', 'bits', 2] }],
    [{ dimensions: { w: 20, h: 30, unit: 'cm' } }],
    [{ dimensions: { sizes: [1, 2, 3] } }],
  ])('accepts %j', (value) => {
    expect(specificationViolations(value)).toEqual([]);
  });

  it.each([
    [[1, 2], 'specifications must be a JSON object'],
    ['text', 'specifications must be a JSON object'],
    [null, 'specifications must be a JSON object'],
    [{ a: { b: { c: 1 } } }, 'specifications.a.b nests too deeply (at most 2 levels)'],
    [{ list: [{ x: 1 }] }, 'specifications.list[0] must be a plain value'],
    [{ list: Array.from({ length: 21 }, (_, i) => i) }, 'specifications.list must have at most 20 items'],
    [{ long: 'x'.repeat(501) }, 'specifications.long must be at most 500 characters'],
    [{ '': 1 }, 'specifications keys must be 1 to 50 characters'],
    [{ ['k'.repeat(51)]: 1 }, 'specifications keys must be 1 to 50 characters'],
    [{ n: Infinity }, 'specifications.n must be a finite number'],
    [
      Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])),
      'specifications must have at most 50 keys in all',
    ],
    [
      Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, 'x'.repeat(450)])),
      'specifications must be at most 8192 bytes of JSON',
    ],
  ])('refuses %j', (value, message) => {
    expect(specificationViolations(value)).toContain(message);
  });

  it('counts nested keys towards the total', () => {
    const nested = { a: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i])) };
    expect(specificationViolations(nested)).toContain('specifications must have at most 50 keys in all');
  });

  it('refuses class instances (only plain JSON objects)', () => {
    expect(specificationViolations({ when: new Date() })).toContain(
      'specifications.when must be a JSON value',
    );
  });
});
