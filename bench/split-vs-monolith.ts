/**
 * `npm run bench:split`: the monolith against the compose split (three processes behind the
 * gateway) on the same small data set, plus the monolith against the raw baseline. Rounds alternate
 * (the monolith, then the split, the order swapped every round; one deployment running at a time,
 * since both on one database would share its outboxes); ratios are the median of round pairs.
 * Each split run's contract calls are read from the processes' `contract_call_duration_seconds`.
 *
 * BENCH_DATABASE_URL  its server holds `<name>_small` (the name must contain "bench"); unset, the
 *                     embedded PostgreSQL of `npm run bench`
 * BENCH_REUSE=1       keep the data set already generated
 * BENCH_SECONDS       per run (default 8), after a warm-up (as long in the first round, 3 s after)
 * BENCH_CONNECTIONS   default 10
 * BENCH_ROUNDS        default 3
 * NATS_URL            default nats://127.0.0.1:4222 (a stream of the bench's own, deleted at the end)
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';
import { prepareDatabase, settleOutbox } from './bench-database';
import type { CpuUsed, Server } from './bench-support';
import { appEnv, benchServer, cpuMeter, ROOT, startApp, startBaseline, startServer } from './bench-support';
import type { ContractCalls } from './contract-metrics';
import { addDifference, contractCallRows, scrapeContractCalls } from './contract-metrics';
import { report } from './split-report';
import { SMALL } from './generate-data';
import type { Measured } from './scenarios';
import { load, loadFixtures } from './scenarios';

const SEED = process.env.BENCH_SEED ?? 'onesociety-42';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const PORT = 3320;
const SCENARIOS = ['search', 'detail', 'booking-uncontended'];
const AGAINST_BASELINE = ['search', 'detail'];
const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

/** The compose split (compose.yaml): which contexts each process hosts. */
const PROCESSES = [
  { name: 'identity-catalog', contexts: ['identity', 'catalog', 'trust', 'integration'] },
  { name: 'rental-payment', contexts: ['rental', 'payment', 'subscription'] },
  { name: 'community', contexts: ['messaging', 'review', 'notification'] },
];
const ID = randomBytes(4).toString('hex');
const STREAM = `ONESOCIETY_BENCHSPLIT_${ID}`;

interface Split {
  gateway: Server;
  processes: Server[];
}

const contextUrls = (except: string[] = []) =>
  PROCESSES.flatMap((p, i) =>
    p.contexts.filter((c) => !except.includes(c)).map((c) => `${c}=http://127.0.0.1:${PORT + 2 + i}`),
  ).join(',');

async function startSplit(url: string): Promise<Split> {
  const processes = await Promise.all(
    PROCESSES.map((p, i) =>
      startServer(
        join(ROOT, 'dist', 'src', 'main.js'),
        PORT + 2 + i,
        {
          ...appEnv(url),
          CONTEXTS: p.contexts.join(','),
          CONTEXT_URLS: contextUrls(p.contexts),
          INTERNAL_API_SECRET: `bench-internal-secret-${ID}-0123456789abcdef`,
          NATS_URL,
          NATS_STREAM: STREAM,
          NATS_SUBJECT_PREFIX: `osbenchsplit${ID}`,
          METRICS_ENABLED: 'true',
        },
        'onesociety-api',
      ),
    ),
  );
  const gateway = await startServer(
    join(ROOT, 'dist', 'src', 'gateway.js'),
    PORT + 5,
    { HOST: '127.0.0.1', CONTEXT_URLS: contextUrls() },
    'onesociety-gateway',
  );
  return { gateway, processes };
}

const stopSplit = (split: Split) => Promise.all([split.gateway, ...split.processes].map((s) => s.stop()));

/**
 * Waits until the split's consumers have taken in every event published to the bench's stream, so
 * a run does not pay for the previous one's events (the outboxes are waited for separately).
 */
async function settleStream(): Promise<void> {
  const nc = await connect({ servers: NATS_URL });
  try {
    const jsm = await nc.jetstreamManager();
    const deadline = Date.now() + 5 * 60_000;
    for (;;) {
      let pending = 0;
      for await (const c of jsm.consumers.list(STREAM)) pending += c.num_pending + c.num_ack_pending;
      if (pending === 0) return;
      if (Date.now() > deadline) throw new Error(`${pending} events still unconsumed after 5 minutes`);
      await new Promise((r) => setTimeout(r, 500));
    }
  } catch (error) {
    // No stream yet: nothing was published.
    if (!String(error).includes('stream not found')) throw error;
  } finally {
    await nc.close();
  }
}

async function deleteStream(): Promise<void> {
  const nc = await connect({ servers: NATS_URL });
  await (await nc.jetstreamManager()).streams.delete(STREAM).catch(() => false);
  await nc.close();
}

