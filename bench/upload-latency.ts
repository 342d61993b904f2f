/**
 * Whether photo uploads starve the rest of the API: the production app on its own database, GET
 * /api/v1/products/{id} of a listing with an uploaded photo, a fixed number of requests at a small
 * fixed concurrency, first idle, then while UPLOADERS clients each keep uploading an ~8 MiB noisy JPEG
 * to a listing of their own (and deleting it again, so the per-listing image limit never stops them).
 * Prints latency p50/p95/p99 of both phases, the ratio of the p99s, and the upload throughput.
 *
 * Run: npm run bench:uploads (BENCH_DATABASE_URL=postgres://... for a server; a database named
 * onesociety_uploads_bench is created there and dropped; unset, an embedded PostgreSQL under .data/).
 * BENCH_READS=2000 requests per phase, BENCH_READ_CONCURRENCY=4, BENCH_UPLOADERS=5.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { runMigrations } from '../src/platform/database/migrate';
import { multipartBody, noisyJpeg, type UploadFile } from '../test/support/hostile-files';
import {
  accessToken,
  appEnv,
  benchServer,
  databaseUrl,
  ROOT,
  startServer,
  withClient,
} from './bench-support';

const NAME = 'onesociety_uploads_bench';
const PORT = 3317;
const READS = Number(process.env.BENCH_READS ?? 2000);
const WARM_UP = 200;
const READ_CONCURRENCY = Number(process.env.BENCH_READ_CONCURRENCY ?? 4);
const UPLOADERS = Number(process.env.BENCH_UPLOADERS ?? 5);

interface Latencies {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  perSecond: number;
}

function summarize(samples: number[], elapsedMs: number): Latencies {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return {
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: sorted[sorted.length - 1],
    perSecond: (samples.length / elapsedMs) * 1000,
  };
}

async function json(res: Response, expected: number, what: string) {
  const text = await res.text();
  if (res.status !== expected) throw new Error(`${what}: ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

/** `count` GETs by `concurrency` workers on keep-alive connections; the latency of each. */
async function readLatencies(url: string, count: number, concurrency: number): Promise<Latencies> {
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next++ < count) {
      const t0 = performance.now();
      const res = await fetch(url);
      await res.arrayBuffer();
      samples.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return summarize(samples, performance.now() - started);
}

interface UploadLoad {
  /** Resolves once every uploader has stored one photo: the load is then in its steady state. */
  warmedUp: Promise<void>;
  stop(): Promise<{
    uploads: number;
    bytes: number;
    seconds: number;
    durations: number[];
    failures: string[];
  }>;
}

/** Each uploader: POST the photo to its listing, DELETE the image, again, until stopped. */
function startUploads(base: string, products: { id: string; auth: string }[], file: UploadFile): UploadLoad {
  const form = multipartBody([
    { name: 'file', data: file.bytes, filename: file.filename, contentType: file.contentType },
  ]);
  let stopping = false;
  let uploads = 0;
  const durations: number[] = [];
  const failures: string[] = [];
  let measuring = false;
  let measuredFrom = 0;
  const firsts: Promise<void>[] = [];
  const loops = products.map((product, i) => {
    let first!: () => void;
    firsts[i] = new Promise((done) => (first = done));
    return (async () => {
      while (!stopping) {
        const t0 = performance.now();
        const res = await fetch(`${base}/api/v1/products/${product.id}/images`, {
          method: 'POST',
          headers: { authorization: product.auth, 'content-type': form.contentType },
          body: form.body,
        });
        const body = await res.text();
        if (res.status !== 201) {
          failures.push(`${res.status} ${body.slice(0, 200)}`);
          if (failures.length > 20) throw new Error(`uploads fail: ${failures.slice(0, 3).join(' | ')}`);
          continue;
        }
        if (measuring) {
          uploads++;
          durations.push(performance.now() - t0);
        }
        first();
        const image = JSON.parse(body) as { id: string };
        await fetch(`${base}/api/v1/products/${product.id}/images/${image.id}`, {
          method: 'DELETE',
          headers: { authorization: product.auth },
        }).then((r) => json(r, 204, 'delete image'));
      }
    })();
  });
  // An uploader that gives up (too many refusals) fails the wait instead of leaving it hanging.
  const gaveUp = loops.map((loop) =>
    loop.then(() => {
      throw new Error('an uploader stopped before the measurement');
    }),
  );
  const warmedUp = Promise.race([Promise.all(firsts), ...gaveUp]).then(() => {
    measuring = true;
    measuredFrom = performance.now();
  });
  return {
    warmedUp,
    async stop() {
      const seconds = (performance.now() - measuredFrom) / 1000;
      measuring = false;
      stopping = true;
      await Promise.all(loops);
      return { uploads, bytes: uploads * file.bytes.length, seconds, durations, failures };
    },
  };
}

/** A user made through the API, promoted by SQL when asked; its token signed as the app signs them. */
async function user(
  base: string,
  url: string,
  label: string,
  admin = false,
): Promise<{ id: string; auth: string }> {
  const res = await fetch(`${base}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `${label}-${Date.now()}@example.com`,
      password: 'correct-Horse-42',
      fullName: 'Upload Bench',
    }),
  });
  const id = (await json(res, 201, 'signup')).user.id as string;
  if (admin)
    await withClient(url, (c) => c.query(`UPDATE identity.users SET role = 'admin' WHERE id = $1`, [id]));
  return { id, auth: `Bearer ${accessToken(id, admin ? 'admin' : 'user')}` };
}

async function listing(base: string, owner: { auth: string }, categoryId: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/products`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: owner.auth },
    body: JSON.stringify({
      title: 'Bench camera',
      description: 'A camera photographed a lot, for the upload bench.',
      categoryId,
      condition: 'good',
      address: { city: 'Lisbon', country: 'PT' },
      pricing: { dailyPrice: 2500, deposit: 10000, currency: 'EUR' },
      status: 'active',
    }),
  });
  return (await json(res, 201, 'product')).id as string;
}

