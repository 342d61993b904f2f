import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ContextDataSources } from '../../src/platform/database/context-data-sources';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'supertest';
import { contractHttp } from '../support/contract-http';
import type TestAgent from 'supertest/lib/agent';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/platform/config/app-config';
import {
  type EmbeddedPostgresHandle,
  ensureDatabase,
  startEmbeddedPostgres,
} from '../../src/platform/database/embedded-postgres';
import { runMigrations } from '../../src/platform/database/migrate';
import { productBody } from '../support/catalog.factory';
import { type SignedUpUser, signUp } from '../support/identity.factory';
import { TEST_ENV } from '../support/test-app';
import { HARDENING_ENV, isProblem, REQUEST_DEADLINE_MS } from './support/http';
import { freePort } from '../support/free-port';

/** The embedded server's processes (postmaster and its children), which this test started. */
function serverProcesses(dataDir: string): number[] {
  const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(postmaster)], { encoding: 'utf8' })
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((pid) => pid > 0);
  return [postmaster, ...children];
}

/**
 * The database goes away under a running app and comes back: its own embedded PostgreSQL (not the
 * suite's shared one) is stopped and started again. While it is down every request that needs it
 * answers 503 problem+json promptly (bounded by the request deadline: no hang) and readiness says
 * 503; once it is back, everything works again without restarting the app.
 */
describe('hardening: the database stops and starts again under a running app', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'onesociety-db-down-'));
  const password = randomBytes(12).toString('hex');
  let port: number;
  let server: EmbeddedPostgresHandle;
  let app: NestFastifyApplication;
  let http: TestAgent;
  let user: SignedUpUser;
  let categoryId: string;

  const start = () => startEmbeddedPostgres({ dataDir, port, password, persistent: true });

  beforeAll(async () => {
    port = await freePort();
    server = await start();
    await ensureDatabase(server.adminUrl, 'onesociety');
    const url = server.urlFor('onesociety');
    await runMigrations({ url, poolSize: 2, statementTimeoutMs: 0 });
    app = await createApp(loadConfig({ ...TEST_ENV, ...HARDENING_ENV }), url);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    http = contractHttp(app.getHttpServer());
    user = await signUp(http);
    await app
      .get(ContextDataSources)
      .admin.query(`UPDATE identity.users SET role = 'admin' WHERE id = $1`, [user.id]);
    const login = await http.post('/api/v1/auth/login').send({ email: user.email, password: user.password });
    user = { ...user, auth: { Authorization: `Bearer ${login.body.accessToken}` } };
    categoryId = (await http.post('/api/v1/categories').set(user.auth).send({ name: 'Outage tools' })).body
      .id;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Every kind of request: reads, writes, auth, and the readiness probe. */
  const requests: [string, () => Test][] = [
    ['GET /health/ready', () => http.get('/health/ready')],
    ['GET /api/v1/auth/profile', () => http.get('/api/v1/auth/profile').set(user.auth)],
    ['GET /api/v1/products', () => http.get('/api/v1/products')],
    [
      'POST /api/v1/products',
      () => http.post('/api/v1/products').set(user.auth).send(productBody(categoryId)),
    ],
    [
      'POST /api/v1/auth/signup',
      () =>
        http
          .post('/api/v1/auth/signup')
          .send({ email: `down-${Date.now()}@example.com`, password: 'correct-Horse-42', fullName: 'Down' }),
    ],
    [
      'POST /api/v1/auth/login',
      () => http.post('/api/v1/auth/login').send({ email: user.email, password: user.password }),
    ],
  ];

  it('answers 503 problem+json promptly while the database is down, and recovers without a restart', async () => {
    for (const [name, send] of requests) {
      const res = await send().timeout({ deadline: REQUEST_DEADLINE_MS });
      expect({ name, ok: res.status < 300, status: res.status }).toMatchObject({ name, ok: true });
    }

    await server.stop();
    const latencies: number[] = [];
    for (const [name, send] of requests) {
      const started = Date.now();
      const res = await send().timeout({ deadline: REQUEST_DEADLINE_MS });
      latencies.push(Date.now() - started);
      expect({ name, status: res.status, problem: isProblem(res) }).toEqual({
        name,
        status: 503,
        problem: true,
      });
      if (name !== 'GET /health/ready') expect(res.headers['retry-after']).toBeDefined();
    }
    console.log(
      `database down: ${requests.length} requests answered 503 in at most ${Math.max(...latencies)} ms`,
    );

    server = await start();
    // Pools drop the dead connections and open new ones; the first probe after the restart may
    // still meet a connection the server cut, so readiness is polled briefly rather than once.
    const deadline = Date.now() + 30_000;
    let ready = 0;
    while (Date.now() < deadline && ready !== 200) {
      ready = (await http.get('/health/ready').timeout({ deadline: REQUEST_DEADLINE_MS })).status;
      if (ready !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(ready).toBe(200);
    for (const [name, send] of requests) {
      const res = await send().timeout({ deadline: REQUEST_DEADLINE_MS });
      expect({ name, ok: res.status < 300, status: res.status }).toMatchObject({ name, ok: true });
    }
  }, 180_000);

  it('answers 503 within the deadline while the database is frozen (a partition: no refusal, no answer)', async () => {
    expect((await http.get('/api/v1/auth/profile').set(user.auth)).status).toBe(200);
    const frozen = serverProcesses(dataDir);
    const answers: { name: string; status: number }[] = [];
    for (const pid of frozen) process.kill(pid, 'SIGSTOP');
    try {
      for (const [name, send] of requests) {
        const res = await send()
          .timeout({ deadline: REQUEST_DEADLINE_MS })
          .then((r) => ({ status: r.status, problem: isProblem(r) }))
          .catch(() => ({ status: 0, problem: false })); // 0: no answer within the deadline
        answers.push({ name, ...res });
      }
    } finally {
      for (const pid of frozen) process.kill(pid, 'SIGCONT');
    }
    const deadline = Date.now() + 30_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (
        await http.get('/api/v1/auth/profile').set(user.auth).timeout({ deadline: REQUEST_DEADLINE_MS })
      ).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(200);
    expect(answers).toEqual(requests.map(([name]) => ({ name, status: 503, problem: true })));
  }, 180_000);
});
