import { sanction, suspend } from '../../support/sanction.factory';
import { block } from '../../support/trust.factory';
import type { ExampleFixtures, ExampleWorld } from './example-fixture';

/** A fresh person and someone else they may block: the blocker's token and the other's id. */
async function blockPair(world: ExampleWorld) {
  const [blocker, other] = await Promise.all([world.person(), world.person()]);
  return { blocker, other, prepared: { auth: blocker.auth, ids: { userId: other.id } } };
}

export const trustExamples: ExampleFixtures = {
  trust_blockUser: async (world) => (await blockPair(world)).prepared,
  trust_unblockUser: async (world) => {
    const { blocker, other, prepared } = await blockPair(world);
    await block(world.t, blocker, other);
    return prepared;
  },
  trust_listBlocks: async (world) => {
    const { blocker, other, prepared } = await blockPair(world);
    await block(world.t, blocker, other);
    return { auth: prepared.auth };
  },
};

/** Sanctions: an admin acts on a fresh person (never on a shared actor, whom it would lock out). */
export const sanctionExamples: ExampleFixtures = {
  admin_imposeSanction: async (world) => ({
    auth: (await world.admin()).auth,
    ids: { userId: (await world.person()).id },
  }),
  admin_listUserSanctions: async (world) => {
    const [admin, person] = await Promise.all([world.admin(), world.person()]);
    await sanction(world.t, admin, person, { kind: 'warning' });
    return { auth: admin.auth, ids: { userId: person.id } };
  },
  admin_liftSanction: async (world) => {
    const [admin, person] = await Promise.all([world.admin(), world.person()]);
    const suspension = await suspend(world.t, admin, person);
    return { auth: admin.auth, ids: { sanctionId: suspension.id } };
  },
  trust_listOwnSanctions: async (world) => {
    const [admin, person] = await Promise.all([world.admin(), world.person()]);
    await sanction(world.t, admin, person, { kind: 'warning' });
    return { auth: person.auth };
  },
};
