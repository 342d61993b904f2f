/**
 * `npm run bench`: generates the data sets, starts the production build and the raw baseline, and
 * loads them with autocannon. Prints the tables bench/RESULTS.md is made of.
 *
 * BENCH_DATABASE_URL  a database on a PostgreSQL server (its name must contain "bench": it is dropped
 *                     and regenerated); unset, an embedded PostgreSQL under .data/bench-postgres
 * BENCH_SEED          data set seed (default onesociety-42)
 * BENCH_REUSE=1       keep already generated databases
 * BENCH_SECONDS       per scenario (default 10), after a 2 s warm-up
 * BENCH_CONNECTIONS   concurrent connections (default 10)
 * BENCH_PHASES        any of small,full,starvation (default all), or generate (data only)
 * BENCH_ROUNDS        app/baseline rounds, alternated, median kept (default 5)
 * BENCH_SCENARIOS     only these scenarios (comma-separated names from bench/scenarios.ts)
 * BENCH_PROFILE=1     run the app under --cpu-prof (profiles in dist/bench-profiles/)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareDatabase, settleOutbox as settleDatabaseOutbox } from './bench-database';
import type { Server } from './bench-support';
import { benchServer, cpuMeter, ROOT, startApp, startBaseline } from './bench-support';
import { FULL, SMALL } from './generate-data';
import type { Scale } from './generate-data';
import type { Fixtures, Measured } from './scenarios';
import { load, loadFixtures } from './scenarios';

const SEED = process.env.BENCH_SEED ?? 'onesociety-42';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PHASES = (process.env.BENCH_PHASES ?? 'small,full,starvation').split(',');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

const prepare = (adminUrl: string, name: string, scale: Scale) =>
  prepareDatabase(adminUrl, name, scale, SEED, log);
const settleOutbox = (url: string) => settleDatabaseOutbox(url, log);

async function runAll(
  url: string,
  scale: string,
  app: Server,
  baseline: Server | null,
  fixtures: Fixtures,
  scenarios: string[],
  results: Measured[],
): Promise<void> {
  const only = process.env.BENCH_SCENARIOS?.split(',');
  for (const scenario of scenarios.filter((s) => !only || only.includes(s))) {
    if (scenario === 'message-list' && fixtures.conversations.length === 0) {
      log(`${scale} ${scenario}: skipped (no conversations in the data set)`);
      continue;
    }
    const connections = scenario === 'login' ? 20 : CONNECTIONS;
    const compared = baseline !== null && ['search', 'detail', 'availability'].includes(scenario);
    const targets: [string, Server][] = compared
      ? [
          ['app', app],
          ['baseline', baseline],
        ]
      : [['app', app]];
    // On a shared machine one run can land on someone else's build: compared scenarios alternate
    // app and baseline ROUNDS times and keep each side's median run.
    const rounds = compared ? ROUNDS : 1;
    const runs = new Map<string, Measured[]>(targets.map(([t]) => [t, []]));
    for (let round = 0; round < rounds; round++)
      for (const [target, server] of targets) {
        // bcrypt work outlives the requests autocannon drops at the end of a run: logins get no
        // warm-up, run longer, and leave the app time to finish its queue before the next scenario.
        const isLogin = scenario === 'login';
        await settleOutbox(url);
        const m = await load(server.base, `${target}@${scale}`, scenario, fixtures, {
          connections,
          seconds: isLogin ? SECONDS * 2 : SECONDS,
          // The first round also warms PostgreSQL's cache for this data set: long, or the first
          // server measured would pay for the second's warm cache.
          warmupSeconds: isLogin ? 0 : round === 0 ? SECONDS : 2,
          meter: () => cpuMeter(server, url),
        });
        if (isLogin) await settle();
        runs.get(target)!.push(m);
        log(
          `${scale} ${target} ${scenario}: ${m.rps} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms, CPU ms/request node ${m.cpu?.node} pg ${m.cpu?.postgres} ${JSON.stringify(m.statuses)}`,
        );
      }
    for (const list of runs.values()) {
      const sorted = [...list].sort((a, b) => a.rps - b.rps);
      const kept = { ...sorted[Math.floor(sorted.length / 2)] };
      if (list.length > 1) {
        kept.rounds = list.map((m) => m.rps);
        // CPU per request: each part's own median over the rounds.
        const part = (k: 'node' | 'postgres') => {
          const values = list.map((m) => m.cpu?.[k]).filter((v): v is number => typeof v === 'number');
          return values.length === list.length ? median(values) : null;
        };
        kept.cpu = { node: part('node'), postgres: part('postgres') };
      }
      results.push(kept);
    }
  }
}

/** Time for requests still queued in the app (a login's bcrypt) to finish. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 15_000));

async function starvation(app: Server, fixtures: Fixtures, results: Measured[]): Promise<void> {
  const detail = () => load(app.base, 'app@full', 'detail', fixtures, { connections: 4, seconds: SECONDS });
  const idle = await detail();
  idle.scenario = 'detail (idle, 4 connections)';
  const [busy, logins] = await Promise.all([
    detail(),
    load(app.base, 'app@full', 'login', fixtures, { connections: 20, seconds: SECONDS }),
  ]);
  busy.scenario = 'detail (4 connections) during 20 concurrent logins';
  logins.scenario = 'login (20 concurrent) during detail load';
  await settle();
  results.push(idle, busy, logins);
  log(
    `starvation: detail p99 idle ${idle.p99} ms, during logins ${busy.p99} ms (x${(busy.p99 / idle.p99).toFixed(2)})`,
  );
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * app/baseline of each round pair. The rounds alternate, so a pair ran under the same neighbours
 * on a shared virtual machine; the median of the pairs moves less than a ratio of medians.
 */
