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