/** CPU of the split: every node process (gateway included) and the app's PostgreSQL backends. */
async function splitMeter(split: Split, url: string): Promise<{ stop(): Promise<CpuUsed> }> {
  const meters = await Promise.all([...split.processes, split.gateway].map((s) => cpuMeter(s, url)));
  return {
    async stop() {
      const used = await Promise.all(meters.map((m) => m.stop()));
      // Where the node time went, process by process: the split's cost is spread over four.
      log(
        `node CPU s by process: ${[...PROCESSES.map((p) => p.name), 'gateway']
          .map((name, i) => `${name} ${used[i].node?.toFixed(2)}`)
          .join(', ')}`,
      );
      const node = used.some((u) => u.node === null) ? null : used.reduce((t, u) => t + u.node!, 0);
      // The processes share one application_name: the first meter counted every backend.
      return { node, postgres: used[0].postgres };
    },
  };
}

async function main(): Promise<void> {
  const server = await benchServer();
  const name = `${
    process.env.BENCH_DATABASE_URL
      ? new URL(process.env.BENCH_DATABASE_URL).pathname.slice(1)
      : 'onesociety_bench'
  }_small`;
  const running: Server[] = [];
  const runs = new Map<string, Measured[]>();
  const calls = new Map<string, ContractCalls>(SCENARIOS.map((s) => [s, new Map()]));
  try {
    const url = await prepareDatabase(server.adminUrl, name, SMALL, SEED, log);
    const fixtures = await loadFixtures(url);
    const baseline = await startBaseline(url, PORT + 1);
    running.push(baseline);
    const measure = async (
      target: string,
      scenario: string,
      base: string,
      round: number,
      meter: () => Promise<{ stop(): Promise<CpuUsed> }>,
    ) => {
      await settleOutbox(url, log);
      await settleStream();
      const m = await load(base, `${target}@small`, scenario, fixtures, {
        connections: CONNECTIONS,
        seconds: SECONDS,
        warmupSeconds: round === 0 ? SECONDS : 3,
        meter,
      });
      runs.set(`${target} ${scenario}`, [...(runs.get(`${target} ${scenario}`) ?? []), m]);
      log(
        `round ${round + 1} ${target} ${scenario}: ${m.rps} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms, CPU ms/request node ${m.cpu?.node} pg ${m.cpu?.postgres} ${JSON.stringify(m.statuses)}`,
      );
    };
    const monolithRound = async (round: number) => {
      const app = await startApp(url, PORT);
      running.push(app);
      for (const scenario of SCENARIOS) {
        await measure('monolith', scenario, app.base, round, () => cpuMeter(app, url));
        if (AGAINST_BASELINE.includes(scenario))
          await measure('baseline', scenario, baseline.base, round, () => cpuMeter(baseline, url));
      }
      await settleOutbox(url, log);
      await app.stop();
      running.splice(running.indexOf(app), 1);
    };
    const splitRound = async (round: number) => {
      const split = await startSplit(url);
      running.push(split.gateway, ...split.processes);
      const scrape = async () => Promise.all(split.processes.map((p) => scrapeContractCalls(p.base)));
      for (const scenario of SCENARIOS)
        await measure('split', scenario, split.gateway.base, round, async () => {
          // Scraped after the warm-up and after the run: the difference is the run's own calls.
          const before = await scrape();
          const cpu = await splitMeter(split, url);
          return {
            async stop() {
              const used = await cpu.stop();
              const after = await scrape();
              after.forEach((a, i) => addDifference(calls.get(scenario)!, a, before[i]));
              return used;
            },
          };
        });
      await settleOutbox(url, log);
      await settleStream();
      await stopSplit(split);
      running.splice(0, running.length, baseline);
    };
    for (let round = 0; round < ROUNDS; round++) {
      log(`round ${round + 1} of ${ROUNDS}, load average ${loadAverage()}`);
      // The order swaps every round, so neither side always runs on the later, warmer database.
      if (round % 2 === 0) {
        await monolithRound(round);
        await splitRound(round);
      } else {
        await splitRound(round);
        await monolithRound(round);
      }
    }
  } finally {
    await Promise.all(running.map((s) => s.stop()));
    await deleteStream().catch((error: unknown) => log(`stream ${STREAM} not deleted: ${String(error)}`));
    await server.stop();
  }
  const out = join(ROOT, 'dist', 'bench-results');
  mkdirSync(out, { recursive: true });
  const serialisable = Object.fromEntries([...calls].map(([s, c]) => [s, contractCallRows(c)]));
  writeFileSync(
    join(out, `split-vs-monolith-${Date.now()}.json`),
    JSON.stringify({ runs: Object.fromEntries(runs), contractCalls: serialisable }, null, 2),
  );
  log(`done, load average ${loadAverage()}`);
  console.log(`\n${report(SCENARIOS, runs, calls)}\n`);
}

const loadAverage = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
