import { randomUUID } from 'node:crypto';
import { signUp } from '../support/identity.factory';
import { LogCapture } from '../support/log-capture';
import { createTestApp, type TestApp } from '../support/test-app';

describe('platform: structured logs, metrics, security headers, write limits', () => {
  let t: TestApp;
  const logs = new LogCapture();
  beforeAll(async () => {
    t = await createTestApp(
      { LOG_LEVEL: 'info', METRICS_ENABLED: 'true', WRITE_RATE_LIMIT_PER_MINUTE: '1000' },
      { logDestination: logs },
    );
  });
  afterAll(() => t.close());

  it('logs one JSON line per request with request id, route, status and user, and never a secret', async () => {
    const password = 'Very-secret-pass-42';
    const user = await signUp(t.http, { password });
    const refreshed = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken });
    await t.http.get('/api/v1/auth/profile').set(user.auth).set('X-Request-Id', 'log-test-request-1');
    await t.http.get(`/api/v1/users/${user.id}?secret=query-value`).set(user.auth);

    const text = logs.lines.join('\n');
    for (const secret of [
      password,
      user.accessToken,
      user.refreshToken,
      refreshed.body.refreshToken,
      refreshed.body.accessToken,
      'query-value',
      user.email,
    ]) {
      expect(text).not.toContain(secret);
    }
    const profile = logs.entries().find((e) => e.requestId === 'log-test-request-1');
    expect(profile).toMatchObject({
      level: 'info',
      method: 'GET',
      route: '/api/v1/auth/profile',
      status: 200,
      userId: user.id,
    });
    const byId = logs.entries().find((e) => e.route === '/api/v1/users/:id');
    expect(byId).toBeDefined();
  });

  it('logs an expected 5xx as a warning with its code, never as an unhandled error', async () => {
    // No STRIPE_WEBHOOK_SECRET here: the webhook answers 503 on purpose.
    const res = await t.http
      .post('/api/v1/payment/webhooks/stripe')
      .set('X-Request-Id', 'log-test-expected-503')
      .set('Stripe-Signature', 't=1,v1=00')
      .send({ id: 'evt_1' });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('PAYMENT.WEBHOOKS_NOT_CONFIGURED');
    const lines = logs.entries().filter((e) => e.requestId === 'log-test-expected-503');
    expect(lines.find((e) => e.msg === 'service unavailable')).toMatchObject({
      level: 'warn',
      status: 503,
      code: 'PAYMENT.WEBHOOKS_NOT_CONFIGURED',
    });
    expect(lines.filter((e) => e.msg === 'unhandled error' || e.level === 'error')).toEqual([]);
  });

  it('serves Prometheus metrics with request counts by route and status, pool usage and outbox lag', async () => {
    await t.http.get('/health/live');
    const res = await t.http.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/http_requests_total\{method="GET",route="\/health\/live",status="200"\} \d+/);
    expect(res.text).toContain('http_request_duration_seconds_bucket');
    expect(res.text).toMatch(/db_pool_connections\{pool="platform",state="total"\} \d+/);
    expect(res.text).toMatch(/db_pool_connections\{pool="catalog",state="total"\} \d+/);
    expect(res.text).toMatch(/outbox_oldest_pending_seconds\{context="rental"\} [\d.]+/);
  });

  it('sends security headers', async () => {
    const res = await t.http.get('/health/live');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeDefined();
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('platform: metrics are off unless enabled; writes are rate limited per user', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ WRITE_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  it('hides /metrics by default', async () => {
    expect((await t.http.get('/metrics')).status).toBe(404);
  });

  it('answers 429 with Retry-After once a user exceeds the write limit, reads still pass', async () => {
    const user = await signUp(t.http); // the anonymous signup counts against the IP, not the user
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (
          await t.http
            .put('/api/v1/auth/profile')
            .set(user.auth)
            .send({ bio: `v${i}` })
        ).status,
      );
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await t.http.put('/api/v1/auth/profile').set(user.auth).send({ bio: 'again' });
    expect(limited.headers['retry-after']).toBeDefined();
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await t.http.get('/api/v1/auth/profile').set(user.auth)).body.profile.bio).toBe('v2');
    // An availability check is a POST that changes nothing: not counted, so still answered.
    const check = await t.http
      .post('/api/v1/availability')
      .set(user.auth)
      .send({ productId: randomUUID(), startDate: '2099-01-01', endDate: '2099-01-03' });
    expect(check.status).toBe(404);
  });
});
