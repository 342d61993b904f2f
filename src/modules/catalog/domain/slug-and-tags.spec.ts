import { SLUG_PATTERN, slugify } from './slug';
import { distinctTags, tagKey } from './tags';

describe('slugify', () => {
  it.each([
    ['Power Tools & Drills', 'power-tools-drills'],
    ['Vélos électriques', 'velos-electriques'],
    ['  --Party!! ', 'party'],
    ['Baby & Kids 0-3', 'baby-kids-0-3'],
    ['Ünïcödé Straße', 'unicode-strasse'],
    ['Łódź Søren', 'lodz-soren'],
    ['日本語', ''],
  ])('%j -> %j', (input, expected) => {
    expect(slugify(input)).toBe(expected);
    if (expected) expect(expected).toMatch(SLUG_PATTERN);
  });

  it('cuts long names without leaving a trailing hyphen', () => {
    const slug = slugify('word '.repeat(40), 12);
    expect(slug.length).toBeLessThanOrEqual(12);
    expect(slug).toMatch(SLUG_PATTERN);
  });
});

describe('tags', () => {
  it('compares case- and space-insensitively', () => {
    expect(tagKey('  Power   Tools ')).toBe('power tools');
  });

  it('keeps the first spelling, drops duplicates and blanks, keeps the order', () => {
    expect(distinctTags(['Makita', 'cordless', 'MAKITA', ' ', 'Drill ', 'drill'])).toEqual([
      { name: 'Makita', key: 'makita' },
      { name: 'cordless', key: 'cordless' },
      { name: 'Drill', key: 'drill' },
    ]);
  });
});
