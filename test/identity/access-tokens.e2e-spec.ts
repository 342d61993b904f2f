import { createHmac } from 'node:crypto';
import type { TestApp } from '../support/test-app';
import { createTestApp, TEST_ENV } from '../support/test-app';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

function forge(header: object, claims: object, secret = TEST_ENV.JWT_SECRET, algorithm = 'sha256'): string {
  const unsigned = `${b64(header)}.${b64(claims)}`;
  return `${unsigned}.${createHmac(algorithm, secret).update(unsigned).digest('base64url')}`;
}

describe('identity: access tokens are pinned (algorithm, issuer, audience, expiry)', () => {
  let t: TestApp;
  let user: SignedUpUser;
  const now = () => Math.floor(Date.now() / 1000);
  const good = () => ({
    sub: user.id,
    role: 'user',
    iss: 'onesociety-api',
    aud: 'onesociety-clients',
    iat: now(),
    exp: now() + 600,
  });

  beforeAll(async () => {
    t = await createTestApp();
    user = await signUp(t.http);
  });
  afterAll(() => t.close());

  const call = (token: string) => t.http.get('/api/v1/auth/profile').set('Authorization', `Bearer ${token}`);

  it('accepts a correctly signed HS256 token (the control case)', async () => {
    expect((await call(forge({ alg: 'HS256', typ: 'JWT' }, good()))).status).toBe(200);
  });

  it.each([
    [
      'HS512 with the same secret',
      () => forge({ alg: 'HS512', typ: 'JWT' }, good(), TEST_ENV.JWT_SECRET, 'sha512'),
    ],
    ['alg none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(good())}.`],
    ['another audience', () => forge({ alg: 'HS256' }, { ...good(), aud: 'someone-else' })],
    ['another issuer', () => forge({ alg: 'HS256' }, { ...good(), iss: 'evil' })],
    ['expired', () => forge({ alg: 'HS256' }, { ...good(), iat: now() - 1000, exp: now() - 10 })],
    ['another secret', () => forge({ alg: 'HS256' }, good(), 'x'.repeat(48))],
    ['garbage', () => 'not.a.jwt'],
  ])('refuses %s (401)', async (_, token) => {
    const res = await call(token());
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
