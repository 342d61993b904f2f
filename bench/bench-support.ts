import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../src/platform/database/embedded-postgres';

export const ROOT = resolve(__dirname, '..', '..', '..');
export const JWT_SECRET = 'bench-secret-that-is-long-enough-for-hs256-signing';

/** The server's admin URL: BENCH_DATABASE_URL's server, or an embedded PostgreSQL kept in .data/. */
export async function benchServer(): Promise<{ adminUrl: string; stop(): Promise<void> }> {
  if (process.env.BENCH_DATABASE_URL) {
    const url = new URL(process.env.BENCH_DATABASE_URL);
    url.pathname = '/postgres';
    return { adminUrl: url.toString(), stop: async () => undefined };
  }
  const dataDir = join(ROOT, '.data', 'bench-postgres');
  mkdirSync(dataDir, { recursive: true });
  const server = await startEmbeddedPostgres({ dataDir, port: 55433, password: 'bench', persistent: true });
  return { adminUrl: server.adminUrl, stop: () => server.stop() };
}

export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withClient<T>(url: string, work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** An access token exactly as the app signs them (HS256, issuer and audience pinned). */
export function accessToken(userId: string, role: 'user' | 'admin' = 'user'): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const head = b64({ alg: 'HS256', typ: 'JWT' });
  const body = b64({
    sub: userId,
    role,
    iat: now,
    exp: now + 3600,
    iss: 'onesociety-api',
    aud: 'onesociety-clients',
  });
  const signature = createHmac('sha256', JWT_SECRET).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${signature}`;
}

export interface Server {
  base: string;
  process: ChildProcess;
  /** What its connections call themselves in pg_stat_activity, to find its PostgreSQL backends. */
  applicationName: string;
  stop(): Promise<void>;
}

/** Starts a node process serving HTTP and waits until `readyPath` answers 200. */
export async function startServer(
  script: string,
  port: number,
  env: Record<string, string>,
  applicationName: string,
  nodeArgs: string[] = [],
): Promise<Server> {
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
    const ok = await fetch(`${base}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`${script} did not get ready`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    base,
    process: child,
    applicationName,
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/** The production app's environment on `databaseUrl`, with limits opened for load. */
export function appEnv(databaseUrl: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    JWT_SECRET,
    // production's default: one request line each (to /dev/null here); BENCH_LOG_LEVEL=warn measures without
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    SEED_DEMO_DATA: 'false',
    DOCS_ENABLED: 'false',
    HOST: '127.0.0.1',
    // The limits would otherwise answer most of a load test with 429s.
    AUTH_RATE_LIMIT_PER_IP: '10000',
    AUTH_RATE_LIMIT_PER_ACCOUNT: '10000',
    AUTH_RATE_LIMIT_WINDOW_SECONDS: '1',
    WRITE_RATE_LIMIT_PER_MINUTE: '100000',
  };
}

/** The production app (`node dist/src/main.js`) on `databaseUrl`. */
export function startApp(databaseUrl: string, port: number, nodeArgs: string[] = []): Promise<Server> {
  return startServer(
    // BENCH_APP_MAIN compares another build (an experiment compiled with --outDir) under the same load.
    process.env.BENCH_APP_MAIN ?? join(ROOT, 'dist', 'src', 'main.js'),
    port,
    appEnv(databaseUrl),
    'onesociety-api',
    nodeArgs,
  );
}

export function startBaseline(databaseUrl: string, port: number): Promise<Server> {
  return startServer(
    join(ROOT, 'dist', 'bench', 'bench', 'baseline-server.js'),
    port,
    { DATABASE_URL: databaseUrl },
    'onesociety-baseline',
  );
}

let ticksPerSecond: number | undefined;

/** CPU seconds a process (all its threads) has used, from /proc; null where there is no such process. */
function cpuSeconds(pid: number, command?: string): number | null {
  try {
    if (command && !readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith(command)) return null;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may hold spaces: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK']).toString());
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return null;
  }
}

export interface CpuUsed {
  node: number | null;
  postgres: number | null;
}

/**
 * CPU time a server and its PostgreSQL backends spend between this call and stop(): requests/s on
 * a shared two-core VM swing with the neighbours, CPU per request much less. The backends are found
 * by application_name and read from /proc, so the database figure needs the server on this
 * machine (null otherwise). A backend that exits meanwhile takes its time with it; under load the
 * pools keep theirs open.
 */
export async function cpuMeter(server: Server, databaseUrl: string): Promise<{ stop(): Promise<CpuUsed> }> {
  const pid = server.process.pid!;
  const backends = () =>
    withClient(databaseUrl, async (c) =>
      (
        await c.query('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [
          server.applicationName,
        ])
      ).rows.map((r: { pid: number }) => r.pid),
    );
  const nodeBefore = cpuSeconds(pid);
  const before = new Map((await backends()).map((p) => [p, cpuSeconds(p, 'postgres')]));
  return {
    async stop() {
      const nodeAfter = cpuSeconds(pid);
      let postgres: number | null = 0;
      for (const p of await backends()) {
        const now = cpuSeconds(p, 'postgres');
        if (now === null) {
          postgres = null;
          break;
        }
        postgres += now - (before.get(p) ?? 0); // a backend opened meanwhile counts whole
      }
      return { node: nodeBefore === null || nodeAfter === null ? null : nodeAfter - nodeBefore, postgres };
    },
  };
}
export const uniqueKey = () => `bench-${randomBytes(9).toString('base64url')}`;

export function utcDay(offsetDays: number): string {
  const now = new Date();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(today + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

export const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)];
