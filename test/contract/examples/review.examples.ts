import { completeRental } from '../../support/rental.factory';
import type { ExampleFixtures } from './example-fixture';

export const reviewExamples: ExampleFixtures = {
  review_createProductReview: async (world) => ({
    auth: (await world.person()).auth,
    ids: { productId: (await world.product()).id },
  }),
  review_listProductReviews: async (world) => ({ ids: { productId: (await world.product()).id } }),
  // The documented review is an owner's of the renter, after a completed rental.
  review_createUserReview: async (world) => {
    const owner = await world.owner();
    const renter = await world.person();
    const rental = await completeRental(world.t, owner, renter, await world.freshProduct());
    return { auth: owner.auth, ids: { rentalId: rental.id, revieweeId: renter.id } };
  },
  review_listUserReviews: async (world) => ({ ids: { userId: (await world.owner()).id } }),
  review_getProductReviewStats: async (world) => ({ ids: { id: (await world.product()).id } }),
  review_getUserReviewStats: async (world) => ({ ids: { id: (await world.owner()).id } }),
};
