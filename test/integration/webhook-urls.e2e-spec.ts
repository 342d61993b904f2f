import { createIntegrator, type TestIntegrator } from '../support/integration.factory';
import { createTestApp, type TestApp } from '../support/test-app';

/** Registration with production's rules (no test setting): what may never be a webhook target. */
describe('integration: webhook URLs that lead inside are refused (SSRF)', () => {
  let t: TestApp;
  let integrator: TestIntegrator;
  beforeAll(async () => {
    t = await createTestApp({ EVENTS_RELAY_INTERVAL_MS: '0', JOBS_ENABLED: 'false' });
    integrator = await createIntegrator(t, ['events:read']);
  });
  afterAll(() => t.close());

  it.each([
    ['https://127.0.0.1/hook', 'must not point at a loopback address'],
    ['https://[::1]/hook', 'must not point at a loopback address'],
    ['https://[::ffff:127.0.0.1]/hook', 'must not point at a loopback address'],
    ['https://2130706433/hook', 'must not point at a loopback address'],
    ['https://169.254.169.254/latest/meta-data', 'must not point at a metadata address'],
    ['https://[fd00:ec2::254]/hook', 'must not point at a metadata address'],
    ['https://10.1.2.3/hook', 'must not point at a private address'],
    ['https://192.168.1.1/hook', 'must not point at a private address'],
    ['https://[::ffff:10.0.0.1]/hook', 'must not point at a private address'],
    ['https://[fe80::1]/hook', 'must not point at a link-local address'],
    ['https://224.0.0.1/hook', 'must not point at a multicast address'],
    ['https://localhost/hook', 'must name a public host'],
    ['https://metadata.google.internal/hook', 'must name a public host'],
    ['https://user:pw@hooks.example.com/hook', 'must not carry credentials'],
    ['http://127.0.0.1:8080/hook', 'must use https'],
    ['http://hooks.example.com/hook', 'must use https'],
    ['ftp://hooks.example.com/hook', 'must use https'],
  ])('%s: %s (422, nothing stored)', async (url, problem) => {
    const before = await t.db.query('SELECT count(*)::int AS n FROM integration.webhook_endpoints');
    const res = await t.http
      .post('/api/v1/integrations/webhooks')
      .set(integrator.auth)
      .send({ url, eventTypes: ['*'] });
    expect({ status: res.status, code: res.body.code, errors: res.body.errors }).toEqual({
      status: 422,
      code: 'INTEGRATION.WEBHOOK_URL_REFUSED',
      errors: [{ field: 'url', message: `url ${problem}` }],
    });
    expect(await t.db.query('SELECT count(*)::int AS n FROM integration.webhook_endpoints')).toEqual(before);
  });

  it('takes a public https URL (names are resolved and checked at each delivery)', async () => {
    const res = await t.http
      .post('/api/v1/integrations/webhooks')
      .set(integrator.auth)
      .send({ url: 'https://hooks.example.com/onesociety', eventTypes: ['*'] });
    expect(res.status).toBe(201);
    expect(res.body.endpoint).toMatchObject({
      url: 'https://hooks.example.com/onesociety',
      eventTypes: ['*'],
    });
    expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
  });
});
