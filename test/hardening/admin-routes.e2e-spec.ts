import { hideListing } from '../support/moderation.factory';
import { createTestApp, type TestApp } from '../support/test-app';
import { type Operation, fetchDocument, operationsOf } from './support/api-document';
import { Fixtures } from './support/bola';
import { changedTables, snapshotDatabase } from './support/db-snapshot';
import { describeResponse, HARDENING_ENV, isProblem, send } from './support/http';
import { report } from '../support/trust.factory';
import { suspend } from '../support/sanction.factory';
import { sandboxDispute } from '../support/dispute.factory';
import { sandboxClaim } from '../support/claim.factory';

type AdminRequest = { params: Record<string, string>; body?: unknown };

/** Sanctions, on a fresh person each: a suspension to lift is imposed by the admin first. */
const SANCTION_ADMIN_REQUESTS: Record<string, (f: Fixtures) => Promise<AdminRequest>> = {
  'POST /api/v1/admin/users/{userId}/sanctions': async (f) => ({
    params: { userId: (await f.user('Warned')).id },
    body: { kind: 'warning', reason: 'Admin only.' },
  }),
  'GET /api/v1/admin/users/{userId}/sanctions': async (f) => ({
    params: { userId: (await f.user('Sanctioned')).id },
  }),
  'POST /api/v1/admin/sanctions/{sanctionId}/lift': async (f) => {
    const suspension = await suspend(f.t, await f.admin(), await f.user('Suspended'));
    return { params: { sanctionId: suspension.id }, body: {} };
  },
};

/** API clients (a fresh one each) and the admin views of integrators' webhooks. */
const INTEGRATION_ADMIN_REQUESTS: Record<string, (f: Fixtures) => Promise<AdminRequest>> = {
  'POST /api/v1/admin/integrations/clients': async () => ({
    params: {},
    body: { name: 'Admin only', scopes: ['events:read'] },
  }),
  'GET /api/v1/admin/integrations/clients': async () => ({ params: {} }),
  'GET /api/v1/admin/integrations/clients/{clientId}': async (f) => ({
    params: { clientId: (await f.integrator()).id },
  }),
  'POST /api/v1/admin/integrations/clients/{clientId}/keys': async (f) => ({
    params: { clientId: (await f.integrator()).id },
    body: { graceHours: 1 },
  }),
  'POST /api/v1/admin/integrations/clients/{clientId}/keys/{keyId}/revoke': async (f) => {
    const integrator = await f.integrator();
    const [key] = await f.t.db.query('SELECT id FROM integration.api_keys WHERE client_id = $1', [
      integrator.id,
    ]);
    return { params: { clientId: integrator.id, keyId: key.id } };
  },
  'POST /api/v1/admin/integrations/clients/{clientId}/revoke': async (f) => ({
    params: { clientId: (await f.integrator()).id },
  }),
  'GET /api/v1/admin/integrations/clients/{clientId}/webhooks': async (f) => ({
    params: { clientId: (await f.integrator()).id },
  }),
  'GET /api/v1/admin/integrations/webhooks/{endpointId}/deliveries': async (f) => {
    const integrator = await f.integrator(['events:read']);
    const made = await f.post<{ endpoint: { id: string } }>(integrator, '/api/v1/integrations/webhooks', {
      url: 'https://hooks.example.com/admin-view',
      eventTypes: ['*'],
    });
    return { params: { endpointId: made.endpoint.id } };
  },
};

/** A valid request for every admin-only operation (`x-required-roles` in the document). */
const ADMIN_REQUESTS: Record<string, (f: Fixtures) => Promise<AdminRequest>> = {
  'POST /api/v1/categories': async () => ({ params: {}, body: { name: `Admin only ${Date.now()}` } }),
  'PUT /api/v1/categories/{id}': async (f) => {
    const category = await f.post<{ id: string }>(await f.admin(), '/api/v1/categories', {
      name: `To rename ${Date.now()}`,
    });
    return { params: { id: category.id }, body: { name: `Renamed ${Date.now()}` } };
  },
  'PUT /api/v1/admin/users/{userId}/role': async (f) => ({
    params: { userId: (await f.user('Promoted')).id },
    body: { role: 'admin' },
  }),
  'GET /api/v1/admin/audit': async () => ({ params: {} }),
  'GET /api/v1/admin/reports': async () => ({ params: {} }),
  'GET /api/v1/admin/reports/{reportId}': async (f) => ({ params: { reportId: await openReport(f) } }),
  'POST /api/v1/admin/reports/{reportId}/decision': async (f) => ({
    params: { reportId: await openReport(f) },
    body: { action: 'warn', reason: 'Be kind to other members.' },
  }),
  ...SANCTION_ADMIN_REQUESTS,
  ...INTEGRATION_ADMIN_REQUESTS,
  'GET /api/v1/admin/listings': async () => ({ params: {} }),
  'POST /api/v1/admin/listings/{productId}/approve': async (f) => ({
    params: { productId: await listingAwaitingApproval(f) },
  }),
  'POST /api/v1/admin/listings/{productId}/reject': async (f) => ({
    params: { productId: await listingAwaitingApproval(f) },
    body: { reason: 'The photos show another item.' },
  }),
  // Disputes: each on a fresh one, opened with the sandbox's trigger.
  'GET /api/v1/admin/disputes': async (f) => {
    await sandboxDispute(f.t);
    return { params: {} };
  },
  'GET /api/v1/admin/disputes/{disputeId}': async (f) => ({
    params: { disputeId: (await sandboxDispute(f.t)).id },
  }),
  'POST /api/v1/admin/disputes/{disputeId}/evidence': async (f) => ({
    params: { disputeId: (await sandboxDispute(f.t)).id },
    body: { text: 'The renter collected the item and returned it in good order.' },
  }),
  // Damage claims (a fresh disputed one each) and refunds (of a fresh captured payment each).
  'GET /api/v1/admin/claims': async (f) => {
    await sandboxClaim(f.t, { disputed: true });
    return { params: {} };
  },
  'POST /api/v1/admin/claims/{claimId}/resolution': async (f) => ({
    params: { claimId: (await sandboxClaim(f.t, { disputed: true })).claim.id },
    body: { amount: 1000, note: 'Half the repair cost.' },
  }),
  'POST /api/v1/admin/payment-intents/{intentId}/refunds': async (f) => ({
    params: { intentId: (await sandboxClaim(f.t)).intentId },
    body: { amount: 500, reason: 'Goodwill.' },
  }),
  'GET /api/v1/admin/payment-intents/{intentId}/refunds': async (f) => ({
    params: { intentId: (await sandboxClaim(f.t)).intentId },
  }),
};

