import { createHash } from 'node:crypto';
import { createProduct } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { createIntegrator, integrationAdmin, rotateKey } from '../support/integration.factory';
import { createRental, moveRental } from '../support/rental.factory';
import { createTestApp, type TestApp } from '../support/test-app';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('integration: API clients and their keys', () => {
  let t: TestApp;
  let admin: SignedUpUser;
  beforeAll(async () => {
    t = await createTestApp({
      EVENTS_RELAY_INTERVAL_MS: '0',
      JOBS_ENABLED: 'false',
      WRITE_RATE_LIMIT_PER_MINUTE: '100000',
    });
    admin = await integrationAdmin(t);
  });
  afterAll(() => t.close());

  const keyRows = (clientId: string) =>
    t.db.query(
      `SELECT id, key_hash, hint, expires_at IS NOT NULL AS expiring, revoked_at IS NOT NULL AS revoked
       FROM integration.api_keys WHERE client_id = $1 ORDER BY created_at`,
      [clientId],
    );
  const audit = (clientId: string) =>
    t.db.query(
      `SELECT action, actor_id, details FROM audit.entries WHERE target_type = 'api_client' AND target_id = $1
       ORDER BY occurred_at`,
      [clientId],
    );

  it('creates a client with a key shown once, stored only as its SHA-256, and audits it', async () => {
    const res = await t.http
      .post('/api/v1/admin/integrations/clients')
      .set(admin.auth)
      .send({ name: '  Acme Insurance ', scopes: ['rentals:read', 'events:read', 'rentals:read'] });
    expect(res.status).toBe(201);
    const secret: string = res.body.key.secret;
    expect(secret).toMatch(/^osk_test_[A-Za-z0-9_-]{43}$/);
    expect(res.body).toEqual({
      client: {
        id: expect.any(String),
        name: 'Acme Insurance',
        scopes: ['events:read', 'rentals:read'],
        rateLimitPerMinute: 600,
        status: 'active',
        createdAt: expect.any(String),
        revokedAt: null,
        keys: [
          {
            id: res.body.key.id,
            hint: secret.slice(0, 17),
            status: 'active',
            createdAt: expect.any(String),
            expiresAt: null,
            revokedAt: null,
            lastUsedAt: null,
          },
        ],
      },
      key: { id: expect.any(String), secret, hint: secret.slice(0, 17) },
    });
    const clientId = res.body.client.id;
    expect(await keyRows(clientId)).toEqual([
      {
        id: res.body.key.id,
        key_hash: sha256(secret),
        hint: secret.slice(0, 17),
        expiring: false,
        revoked: false,
      },
    ]);
    // Nowhere in the schema is the key itself.
    const [{ found }] = await t.db.query(
      `SELECT count(*)::int AS found FROM (
         SELECT row_to_json(k)::text AS r FROM integration.api_keys k
         UNION ALL SELECT row_to_json(c)::text FROM integration.api_clients c
         UNION ALL SELECT details::text FROM audit.entries) x WHERE position($1 in r) > 0`,
      [secret.slice(17)],
    );
    expect(found).toBe(0);
    expect(await audit(clientId)).toEqual([
      {
        action: 'integration.api_client_created',
        actor_id: admin.id,
        details: { scopes: 'events:read rentals:read', keyId: res.body.key.id },
      },
    ]);
    // The admin view never shows the key again.
    const read = await t.http.get(`/api/v1/admin/integrations/clients/${clientId}`).set(admin.auth);
    expect(read.status).toBe(200);
    expect(JSON.stringify(read.body)).not.toContain(secret.slice(17));
  });

  it('refuses unknown scopes and empty ones (422), creating nothing', async () => {
    const before = await t.db.query('SELECT count(*)::int AS n FROM integration.api_clients');
    for (const scopes of [[], ['rentals:write'], 'events:read']) {
      const res = await t.http
        .post('/api/v1/admin/integrations/clients')
        .set(admin.auth)
        .send({ name: 'Bad', scopes });
      expect(res.status).toBe(422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('scopes');
    }
    expect(await t.db.query('SELECT count(*)::int AS n FROM integration.api_clients')).toEqual(before);
  });

  it('lets a key call only the operations of its scopes (403 otherwise), in either header', async () => {
    const lister = await createIntegrator(t, ['listings:read']);
    expect((await t.http.get('/api/v1/products').set(lister.auth)).status).toBe(200);
    expect((await t.http.get('/api/v1/products').set('X-Api-Key', lister.secret)).status).toBe(200);
    const refused = await t.http.get('/api/v1/integrations/rentals').set(lister.auth);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'AUTH.API_KEY_SCOPE_MISSING', scope: 'rentals:read' });
    const viaHeader = await t.http.get('/api/v1/integrations/rentals').set('X-Api-Key', lister.secret);
    expect(viaHeader.status).toBe(403);
  });

  it('keeps user tokens working as before, and refuses them on key-only operations', async () => {
    const user = await signUp(t.http);
    expect((await t.http.get('/api/v1/products').set(user.auth)).status).toBe(200);
    // Generated clients send their one token in every scheme an operation lists: a JWT in X-Api-Key
    // is not taken for a key.
    expect(
      (await t.http.get('/api/v1/products').set({ ...user.auth, 'X-Api-Key': user.accessToken })).status,
    ).toBe(200);
    expect((await t.http.get('/api/v1/products')).status).toBe(200);
    const asUser = await t.http.get('/api/v1/integrations/rentals').set(user.auth);
    expect(asUser.status).toBe(403);
    expect(asUser.body.code).toBe('AUTH.API_KEY_REQUIRED');
    expect((await t.http.get('/api/v1/integrations/rentals')).status).toBe(401);
    // A key is no user: operations not open to keys answer it as any non-JWT bearer token.
    const reader = await createIntegrator(t, ['rentals:read']);
    expect((await t.http.get('/api/v1/rentals').set(reader.auth)).status).toBe(401);
    expect(
      (await t.http.get('/api/v1/rentals').set({ ...user.auth, 'X-Api-Key': reader.secret })).status,
    ).toBe(200);
  });

  it('refuses unknown and malformed keys (401)', async () => {
    for (const key of ['osk_test_' + 'x'.repeat(43), 'osk_live_short', 'osk_']) {
      const res = await t.http.get('/api/v1/integrations/rentals').set('Authorization', `Bearer ${key}`);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('AUTH.API_KEY_INVALID');
    }
    expect((await t.http.get('/api/v1/products').set('X-Api-Key', 'osk_live_nope')).status).toBe(401);
  });

  it('rotates: the old key works through its grace, then stops; both are audited', async () => {
    const first = await createIntegrator(t, ['rentals:read']);
    const second = await rotateKey(t, first);
    expect(second.secret).not.toBe(first.secret);
    for (const key of [first, second])
      expect((await t.http.get('/api/v1/integrations/rentals').set(key.auth)).status).toBe(200);
    const view = await t.http.get(`/api/v1/admin/integrations/clients/${first.clientId}`).set(admin.auth);
    expect(view.body.keys.map((k: { id: string; status: string }) => [k.id, k.status])).toEqual([
      [second.keyId, 'active'],
      [first.keyId, 'expiring'],
    ]);
    const [old] = await t.db.query(
      `SELECT round(extract(epoch FROM expires_at - now()) / 3600) AS hours FROM integration.api_keys WHERE id = $1`,
      [first.keyId],
    );
    expect(Number(old.hours)).toBe(24);

    // A rotation without grace stops every key in force but the new one at once.
    const third = await rotateKey(t, second, 0);
    expect((await t.http.get('/api/v1/integrations/rentals').set(first.auth)).status).toBe(401);
    expect((await t.http.get('/api/v1/integrations/rentals').set(second.auth)).status).toBe(401);
    expect((await t.http.get('/api/v1/integrations/rentals').set(third.auth)).status).toBe(200);
    expect((await audit(first.clientId)).map((e: { action: string }) => e.action)).toEqual([
      'integration.api_client_created',
      'integration.api_key_rotated',
      'integration.api_key_rotated',
    ]);
  });

  it('revokes one key at once (idempotent), then the whole client; a revoked client takes no key', async () => {
    const first = await createIntegrator(t, ['rentals:read']);
    const second = await rotateKey(t, first);
    const path = `/api/v1/admin/integrations/clients/${first.clientId}`;
    for (let i = 0; i < 2; i++) {
      const res = await t.http.post(`${path}/keys/${first.keyId}/revoke`).set(admin.auth);
      expect(res.status).toBe(200);
      expect(res.body.keys.find((k: { id: string }) => k.id === first.keyId).status).toBe('revoked');
    }
    expect((await t.http.get('/api/v1/integrations/rentals').set(first.auth)).status).toBe(401);
    expect((await t.http.get('/api/v1/integrations/rentals').set(second.auth)).status).toBe(200);
    const other = await createIntegrator(t, ['rentals:read']);
    expect((await t.http.post(`${path}/keys/${other.keyId}/revoke`).set(admin.auth)).status).toBe(404);

    const revoked = await t.http.post(`${path}/revoke`).set(admin.auth);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ status: 'revoked', revokedAt: expect.any(String) });
    expect((await t.http.get('/api/v1/integrations/rentals').set(second.auth)).status).toBe(401);
    expect(await keyRows(first.clientId)).toEqual([
      expect.objectContaining({ id: first.keyId, revoked: true }),
      expect.objectContaining({ id: second.keyId, revoked: true }),
    ]);
    const rotate = await t.http.post(`${path}/keys`).set(admin.auth).send({});
    expect(rotate.status).toBe(409);
    expect(rotate.body.code).toBe('INTEGRATION.CLIENT_REVOKED');
    expect((await t.http.post(`${path}/revoke`).set(admin.auth)).status).toBe(200);
    expect((await audit(first.clientId)).map((e: { action: string }) => e.action)).toEqual([
      'integration.api_client_created',
      'integration.api_key_rotated',
      'integration.api_key_revoked',
      'integration.api_client_revoked',
    ]);
    expect(
      (await t.http.get(`/api/v1/admin/integrations/clients/${other.clientId}`).set(admin.auth)).body.status,
    ).toBe('active');
  });

  it('records when each key was last used (to the minute)', async () => {
    const integrator = await createIntegrator(t, ['listings:read']);
    expect(
      await t.db.query('SELECT * FROM integration.api_key_usage WHERE key_id = $1', [integrator.keyId]),
    ).toEqual([]);
    await t.http.get('/api/v1/products').set(integrator.auth).expect(200);
    const [first] = await t.db.query('SELECT last_used_at FROM integration.api_key_usage WHERE key_id = $1', [
      integrator.keyId,
    ]);
    await t.http.get('/api/v1/products').set(integrator.auth).expect(200);
    const [second] = await t.db.query(
      'SELECT last_used_at FROM integration.api_key_usage WHERE key_id = $1',
      [integrator.keyId],
    );
    expect(second.last_used_at).toEqual(first.last_used_at);
    const view = await t.http
      .get(`/api/v1/admin/integrations/clients/${integrator.clientId}`)
      .set(admin.auth);
    expect(view.body.keys[0].lastUsedAt).toBe(first.last_used_at.toISOString());
  });

  it("limits each key's requests per minute (429 with Retry-After); other keys go on", async () => {
    const slow = await createIntegrator(t, ['listings:read'], { rateLimitPerMinute: 3 });
    const other = await createIntegrator(t, ['listings:read'], { rateLimitPerMinute: 3 });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await t.http.get('/api/v1/products').set(slow.auth)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const refused = await t.http.get('/api/v1/products').set(slow.auth);
    expect(refused.body.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await t.http.get('/api/v1/products').set(other.auth)).status).toBe(200);
    // Anonymous and user callers are not counted against the key.
    expect((await t.http.get('/api/v1/products')).status).toBe(200);
  });

  it('lists clients newest first with keyset pages', async () => {
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await createIntegrator(t, ['events:read'], { name: `Paged ${i}` }));
    const first = await t.http.get('/api/v1/admin/integrations/clients?limit=2').set(admin.auth);
    expect(first.status).toBe(200);
    expect(first.body.items.map((c: { id: string }) => c.id)).toEqual([made[2].clientId, made[1].clientId]);
    const next = await t.http
      .get(`/api/v1/admin/integrations/clients?limit=2&cursor=${first.body.nextCursor}`)
      .set(admin.auth);
    expect(next.body.items[0].id).toBe(made[0].clientId);
    const bad = await t.http.get('/api/v1/admin/integrations/clients?cursor=bm9wZQ').set(admin.auth);
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('INTEGRATION.INVALID_CURSOR');
  });

  it('gives rentals:read every rental of the marketplace, newest first, by status, in keyset pages', async () => {
    const [owner, renter] = [await signUp(t.http), await signUp(t.http)];
    const product = await createProduct(t, owner);
    const rentals = [];
    for (let i = 0; i < 3; i++)
      rentals.push(
        await createRental(t, renter, product, { startDate: day(10 + i * 5), endDate: day(12 + i * 5) }),
      );
    await moveRental(t, rentals[1], owner, 'accepted');
    const reader = await createIntegrator(t, ['rentals:read']);
    const page = await t.http.get('/api/v1/integrations/rentals?limit=2').set(reader.auth);
    expect(page.status).toBe(200);
    expect(page.body.items.map((r: { id: string }) => r.id)).toEqual([rentals[2].id, rentals[1].id]);
    expect(page.body.items[1]).toEqual({
      id: rentals[1].id,
      productId: product.id,
      renterId: renter.id,
      ownerId: owner.id,
      startDate: rentals[1].startDate,
      endDate: rentals[1].endDate,
      status: 'accepted',
      quote: rentals[1].quote,
      completedAt: null,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
      updatedAt: expect.any(String),
    });
    const rest = await t.http
      .get(`/api/v1/integrations/rentals?limit=2&cursor=${page.body.nextCursor}`)
      .set(reader.auth);
    expect(rest.body.items[0].id).toBe(rentals[0].id);
    const accepted = await t.http.get('/api/v1/integrations/rentals?status=accepted').set(reader.auth);
    expect(accepted.body.items.map((r: { id: string }) => r.id)).toContain(rentals[1].id);
    expect(accepted.body.items.every((r: { status: string }) => r.status === 'accepted')).toBe(true);
  });
});

function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}
