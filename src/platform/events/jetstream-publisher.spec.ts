import { subjectOf } from './jetstream-publisher';

describe('subjectOf', () => {
  it.each([
    ['rental', 'rental.RentalAccepted', 1, 'onesociety.rental.RentalAccepted.v1'],
    ['catalog', 'catalog.ProductListed', 2, 'onesociety.catalog.ProductListed.v2'],
    ['review', 'ProductRatingChanged', 1, 'onesociety.review.ProductRatingChanged.v1'],
    // Tokens never carry NATS's separators or wildcards.
    ['evt', 'odd.Name with*wild>cards', 3, 'onesociety.evt.Name_with_wild_cards.v3'],
  ])('%s publishes %s v%d on %s', (context, type, version, subject) => {
    expect(subjectOf('onesociety', context, { type, version })).toBe(subject);
  });
});