/** A fresh user's open report of another fresh user: its id. */
async function openReport(f: Fixtures): Promise<string> {
  const [reporter, reported] = [await f.user('Reporter'), await f.user('Reported')];
  return (await report(f.t, reporter, { targetType: 'user', targetId: reported.id })).id;
}

/** A listing a moderator hid and its owner resubmitted: awaiting approval. */
async function listingAwaitingApproval(f: Fixtures): Promise<string> {
  const owner = await f.user('Lister');
  const product = await f.product(owner);
  await hideListing(f.t, product);
  const res = await f.t.http.put(`/api/v1/products/${product.id}`).set(owner.auth).send({ status: 'active' });
  if (res.body.status !== 'pending_approval')
    throw new Error(`resubmission failed: ${res.status} ${res.text}`);
  return product.id;
}

/**
 * OWASP API5 (function-level authorization): every operation the document marks as admin-only is
 * refused to a signed-in plain user (403) and to anonymous callers (401), changing nothing; an admin's
 * identical request succeeds.
 */
describe('hardening: admin-only operations (OWASP API5)', () => {
  let t: TestApp;
  let fixtures: Fixtures;
  let adminOps: Operation[];

  beforeAll(async () => {
    t = await createTestApp(HARDENING_ENV);
    fixtures = new Fixtures(t);
    adminOps = operationsOf(await fetchDocument(t.http)).filter((op) =>
      (op.extensions['x-required-roles'] as string[] | undefined)?.includes('admin'),
    );
  });
  afterAll(() => t.close());

  it('finds the admin-only operations in the document, each with a request registered', () => {
    expect(adminOps.map((op) => op.key)).toEqual(
      expect.arrayContaining([
        'POST /api/v1/categories',
        'PUT /api/v1/admin/users/{userId}/role',
        'GET /api/v1/admin/audit',
      ]),
    );
    expect(adminOps.filter((op) => !ADMIN_REQUESTS[op.key]).map((op) => `register ${op.key}`)).toEqual([]);
  });

  it('refuses every admin-only operation to plain users (403) and anonymous callers (401)', async () => {
    for (const op of adminOps) {
      const request = await ADMIN_REQUESTS[op.key](fixtures);
      const user = await fixtures.user('Plain user');
      const before = await snapshotDatabase(t.db);
      const asUser = await send(t.http, op, { ...request, headers: user.auth });
      const asAnonymous = await send(t.http, op, request);
      expect({ op: op.key, statuses: [asUser.status, asAnonymous.status] }).toEqual({
        op: op.key,
        statuses: [403, 401],
      });
      expect([isProblem(asUser), isProblem(asAnonymous)]).toEqual([true, true]);
      expect(changedTables(before, await snapshotDatabase(t.db))).toEqual([]);

      const asAdmin = await send(t.http, op, { ...request, headers: (await fixtures.admin()).auth });
      expect({ op: op.key, ok: asAdmin.status < 300, res: describeResponse(asAdmin) }).toMatchObject({
        ok: true,
      });
    }
  });

  it('does not let a plain user make themselves admin through their profile', async () => {
    const user = await fixtures.user('Climber');
    const res = await t.http.put('/api/v1/auth/profile').set(user.auth).send({ role: 'admin' });
    expect(res.status).toBe(422);
    const [row] = await t.db.query('SELECT role FROM identity.users WHERE id = $1', [user.id]);
    expect(row.role).toBe('user');
    const category = await t.http.post('/api/v1/categories').set(user.auth).send({ name: 'Still not admin' });
    expect(category.status).toBe(403);
  });
});
