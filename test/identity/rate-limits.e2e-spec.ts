import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import { signUp, uniqueEmail } from '../support/identity.factory';

describe('identity: per-account rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      AUTH_RATE_LIMIT_PER_ACCOUNT: '3',
    });
  });
  afterAll(() => t.close());

  it('limits login attempts per account: 429 with Retry-After, even with the right password', async () => {
    const user = await signUp(t.http); // signup counts as the account's first attempt
    for (let i = 0; i < 2; i++) {
      expect(
        (await t.http.post('/api/v1/auth/login').send({ email: user.email, password: 'wrong-Password-1' }))
          .status,
      ).toBe(401);
    }
    const limited = await t.http
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: user.password });
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(limited.body.retryAfterSeconds).toBeUndefined();
  });
});

describe('identity: per-IP rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ AUTH_RATE_LIMIT_PER_IP: '12' });
  });
  afterAll(() => t.close());

  it('limits attempts per IP across accounts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 13; i++) {
      statuses.push(
        (await t.http.post('/api/v1/auth/login').send({ email: uniqueEmail(), password: 'wrong-Password-1' }))
          .status,
      );
    }
    expect(statuses.slice(0, 12).every((s) => s === 401)).toBe(true);
    expect(statuses[12]).toBe(429);
    const res = await t.http
      .post('/api/v1/auth/signup')
      .send({ email: uniqueEmail(), password: 'correct-Horse-42', fullName: 'Late' });
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBeDefined();
  });
});

describe('identity: a lost refresh response does not lock the user out', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ REFRESH_REUSE_GRACE_SECONDS: '60' });
  });
  afterAll(() => t.close());

  it('reissues within the grace instead of revoking the family', async () => {
    const user = await signUp(t.http);
    const first = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken });
    const retried = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken });
    expect(first.status).toBe(200);
    expect(retried.status).toBe(200);
    expect(retried.body.refreshToken).not.toBe(first.body.refreshToken);
    expect(
      (await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken })).status,
    ).toBe(200);
  });

  it('serialises concurrent refreshes of one token: all succeed within the grace', async () => {
    const user = await signUp(t.http);
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        t.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const tokens = new Set(results.map((r) => r.body.refreshToken));
    expect(tokens.size).toBe(5);
  });
});