function pairRatios(app: Measured, baseline: Measured): number[] {
  const [a, b] = [app.rounds ?? [app.rps], baseline.rounds ?? [baseline.rps]];
  return a.length === b.length ? a.map((rps, i) => rps / b[i]) : [app.rps / baseline.rps];
}

function table(results: Measured[]): string {
  const lines = [
    '| scenario | target | conns | req/s | p50 ms | p99 ms | CPU ms/request: node + PostgreSQL | answers |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  const cpuOf = (m: Measured) =>
    m.cpu?.node != null && m.cpu.postgres != null
      ? `${m.cpu.node.toFixed(2)} + ${m.cpu.postgres.toFixed(2)}`
      : '—';
  for (const m of results)
    lines.push(
      `| ${m.scenario} | ${m.target} | ${m.connections} | ${m.rps}${m.rounds ? ` (${m.rounds.join(', ')})` : ''} | ${m.p50} | ${m.p99} | ${cpuOf(m)} | ${Object.entries(
        m.statuses,
      )
        .map(([s, n]) => `${n}×${s}`)
        .join(', ')}${m.errors ? `, ${m.errors} errors` : ''} |`,
    );
  const find = (s: string, t: string) => results.find((m) => m.scenario === s && m.target === t);
  lines.push(
    '',
    '| scenario | app/baseline req/s (full): median of round pairs (each pair) | app/baseline (small) | baseline/app CPU per request, full / small | p50 full/small | p99 full/small |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const s of ['search', 'detail', 'availability', 'message-list', 'booking-uncontended']) {
    const [af, bf, as, bs] = [
      find(s, 'app@full'),
      find(s, 'baseline@full'),
      find(s, 'app@small'),
      find(s, 'baseline@small'),
    ];
    const ratio = (a?: Measured, b?: Measured) => {
      if (!a || !b) return '—';
      const pairs = pairRatios(a, b);
      if (pairs.length < 2) return (a.rps / b.rps).toFixed(2);
      return `${median(pairs).toFixed(2)} (${pairs.map((r) => r.toFixed(2)).join(', ')})`;
    };
    const lat = (a?: Measured, b?: Measured, k: 'p50' | 'p99' = 'p50') =>
      a && b ? (a[k] / b[k]).toFixed(2) : '—';
    // What the throughput ratio would be were both held back by CPU alone.
    const cpuRatio = (a?: Measured, b?: Measured) => {
      const sum = (m?: Measured) =>
        m?.cpu?.node != null && m.cpu.postgres != null ? m.cpu.node + m.cpu.postgres : null;
      const [x, y] = [sum(a), sum(b)];
      return x && y ? (y / x).toFixed(2) : '—';
    };
    lines.push(
      `| ${s} | ${ratio(af, bf)} | ${ratio(as, bs)} | ${cpuRatio(af, bf)} / ${cpuRatio(as, bs)} | ${lat(af, as)} | ${lat(af, as, 'p99')} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const server = await benchServer();
  const fullName = process.env.BENCH_DATABASE_URL
    ? new URL(process.env.BENCH_DATABASE_URL).pathname.slice(1)
    : 'onesociety_bench';
  const results: Measured[] = [];
  const nodeArgs =
    process.env.BENCH_PROFILE === '1'
      ? ['--cpu-prof', `--cpu-prof-dir=${join(ROOT, 'dist', 'bench-profiles')}`]
      : [];
  const servers: Server[] = [];
  try {
    for (const [scale, name, size] of [
      ['small', `${fullName}_small`, SMALL],
      ['full', fullName, FULL],
    ] as const) {
      if (PHASES.includes('generate')) {
        await prepare(server.adminUrl, name, size);
        continue;
      }
      if (!PHASES.includes(scale) && !(scale === 'full' && PHASES.includes('starvation'))) continue;
      const url = await prepare(server.adminUrl, name, size);
      const fixtures = await loadFixtures(url);
      const app = await startApp(url, 3300, nodeArgs);
      servers.push(app);
      const baseline = await startBaseline(url, 3301);
      servers.push(baseline);
      if (PHASES.includes(scale)) {
        const scenarios =
          scale === 'small'
            ? ['search', 'detail', 'availability', 'message-list', 'booking-uncontended']
            : [
                'search',
                'detail',
                'availability',
                'message-list',
                'booking-uncontended',
                'booking-contended',
                'login',
              ];
        await runAll(url, scale, app, baseline, fixtures, scenarios, results);
      }
      if (scale === 'full' && PHASES.includes('starvation')) {
        await settleOutbox(url);
        await starvation(app, fixtures, results);
      }
      await Promise.all(servers.splice(0).map((s) => s.stop()));
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await server.stop();
  }
  const out = join(ROOT, 'dist', 'bench-results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, `results-${Date.now()}.json`), JSON.stringify(results, null, 2));
  console.log(`\n${table(results)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
