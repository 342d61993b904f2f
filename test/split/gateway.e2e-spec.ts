import type { Server } from 'node:http';
import { GATEWAY_ROUTES } from '../../src/gateway/gateway-routes';
import { createGateway } from '../../src/gateway/gateway-server';
import { RouteTable } from '../../src/gateway/route-table';
import { CONTEXT_NAMES } from '../../src/platform/config/contexts';
import type { Split } from '../support/split-apps';
import { createSplit } from '../support/split-apps';
import { utcDay } from '../support/rental.factory';
import { uniqueEmail } from '../support/identity.factory';

/*
 * A client of the split sees one API: the gateway sends each route to the process hosting its
 * context, and nothing of the split shows but a 503 naming a context that is down.
 */
describe('split: the gateway', () => {
  let split: Split;
  let gateway: Server;
  let base: string;

  beforeAll(async () => {
    split = await createSplit([
      ['identity', 'catalog', 'subscription', 'trust', 'integration'],
      ['rental', 'payment', 'messaging', 'review', 'notification'],
    ]);
    const upstreams = Object.fromEntries(
      CONTEXT_NAMES.map((c) => [c, split.processes.find((p) => p.contexts.includes(c))!.url]),
    );
    gateway = createGateway({
      routes: new RouteTable(GATEWAY_ROUTES),
      upstreams,
      timeoutMs: 10_000,
      openApiDocument: '{"openapi":"3.1.0"}',
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(gateway.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => gateway?.close(resolve));
    await split?.close();
  });

  const api = async (method: string, path: string, token?: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  };
  const signUp = async () => {
    const email = uniqueEmail();
    const res = await api('POST', '/api/v1/auth/signup', undefined, {
      email,
      password: 'correct-Horse-42',
      fullName: 'Gateway Person',
    });
    expect(res.status).toBe(201);
    return { id: res.body.user.id as string, email, token: res.body.accessToken as string };
  };

  it('serves a journey across both processes through one address', async () => {
    const admin = await signUp();
    await split.processes[0].db.query(`UPDATE identity.users SET role = 'admin' WHERE id = $1`, [admin.id]);
    const owner = await signUp();
    const renter = await signUp();
    // Signed in again, so the token carries the role just given.
    const adminLogin = await api('POST', '/api/v1/auth/login', undefined, {
      email: admin.email,
      password: 'correct-Horse-42',
    });
    expect(adminLogin.status).toBe(200);
    const category = await api('POST', '/api/v1/categories', adminLogin.body.accessToken, { name: 'Tools' });
    expect(category.status).toBe(201);
    const product = await api('POST', '/api/v1/products', owner.token, {
      title: 'Gateway drill',
      description: 'A sturdy drill, rented through the gateway of a split deployment.',
      categoryId: category.body.id,
      condition: 'good',
      address: { city: 'Lisbon', country: 'PT' },
      pricing: { dailyPrice: 2500, deposit: 0, currency: 'EUR' },
      status: 'active',
    });
    expect(product.status).toBe(201);
    const rental = await api('POST', '/api/v1/rentals', renter.token, {
      productId: product.body.id,
      startDate: utcDay(2),
      endDate: utcDay(4),
    });
    expect(rental.status).toBe(201);
    expect(rental.body).toMatchObject({ productId: product.body.id, ownerId: owner.id, status: 'requested' });
    const mine = await api('GET', `/api/v1/rentals/${rental.body.id}`, renter.token);
    expect(mine.status).toBe(200);
    expect(mine.headers.get('x-request-id')).toBeTruthy();
  });

  it('answers unknown routes itself and never exposes the internal routes', async () => {
    expect((await api('GET', '/api/v1/nothing-here')).status).toBe(404);
    expect((await api('DELETE', '/api/v1/auth/signup')).status).toBe(405);
    const internal = await api('POST', '/internal/v1/contracts/catalog.CatalogApi/findProduct', undefined, {
      args: [],
    });
    expect(internal.status).toBe(404);
    expect(internal.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await api('GET', '/docs-json')).body).toEqual({ openapi: '3.1.0' });
  });

  it('answers 503 naming the context whose process is down, then serves it again', async () => {
    const rentals = split.processes[1];
    await rentals.stop();
    try {
      const res = await api('GET', '/api/v1/rentals/00000000-0000-4000-8000-000000000000');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', context: 'rental', status: 503 });
      expect(res.headers.get('retry-after')).toBe('5');
    } finally {
      await rentals.start();
    }
    expect((await api('GET', '/api/v1/rentals/00000000-0000-4000-8000-000000000000')).status).toBe(401);
  });
});