const ms = (v: number) => v.toFixed(2);

/**
 * The app's event-loop delay since the previous scrape (prom-client resets its histogram on each
 * collect): what tells a blocked loop from cores shared with the image work.
 */
async function eventLoopLag(base: string): Promise<{ p99: number; max: number }> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const value = (name: string) =>
    Number(new RegExp(`^${name} ([0-9.e+-]+)`, 'm').exec(text)?.[1] ?? NaN) * 1000;
  return { p99: value('nodejs_eventloop_lag_p99_seconds'), max: value('nodejs_eventloop_lag_max_seconds') };
}

async function main(): Promise<void> {
  const photoStarted = performance.now();
  const photo = await noisyJpeg();
  console.error(
    `photo: ${photo.bytes.length} bytes (${(photo.bytes.length / 2 ** 20).toFixed(2)} MiB) in ${ms(performance.now() - photoStarted)} ms`,
  );
  const server = await benchServer();
  const url = databaseUrl(server.adminUrl, NAME);
  const dataDir = mkdtempSync(join(tmpdir(), 'onesociety-upload-bench-'));
  await withClient(server.adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${NAME}`);
  });
  await runMigrations({ url, poolSize: 2, statementTimeoutMs: 0 });
  const app = await startServer(
    join(ROOT, 'dist', 'src', 'main.js'),
    PORT,
    {
      ...appEnv(url),
      DATA_DIR: dataDir,
      METRICS_ENABLED: 'true',
      IDENTITY_REQUIRE_VERIFIED_EMAIL: 'false',
      SUBSCRIPTION_LIMITS_ENFORCED: 'false',
    },
    'onesociety-api',
  );
  try {
    const admin = await user(app.base, url, 'upload-admin', true);
    const category = await fetch(`${app.base}/api/v1/categories`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: admin.auth },
      body: JSON.stringify({ name: `Cameras ${Date.now()}` }),
    }).then((r) => json(r, 201, 'category'));
    const reader = await user(app.base, url, 'upload-reader');
    const readId = await listing(app.base, reader, category.id);
    const cover = multipartBody([
      { name: 'file', data: photo.bytes, filename: photo.filename, contentType: photo.contentType },
    ]);
    await fetch(`${app.base}/api/v1/products/${readId}/images`, {
      method: 'POST',
      headers: { authorization: reader.auth, 'content-type': cover.contentType },
      body: cover.body,
    }).then((r) => json(r, 201, 'cover photo'));
    const uploaders: { id: string; auth: string }[] = [];
    for (let i = 0; i < UPLOADERS; i++) {
      const owner = await user(app.base, url, `uploader-${i}`);
      uploaders.push({ id: await listing(app.base, owner, category.id), auth: owner.auth });
    }
    const detail = `${app.base}/api/v1/products/${readId}`;
    await readLatencies(detail, WARM_UP, READ_CONCURRENCY);
    await eventLoopLag(app.base);
    const idle = await readLatencies(detail, READS, READ_CONCURRENCY);
    const idleLag = await eventLoopLag(app.base);
    const load = startUploads(app.base, uploaders, photo);
    await load.warmedUp;
    await eventLoopLag(app.base);
    const busy = await readLatencies(detail, READS, READ_CONCURRENCY);
    const busyLag = await eventLoopLag(app.base);
    const done = await load.stop();
    const uploadTimes = summarize(done.durations, done.seconds * 1000);

    console.log(
      `machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ` +
        `load average at the end ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}; app, PostgreSQL and clients on one machine`,
    );
    console.log(
      `GET /api/v1/products/{id} (a listing with an uploaded photo), ${READS} requests per phase, ${READ_CONCURRENCY} concurrent`,
    );
    console.log('');
    console.log('| phase | p50 ms | p95 ms | p99 ms | max ms | requests/s | event-loop delay p99 / max ms |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const [phase, r, lag] of [
      ['idle', idle, idleLag],
      [`${UPLOADERS} clients uploading`, busy, busyLag],
    ] as const)
      console.log(
        `| ${phase} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${ms(r.max)} | ${r.perSecond.toFixed(0)} | ${ms(lag.p99)} / ${ms(lag.max)} |`,
      );
    console.log('');
    console.log(
      `p99 under upload / p99 idle: ${(busy.p99 / idle.p99).toFixed(2)}x (p50: ${(busy.p50 / idle.p50).toFixed(2)}x)`,
    );
    console.log(
      `uploads while measuring: ${done.uploads} of ${(photo.bytes.length / 2 ** 20).toFixed(2)} MiB in ${done.seconds.toFixed(1)} s = ` +
        `${(done.uploads / done.seconds).toFixed(2)} uploads/s, ${(done.bytes / 2 ** 20 / done.seconds).toFixed(1)} MiB/s; ` +
        `one upload p50 ${ms(uploadTimes.p50)} ms, p99 ${ms(uploadTimes.p99)} ms; refused: ${done.failures.length}`,
    );
  } finally {
    await app.stop();
    await withClient(server.adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`));
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
