import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Registry } from 'prom-client';
import { DomainError } from '../errors/domain-error';
import { ContractClient } from './contract-client';
import type { RemoteCall } from './contract-client';
import { DependencyUnavailableError } from './dependency-unavailable.error';
import { verifyInternalCall } from './internal-signature';

const SECRET = 'unit-test-secret-that-is-long-enough-for-hmac';

/** A stand-in for the serving process: answers each attempt with the next scripted reply. */
async function serve(
  replies: ((req: IncomingMessage, res: ServerResponse, body: string) => void)[],
): Promise<{ url: string; attempts: string[]; server: Server }> {
  const attempts: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      attempts.push(body);
      const reply = replies[Math.min(attempts.length - 1, replies.length - 1)];
      reply(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, attempts, server };
}

const json = (status: number, body: unknown) => (_req: IncomingMessage, res: ServerResponse) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
const never = () => undefined;

const call = (kind: RemoteCall['kind'], args: unknown[] = ['p1']): RemoteCall => ({
  context: 'catalog',
  path: '/internal/v1/contracts/catalog.CatalogApi/findProduct',
  version: 1,
  kind,
  args,
});

describe('ContractClient', () => {
  const servers: Server[] = [];
  afterEach(() => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      server.close();
    }
  });
  const client = async (replies: Parameters<typeof serve>[0], timeoutMs = 1000) => {
    const remote = await serve(replies);
    servers.push(remote.server);
    return { remote, client: new ContractClient(() => remote.url, SECRET, timeoutMs) };
  };

  it('sends the arguments signed, with the contract version, and decodes dates in the answer', async () => {
    let headers: IncomingMessage['headers'] = {};
    const at = new Date('2026-12-07T10:00:00.000Z');
    const { client: c, remote } = await client([
      (req, res) => {
        headers = req.headers;
        json(200, { result: { id: 'p1', at: { $date: at.toISOString() } } })(req, res);
      },
    ]);
    await expect(c.call(call('query', ['p1', at]))).resolves.toEqual({ id: 'p1', at });
    expect(headers['x-contract-version']).toBe('1');
    expect(
      verifyInternalCall(SECRET, headers['x-internal-signature'], call('query').path, remote.attempts[0]),
    ).toBe(true);
    expect(JSON.parse(remote.attempts[0])).toEqual({ args: ['p1', { $date: at.toISOString() }] });
  });

  it('rethrows the domain error the other side threw, and does not retry it', async () => {
    const error = {
      code: 'CATALOG.NOT_FOUND',
      kind: 'not_found',
      message: 'Product was not found',
      details: {},
    };
    const { client: c, remote } = await client([json(200, { error })]);
    const thrown = await c.call(call('query')).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({ code: 'CATALOG.NOT_FOUND', kind: 'not_found' });
    expect(remote.attempts).toHaveLength(1);
  });

  it('retries a query after a 503 and answers with the retry', async () => {
    const { client: c, remote } = await client([json(503, {}), json(200, { result: 42 })]);
    await expect(c.call(call('query'))).resolves.toBe(42);
    expect(remote.attempts).toHaveLength(2);
  });

  it('sends a command once: a 503 becomes DEPENDENCY_UNAVAILABLE naming the context', async () => {
    const { client: c, remote } = await client([json(503, {}), json(200, { result: 42 })]);
    const thrown = await c.call(call('command')).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(DependencyUnavailableError);
    expect(thrown).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', details: { context: 'catalog' } });
    expect(remote.attempts).toHaveLength(1);
  });

  it('gives up at the deadline when the other side never answers', async () => {
    const { client: c, remote } = await client([never], 300);
    await expect(c.call(call('query'))).rejects.toBeInstanceOf(DependencyUnavailableError);
    // The deadline is the whole call's: the attempt that used it up is not followed by another.
    expect(remote.attempts).toHaveLength(1);
  });

  it('does not retry a version mismatch (409): it is a deployment error, not a passing one', async () => {
    const { client: c, remote } = await client([json(409, { code: 'CONTRACT.VERSION_MISMATCH' })]);
    await expect(c.call(call('query'))).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(remote.attempts).toHaveLength(1);
  });

  it('times each call by context, call and outcome', async () => {
    const registry = new Registry();
    const remote = await serve([json(200, { result: 1 }), json(503, {})]);
    servers.push(remote.server);
    const c = new ContractClient(() => remote.url, SECRET, 1000, registry);
    await c.call(call('query'));
    await c.call(call('command')).catch(() => undefined);
    const text = await registry.getSingleMetricAsString('contract_call_duration_seconds');
    expect(text).toContain(
      'contract_call_duration_seconds_count{context="catalog",call="catalog.CatalogApi.findProduct",outcome="ok"} 1',
    );
    expect(text).toContain('outcome="unavailable"} 1');
  });

  it('answers DEPENDENCY_UNAVAILABLE at once when nothing listens there', async () => {
    const c = new ContractClient(() => 'http://127.0.0.1:1', SECRET, 500);
    await expect(c.call(call('query'))).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
  });
});
