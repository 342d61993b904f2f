/**
 * Whether `POST /api/v1/auth/password-reset` tells a registered address from an unknown one by
 * its timing: the production app on its own database, one client, requests for a known and for
 * unknown addresses interleaved (after a warm-up), latency percentiles of each and their ratio.
 *
 * Run: npm run bench:reset (BENCH_DATABASE_URL=postgres://... for a server; a database named
 * onesociety_reset_bench is created there and dropped).
 */
import { runMigrations } from '../src/platform/database/migrate';
import { appEnv, benchServer, databaseUrl, startServer, withClient, ROOT } from './bench-support';
import { join } from 'node:path';

const NAME = 'onesociety_reset_bench';
const WARM_UP = 50;
const ROUNDS = Number(process.env.BENCH_RESET_ROUNDS ?? 400);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function timed(base: string, email: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${base}/api/v1/auth/password-reset`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  await res.arrayBuffer();
  if (res.status !== 202) throw new Error(`password-reset answered ${res.status}`);
  return performance.now() - started;
}

async function main(): Promise<void> {
  const server = await benchServer();
  const url = databaseUrl(server.adminUrl, NAME);
  await withClient(server.adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${NAME}`);
    await c.query(`CREATE DATABASE ${NAME}`);
  });
  await runMigrations({ url, poolSize: 2, statementTimeoutMs: 0 });
  const app = await startServer(
    join(ROOT, 'dist', 'src', 'main.js'),
    3310,
    { ...appEnv(url), ACCOUNT_EMAIL_RATE_LIMIT_PER_HOUR: '1000' },
    'onesociety-api',
  );
  try {
    const known = 'reset-bench@example.com';
    const signup = await fetch(`${app.base}/api/v1/auth/signup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: known, password: 'correct-Horse-42', fullName: 'Reset Bench' }),
    });
    if (signup.status !== 201) throw new Error(`signup answered ${signup.status}`);
    const times = { known: [] as number[], unknown: [] as number[] };
    for (let i = 0; i < WARM_UP + ROUNDS; i++) {
      const k = await timed(app.base, known);
      const u = await timed(app.base, `nobody-${i}@example.com`);
      if (i >= WARM_UP) {
        times.known.push(k);
        times.unknown.push(u);
      }
    }
    const report = (name: 'known' | 'unknown') => {
      const sorted = [...times[name]].sort((a, b) => a - b);
      return { p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99) };
    };
    const k = report('known');
    const u = report('unknown');
    const ms = (v: number) => `${v.toFixed(2)} ms`;
    console.log(`password reset, ${ROUNDS} requests each, interleaved, one client`);
    console.log(`  known address:   p50 ${ms(k.p50)}  p90 ${ms(k.p90)}  p99 ${ms(k.p99)}`);
    console.log(`  unknown address: p50 ${ms(u.p50)}  p90 ${ms(u.p90)}  p99 ${ms(u.p99)}`);
    console.log(`  known/unknown: p50 ${(k.p50 / u.p50).toFixed(2)}x, p90 ${(k.p90 / u.p90).toFixed(2)}x`);
  } finally {
    await app.stop();
    await withClient(server.adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`));
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
