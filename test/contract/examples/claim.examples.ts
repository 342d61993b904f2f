import { sandboxClaim, sandboxReturnedRental } from '../../support/claim.factory';
import { addPaymentMethod } from '../../support/payment.factory';
import type { ExampleFixtures, ExampleWorld } from './example-fixture';

/** One owner and one renter for every claim example (fresh rentals each): signups are rate limited. */
const parties = (world: ExampleWorld) =>
  world.once('claim-parties', async () => {
    const [owner, renter] = [await world.person(), await world.person()];
    await addPaymentMethod(world.t, renter);
    return { owner, renter };
  });
const claimOf = async (world: ExampleWorld, disputed = false) =>
  sandboxClaim(world.t, { disputed, parties: await parties(world) });

/** Damage claims and refunds: each example on a rental (and claim) of its own, as each moves it on. */
export const claimExamples: ExampleFixtures = {
  // A handed-back rental in its inspection window, its deposit held: the owner files.
  payment_fileClaim: async (world) => {
    const { owner, rental } = await sandboxReturnedRental(world.t, await parties(world));
    return { auth: owner.auth, ids: { rentalId: rental.id } };
  },
  payment_getClaim: async (world) => {
    const { renter, claim } = await claimOf(world);
    return { auth: renter.auth, ids: { claimId: claim.id } };
  },
  payment_acceptClaim: async (world) => {
    const { renter, claim } = await claimOf(world);
    return { auth: renter.auth, ids: { claimId: claim.id } };
  },
  payment_disputeClaim: async (world) => {
    const { renter, claim } = await claimOf(world);
    return { auth: renter.auth, ids: { claimId: claim.id } };
  },
  payment_withdrawClaim: async (world) => {
    const { owner, claim } = await claimOf(world);
    return { auth: owner.auth, ids: { claimId: claim.id } };
  },
  admin_listClaims: async (world) => {
    await claimOf(world, true);
    return { auth: (await world.admin()).auth };
  },
  admin_resolveClaim: async (world) => ({
    auth: (await world.admin()).auth,
    ids: { claimId: (await claimOf(world, true)).claim.id },
  }),
  // The rental's charge is captured (it was handed back): an admin refunds part of it.
  admin_createRefund: async (world) => ({
    auth: (await world.admin()).auth,
    ids: { intentId: (await claimOf(world)).intentId },
  }),
  admin_listRefunds: async (world) => ({
    auth: (await world.admin()).auth,
    ids: { intentId: (await claimOf(world)).intentId },
  }),
};
