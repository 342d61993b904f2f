import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

describe('platform: health, request ids, errors', () => {
  let t: TestApp;
  const warnings: string[] = [];
  const emitWarning = process.emitWarning;
  beforeAll(async () => {
    // Recorded at the call, not with a 'warning' listener: jest's sandboxed process does not relay that event.
    process.emitWarning = ((warning: string | Error, ...rest: never[]) => {
      warnings.push(String(warning));
      emitWarning.call(process, warning, ...rest);
    }) as typeof process.emitWarning;
    t = await createTestApp();
  });
  afterAll(async () => {
    process.emitWarning = emitWarning;
    await t.close();
  });

  it('starts without a warning from Fastify or Node', () => {
    expect(warnings).toEqual([]);
  });

  it('GET /health/live answers without a token', async () => {
    const res = await t.http.get('/health/live');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /health/ready reports database and migrations', async () => {
    const res = await t.http.get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up', migrations: 'applied' });
  });

  it('GET /health/ready is 503 while the database refuses connections, and recovers without a restart', async () => {
    await t.database.setAllowConnections(false);
    try {
      const down = await t.http.get('/health/ready');
      expect(down.status).toBe(503);
      expect(down.headers['content-type']).toMatch(/^application\/problem\+json/);
    } finally {
      await t.database.setAllowConnections(true);
    }
    const up = await t.http.get('/health/ready');
    expect(up.status).toBe(200);
  });

  it('echoes a well-formed X-Request-Id and generates one otherwise', async () => {
    const given = await t.http.get('/health/live').set('X-Request-Id', 'client-req-12345');
    expect(given.headers['x-request-id']).toBe('client-req-12345');
    const bad = await t.http.get('/health/live').set('X-Request-Id', 'bad id with spaces');
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('puts the request id in error bodies', async () => {
    const res = await t.http.get('/api/v1/nowhere').set('X-Request-Id', 'trace-abcdef-1');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ status: 404, requestId: 'trace-abcdef-1', instance: '/api/v1/nowhere' });
  });

  it('refuses a body over 1 MiB with 413 problem+json', async () => {
    const res = await t.http
      .post('/api/v1/auth/login')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(1_100_000) }));
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('refuses a non-JSON content type with 415', async () => {
    const res = await t.http.post('/api/v1/auth/login').set('content-type', 'text/plain').send('hello');
    expect(res.status).toBe(415);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('serves the OpenAPI document with bearer auth and tagged operations', async () => {
    const res = await t.http.get('/docs-json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(res.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const operations = Object.values(
      res.body.paths as Record<string, Record<string, { tags?: string[]; operationId?: string }>>,
    ).flatMap((path) => Object.values(path));
    expect(operations.length).toBeGreaterThan(5);
    for (const op of operations) {
      expect(op.tags).toHaveLength(1);
      expect(op.operationId).toBeTruthy();
    }
    const signup = res.body.paths['/api/v1/auth/signup'].post;
    expect(signup.responses['409'].content['application/problem+json']).toBeDefined();
    expect((await t.http.get('/docs')).status).toBeLessThan(400);
  });
});
