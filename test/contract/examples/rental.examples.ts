import { createRental, utcDay } from '../../support/rental.factory';
import type { ExampleFixtures, ExampleWorld } from './example-fixture';

/** A requested rental of a product of its own, so no example's stay collides with another's. */
async function requestedRental(world: ExampleWorld) {
  const renter = await world.person();
  const rental = await createRental(world.t, renter, await world.freshProduct());
  return { renter, rental };
}

export const rentalExamples: ExampleFixtures = {
  rental_createRental: async (world) => ({
    auth: (await world.person()).auth,
    ids: { productId: (await world.freshProduct()).id },
  }),
  rental_listRentals: async (world) => ({ auth: (await requestedRental(world)).renter.auth }),
  rental_getRental: async (world) => {
    const { renter, rental } = await requestedRental(world);
    return { auth: renter.auth, ids: { id: rental.id } };
  },
  // The documented move is the owner's acceptance of a request.
  rental_updateRental: async (world) => {
    const { rental } = await requestedRental(world);
    return { auth: (await world.owner()).auth, ids: { id: rental.id } };
  },
  rental_checkAvailability: async (world) => ({ ids: { productId: (await world.product()).id } }),
  rental_getCalendar: async (world) => ({ ids: { productId: (await world.product()).id } }),
  rental_getOwnerRecord: async (world) => ({ ids: { id: (await world.owner()).id } }),
  rental_listBlocks: async (world) => ({
    auth: (await world.owner()).auth,
    ids: { productId: (await world.product()).id },
  }),
  rental_createBlock: async (world) => ({
    auth: (await world.owner()).auth,
    ids: { productId: (await world.freshProduct()).id },
  }),
  rental_deleteBlock: async (world) => {
    const owner = await world.owner();
    const product = await world.freshProduct();
    const block = await world.t.http
      .post(`/api/v1/products/${product.id}/blocks`)
      .set(owner.auth)
      .send({ startDate: utcDay(5), endDate: utcDay(6) })
      .expect(201);
    return { auth: owner.auth, ids: { productId: product.id, blockId: block.body.id } };
  },
};
