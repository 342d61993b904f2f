import { signUpAdmin } from './catalog.factory';
import type { SignedUpUser } from './identity.factory';
import type { TestApp } from './test-app';

export type Scope = 'listings:read' | 'rentals:read' | 'events:read';

/** An API client made by an admin through the API, with the key it was issued. */
export interface TestIntegrator {
  clientId: string;
  keyId: string;
  secret: string;
  /** The key as a bearer token (X-Api-Key works too). */
  auth: { Authorization: string };
}

const admins = new WeakMap<TestApp, Promise<SignedUpUser>>();

/** One admin per app, made on first use. */
export function integrationAdmin(t: TestApp): Promise<SignedUpUser> {
  if (!admins.has(t)) admins.set(t, signUpAdmin(t));
  return admins.get(t)!;
}

/** POST /admin/integrations/clients as an admin; throws on anything but 201. */
export async function createIntegrator(
  t: TestApp,
  scopes: Scope[] = ['listings:read', 'rentals:read', 'events:read'],
  overrides: { name?: string; rateLimitPerMinute?: number } = {},
): Promise<TestIntegrator> {
  const admin = await integrationAdmin(t);
  const res = await t.http
    .post('/api/v1/admin/integrations/clients')
    .set(admin.auth)
    .send({ name: overrides.name ?? 'Test integrator', scopes, ...overrides });
  if (res.status !== 201) throw new Error(`createIntegrator: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    clientId: res.body.client.id,
    keyId: res.body.key.id,
    secret: res.body.key.secret,
    auth: { Authorization: `Bearer ${res.body.key.secret}` },
  };
}

/** POST /admin/integrations/clients/{id}/keys: a new key; the old ones keep `graceHours`. */
export async function rotateKey(
  t: TestApp,
  integrator: TestIntegrator,
  graceHours?: number,
): Promise<TestIntegrator> {
  const admin = await integrationAdmin(t);
  const res = await t.http
    .post(`/api/v1/admin/integrations/clients/${integrator.clientId}/keys`)
    .set(admin.auth)
    .send(graceHours === undefined ? {} : { graceHours });
  if (res.status !== 201) throw new Error(`rotateKey: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    clientId: integrator.clientId,
    keyId: res.body.key.id,
    secret: res.body.key.secret,
    auth: { Authorization: `Bearer ${res.body.key.secret}` },
  };
}
