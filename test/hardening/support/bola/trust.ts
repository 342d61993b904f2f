import { sanction, suspend } from '../../../support/sanction.factory';
import { block, report } from '../../../support/trust.factory';
import type { BolaRegistry, Fixtures } from './types';

/** Someone who blocked someone else: the block is the owner's relation to `blocked`. */
async function blocked(f: Fixtures) {
  const [owner, other] = [await f.user(), await f.user()];
  await block(f.t, owner, other);
  const ownerState = () =>
    f.t.db.query('SELECT blocked_id, created_at FROM trust.blocks WHERE blocker_id = $1', [owner.id]);
  return { owner, other, ownerState };
}

/** An open report of a user, filed by `reporter` (a fresh user unless given). */
async function openReport(f: Fixtures) {
  const [reporter, reported] = [await f.user('Reporter'), await f.user('Reported')];
  return { reporter, filed: await report(f.t, reporter, { targetType: 'user', targetId: reported.id }) };
}

/**
 * Blocks: the path names a person, and each request acts on the caller's own blocks only.
 * Reports: the reporter's own (anyone else gets 404), and the moderators' routes (admins only).
 */
export const TRUST: BolaRegistry = {
  'PUT /api/v1/trust/blocks/{userId}': [
    {
      name: "blocking someone another user blocked (the intruder's own block; theirs stays)",
      exposure: 'caller-scoped',
      setup: async (f) => {
        const { owner, other, ownerState } = await blocked(f);
        return { owner, params: { userId: other.id }, ownerState };
      },
    },
  ],
  'DELETE /api/v1/trust/blocks/{userId}': [
    {
      name: "lifting another user's block (a no-op for the intruder; the owner's block stays)",
      exposure: 'caller-scoped',
      setup: async (f) => {
        const { owner, other, ownerState } = await blocked(f);
        return { owner, params: { userId: other.id }, ownerState };
      },
    },
  ],
  'GET /api/v1/trust/reports/{reportId}': [
    {
      name: "someone's report",
      exposure: 'private',
      setup: async (f) => {
        const { reporter, filed } = await openReport(f);
        return { owner: reporter, params: { reportId: filed.id } };
      },
    },
  ],
  'GET /api/v1/admin/reports/{reportId}': [
    {
      name: 'a report with its history, for moderators',
      exposure: 'admin',
      setup: async (f) => ({ owner: await f.admin(), params: { reportId: (await openReport(f)).filed.id } }),
    },
  ],
  'POST /api/v1/admin/reports/{reportId}/decision': [
    {
      name: 'deciding a report',
      exposure: 'admin',
      setup: async (f) => ({
        owner: await f.admin(),
        params: { reportId: (await openReport(f)).filed.id },
        body: { action: 'warn', reason: 'Be kind to other members.' },
      }),
    },
  ],
};

/** Sanctions: admin-only, on a fresh person each time (an admin's request must succeed as control). */
export const TRUST_SANCTIONS: BolaRegistry = {
  'POST /api/v1/admin/users/{userId}/sanctions': [
    {
      name: 'warning a user',
      exposure: 'admin',
      setup: async (f) => ({
        owner: await f.admin(),
        params: { userId: (await f.user()).id },
        body: { kind: 'warning', reason: 'Hardening check.' },
      }),
    },
  ],
  'GET /api/v1/admin/users/{userId}/sanctions': [
    {
      name: "a user's sanction history",
      exposure: 'admin',
      setup: async (f) => {
        const [owner, target] = [await f.admin(), await f.user()];
        await sanction(f.t, owner, target, { kind: 'warning' });
        return { owner, params: { userId: target.id } };
      },
    },
  ],
  'POST /api/v1/admin/sanctions/{sanctionId}/lift': [
    {
      name: "lifting a user's suspension",
      exposure: 'admin',
      setup: async (f) => {
        const [owner, target] = [await f.admin(), await f.user()];
        const suspension = await suspend(f.t, owner, target);
        return { owner, params: { sanctionId: suspension.id }, body: {} };
      },
    },
  ],
};
