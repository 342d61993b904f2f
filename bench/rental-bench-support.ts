import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/platform/config/app-config';
import { startEmbeddedPostgres } from '../src/platform/database/embedded-postgres';
import { runMigrations } from '../src/platform/database/migrate';

/**
 * Shared by the rental benches: a throw-away PostgreSQL (embedded, or BENCH_DATABASE_URL's
 * server, where a fresh database is created), the real app listening on a free port, and a few
 * HTTP helpers. Everything goes through the API a client would use.
 */
export interface BenchApi {
  base: string;
  app: NestFastifyApplication;
  db: DataSource;
  stop(): Promise<void>;
}

export async function startBenchApi(env: Record<string, string> = {}): Promise<BenchApi> {
  let adminUrl: string;
  let stopServer = async () => undefined as void;
  if (process.env.BENCH_DATABASE_URL) {
    adminUrl = process.env.BENCH_DATABASE_URL;
  } else {
    const server = await startEmbeddedPostgres({
      dataDir: mkdtempSync(join(tmpdir(), 'onesociety-bench-pg-')),
      port: 57000 + Math.floor(Math.random() * 2000),
      password: randomBytes(12).toString('hex'),
      persistent: false,
    });
    adminUrl = server.adminUrl;
    stopServer = () => server.stop();
  }
  const name = `onesociety_bench_${Date.now()}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await runMigrations({ url: url.toString(), poolSize: 2, statementTimeoutMs: 0 });

  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256-signing',
    BCRYPT_COST: '4',
    LOG_LEVEL: 'silent',
    SEED_DEMO_DATA: 'false',
    JOBS_ENABLED: 'false',
    AUTH_RATE_LIMIT_PER_IP: '10000',
    AUTH_RATE_LIMIT_PER_ACCOUNT: '10000',
    WRITE_RATE_LIMIT_PER_MINUTE: '100000',
    ...env,
  });
  const app = await createApp(config, url.toString());
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    base: `http://127.0.0.1:${address.port}/api/v1`,
    app,
    db: app.get<DataSource>(getDataSourceToken()),
    stop: async () => {
      await app.close();
      const drop = new Client({ connectionString: adminUrl });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await drop.end();
      await stopServer();
    },
  };
}

export interface BenchUser {
  id: string;
  auth: Record<string, string>;
}

export async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of many shapes, read by the benches
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export async function signUp(api: BenchApi, admin = false): Promise<BenchUser> {
  const email = `bench-${randomBytes(6).toString('hex')}@example.com`;
  const password = 'correct-Horse-42';
  const res = await call(api.base, 'POST', '/auth/signup', { email, password, fullName: 'Bench User' });
  if (res.status !== 201) throw new Error(`signup: ${res.status} ${JSON.stringify(res.body)}`);
  if (!admin) return { id: res.body.user.id, auth: { authorization: `Bearer ${res.body.accessToken}` } };
  // No endpoint makes an admin (by design); the bench promotes its own throw-away user.
  await api.db.query(`UPDATE identity.users SET role = 'admin' WHERE id = $1`, [res.body.user.id]);
  const login = await call(api.base, 'POST', '/auth/login', { email, password });
  return { id: res.body.user.id, auth: { authorization: `Bearer ${login.body.accessToken}` } };
}

/** An active product of `owner` (2500/day, 1-30 days, no lead time or buffer) in a fresh category. */
export async function createProduct(api: BenchApi, owner: BenchUser): Promise<string> {
  const admin = await signUp(api, true);
  const category = await call(api.base, 'POST', '/categories', { name: `Bench ${Date.now()}` }, admin.auth);
  if (category.status !== 201)
    throw new Error(`category: ${category.status} ${JSON.stringify(category.body)}`);
  const product = await call(
    api.base,
    'POST',
    '/products',
    {
      title: 'Bench drill',
      description: 'A drill that is rented a lot, for benchmarks.',
      categoryId: category.body.id,
      condition: 'good',
      address: { city: 'Lisbon', country: 'PT' },
      pricing: { dailyPrice: 2500, deposit: 10000, currency: 'EUR' },
      rules: { minDays: 1, maxDays: 30, leadTimeDays: 0, bufferDays: 0 },
      status: 'active',
    },
    owner.auth,
  );
  if (product.status !== 201) throw new Error(`product: ${product.status} ${JSON.stringify(product.body)}`);
  return product.body.id;
}

export function utcDay(days: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + days * 86_400_000)
    .toISOString()
    .slice(0, 10);
}

export function summarize(samplesMs: number[]): {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
} {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    n: sorted.length,
    mean: round(sorted.reduce((s, x) => s + x, 0) / sorted.length),
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    max: round(sorted[sorted.length - 1]),
  };
}

export const elapsedMs = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
