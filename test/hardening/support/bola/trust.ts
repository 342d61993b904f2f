import { sanction, suspend } from '../../../support/sanction.factory';
import { block } from '../../../support/trust.factory';
import type { BolaRegistry, Fixtures } from './types';

/** Someone who blocked someone else: the block is the owner's relation to `blocked`. */
async function blocked(f: Fixtures) {
  const [owner, other] = [await f.user(), await f.user()];
  await block(f.t, owner, other);
  const ownerState = () =>
    f.t.db.query('SELECT blocked_id, created_at FROM trust.blocks WHERE blocker_id = $1', [owner.id]);
  return { owner, other, ownerState };
}

/** Blocks: the path names a person, and each request acts on the caller's own blocks only. */
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
