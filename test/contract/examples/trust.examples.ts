import { sanction, suspend } from '../../support/sanction.factory';
import { block, report } from '../../support/trust.factory';
import type { ExampleFixtures, ExampleWorld } from './example-fixture';

/** A fresh person and someone else they may block: the blocker's token and the other's id. */
async function blockPair(world: ExampleWorld) {
  const [blocker, other] = await Promise.all([world.person(), world.person()]);
  return { blocker, other, prepared: { auth: blocker.auth, ids: { userId: other.id } } };
}

/** A fresh person's open report of another fresh person (so a decision touches nobody else). */
async function openReport(world: ExampleWorld) {
  const [reporter, reported] = await Promise.all([world.person(), world.person()]);
  const filed = await report(world.t, reporter, { targetType: 'user', targetId: reported.id });
  return { reporter, filed };
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
  // The documented report is of a listing: a fresh person reports the shared product.
  trust_fileReport: async (world) => ({
    auth: (await world.person()).auth,
    ids: { targetId: (await world.product()).id },
  }),
  trust_listReports: async (world) => ({ auth: (await openReport(world)).reporter.auth }),
  trust_getReport: async (world) => {
    const { reporter, filed } = await openReport(world);
    return { auth: reporter.auth, ids: { reportId: filed.id } };
  },
  admin_listReports: async (world) => {
    await openReport(world);
    return { auth: (await world.admin()).auth };
  },
  admin_getReport: async (world) => ({
    auth: (await world.admin()).auth,
    ids: { reportId: (await openReport(world)).filed.id },
  }),
  admin_decideReport: async (world) => ({
    auth: (await world.admin()).auth,
    ids: { reportId: (await openReport(world)).filed.id },
  }),
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
