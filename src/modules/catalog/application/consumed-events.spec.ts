import type { RentalEventPayload } from '../../rental';
import { RENTAL_EVENT_FOR_STATUS } from '../../rental';
import type { RatingSummary } from '../../review';
import { ProductRatingChanged as PublishedRatingChanged } from '../../review';
import type { ProductRatingPayload, RentalHoldPayload } from './consumed-events';
import { ProductRatingChanged, RENTAL_LIFECYCLE_EVENTS } from './consumed-events';

describe("catalog's declarations of the events it consumes", () => {
  it('name every rental lifecycle event, at the published version', () => {
    const published = Object.values(RENTAL_EVENT_FOR_STATUS).map((d) => `${d.type}@${d.version}`);
    expect(RENTAL_LIFECYCLE_EVENTS.map((d) => `${d.type}@${d.version}`).sort()).toEqual(published.sort());
  });

  it('name the published rating event', () => {
    expect(`${ProductRatingChanged.type}@${ProductRatingChanged.version}`).toBe(
      `${PublishedRatingChanged.type}@${PublishedRatingChanged.version}`,
    );
  });

  it('read only payload members the publishers send (checked by the type checker)', () => {
    const rental: RentalHoldPayload = {} as RentalEventPayload;
    const rating: ProductRatingPayload = {} as { productId: string } & RatingSummary;
    expect([rental, rating]).toHaveLength(2);
  });
});
