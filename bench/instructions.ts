/**
 * `npm run bench:instructions`: CPU instructions the server process spends per request, app vs raw
 * baseline, counted by valgrind's callgrind. On a shared virtual machine requests/s move by ±20 %
 * from one round to the next with the neighbours; an instruction count much less (a few per cent
 * mostly, an outlier now and then: count twice, see bench/README.md), so
 * this is the figure to compare two builds with. It counts the Node process only: PostgreSQL's
 * share and the kernel's socket work are left out, so it shows what the framework costs per request.
 *
 * Needs valgrind (Debian: `apt-get install valgrind`) and a data set from `npm run bench`
 * (BENCH_DATABASE_URL as there; default the embedded bench database).
 *
 * BENCH_SCENARIOS   default search,detail,availability
 * BENCH_REQUESTS    counted requests per scenario (default 1000), after 1,500 uncounted ones
 * BENCH_APP_MAIN    another app build to count
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appEnv, benchServer, databaseUrl, JWT_SECRET, ROOT } from './bench-support';
import type { Fixtures } from './scenarios';
import { loadFixtures, SCENARIOS } from './scenarios';

const PORT = 3310;
const WARM_UP = 1500;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const SCENARIO_NAMES = (process.env.BENCH_SCENARIOS ?? 'search,detail,availability').split(',');
const log = (line: string) => console.log(`[instructions ${new Date().toISOString().slice(11, 19)}] ${line}`);

interface Counted {
  process: ChildProcess;
  outDir: string;
}

async function startCounted(script: string, env: Record<string, string>): Promise<Counted> {
  const outDir = mkdtempSync(join(tmpdir(), 'onesociety-callgrind-'));
  const child = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      // V8 writes and rewrites its machine code at run time: valgrind must watch all of it.
      '--smc-check=all-non-file',
      '--instr-atstart=no',
      `--callgrind-out-file=${join(outDir, 'cg.out')}`,
      process.execPath,
      script,
    ],
    { cwd: ROOT, env: { ...process.env, ...env, PORT: String(PORT) }, stdio: ['ignore', 'ignore', 'ignore'] },
  );
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} under valgrind exited with ${child.exitCode}`);
    const ready = await fetch(`http://127.0.0.1:${PORT}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { process: child, outDir };
    if (Date.now() > deadline) throw new Error(`${script} did not get ready under valgrind`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** The same requests for both servers: the scenario's draws from a seeded generator. */
function requests(name: string, fixtures: Fixtures, count: number) {
  let seed = 42;
  const random = Math.random;
  Math.random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  try {
    return Array.from({ length: count }, () => SCENARIOS[name](fixtures));
  } finally {
    Math.random = random;
  }
}

async function drive(list: ReturnType<typeof requests>): Promise<Record<number, number>> {
  const statuses: Record<number, number> = {};
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < list.length) {
        const r = list[next++];
        const res = await fetch(`http://127.0.0.1:${PORT}${r.path}`, {
          method: r.method,
          headers: r.headers,
          body: r.body,
        });
        await res.arrayBuffer();
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      }
    }),
  );
  return statuses;
}

/** Instructions of the last dump (callgrind writes cg.out.<n> per dump and resets its counters). */
function lastDump(outDir: string, pid: number): number {
  const dumps = readdirSync(outDir)
    .filter((f) => f.startsWith('cg.out'))
    .map((f) => ({ f, n: Number(f.split('.').pop()) || 0 }))
    .sort((a, b) => a.n - b.n);
  const text = readFileSync(join(outDir, dumps[dumps.length - 1].f), 'utf8');
  // `summary:` stays 0 when instrumentation was switched on mid-run; `totals:` holds the count.
  const totals = /^totals: (\d+)/m.exec(text);
  if (!totals) throw new Error(`no totals in ${dumps.map((d) => d.f).join(', ')} of ${pid}`);
  return Number(totals[1]);
}

async function count(target: string, script: string, env: Record<string, string>, fixtures: Fixtures) {
  const server = await startCounted(script, env);
  const pid = String(server.process.pid);
  const control = (...args: string[]) =>
    execFileSync('callgrind_control', [...args, pid], {
      // vgdb names its pipes after USER and HOST, and the app reads HOST too: the same values on both sides.
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
  const perRequest: Record<string, number> = {};
  try {
    for (const name of SCENARIO_NAMES) {
      await drive(requests(name, fixtures, WARM_UP)); // JIT warm-up, not counted
      control('-i', 'on');
      const statuses = await drive(requests(name, fixtures, REQUESTS));
      control('-i', 'off');
      control('--dump');
      await new Promise((r) => setTimeout(r, 1000));
      perRequest[name] = Math.round(lastDump(server.outDir, server.process.pid!) / REQUESTS);
      log(
        `${target} ${name}: ${perRequest[name].toLocaleString('en')} instructions/request ${JSON.stringify(statuses)}`,
      );
    }
  } finally {
    server.process.kill('SIGINT');
    await new Promise((r) => server.process.once('exit', r));
    rmSync(server.outDir, { recursive: true, force: true });
  }
  return perRequest;
}

async function main(): Promise<void> {
  const server = await benchServer();
  try {
    const name = process.env.BENCH_DATABASE_URL
      ? new URL(process.env.BENCH_DATABASE_URL).pathname.slice(1)
      : 'onesociety_bench';
    const url = databaseUrl(server.adminUrl, name);
    const fixtures = await loadFixtures(url);
    // Timers of background work would be counted with the requests: both switched off.
    const app = await count(
      'app',
      process.env.BENCH_APP_MAIN ?? join(ROOT, 'dist', 'src', 'main.js'),
      { ...appEnv(url), JOBS_ENABLED: 'false', EVENTS_RELAY_INTERVAL_MS: '0' },
      fixtures,
    );
    const baseline = await count(
      'baseline',
      join(ROOT, 'dist', 'bench', 'bench', 'baseline-server.js'),
      { DATABASE_URL: url, JWT_SECRET },
      fixtures,
    );
    console.log('\n| scenario | app instructions/request | baseline | app / baseline |');
    console.log('| --- | ---: | ---: | ---: |');
    for (const s of SCENARIO_NAMES)
      console.log(
        `| ${s} | ${app[s].toLocaleString('en')} | ${baseline[s].toLocaleString('en')} | ${(app[s] / baseline[s]).toFixed(2)} |`,
      );
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
