import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';
import { Client, Pool } from 'pg';
import { CONTEXT_NAMES, type ContextName, parseContexts } from '../../../src/platform/config/contexts';
import { readCompose } from '../../architecture/topology-files';
import { freePort } from '../../support/free-port';

/** The server PostgreSQL and NATS this suite deploys onto (CI's and the dev machine's). */
export const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

export interface ProcessSpec {
  name: string;
  contexts: readonly ContextName[];
}

/** The split compose.yaml declares (deploy/k8s has the same, test/architecture checks it). */
export function composeSplit(): ProcessSpec[] {
  return readCompose(process.cwd())
    .processes.filter((p) => p.env.CONTEXTS && p.command === undefined)
    .map((p) => ({ name: p.name, contexts: parseContexts(p.env.CONTEXTS) }))
    .filter((p) => p.contexts.length < CONTEXT_NAMES.length);
}

interface Running {
  spec: ProcessSpec;
  port: number;
  child?: ChildProcess;
  output: string[];
}

const withDatabase = async (work: (c: Client) => Promise<unknown>) => {
  const client = new Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
};

/**
 * The built application (dist/) started as real OS processes on a database of its own: one process
 * hosting every context (the monolith), or several hosting a subset each behind the gateway. Each
 * process applies its own contexts' migrations at start, as in production. Processes can be
 * stopped (SIGTERM), killed (SIGKILL) and started again on the same port.
 */
export class Deployment {
  readonly url: string;
  /** The deployment's database, for what the test asserts it holds. */
  db!: Pool;
  private readonly processes: Running[];
  private gateway?: Running;
  private readonly database = `onesociety_deploy_${randomBytes(4).toString('hex')}`;
  private readonly dataDir = mkdtempSync(join(tmpdir(), 'onesociety-deploy-'));
  private readonly id = randomBytes(4).toString('hex');

  private constructor(
    specs: ProcessSpec[],
    ports: number[],
    private readonly env: Record<string, string>,
    /**
     * A loopback address of this deployment's own (Linux routes all of 127/8 to lo): deployments
     * started side by side (two test files) never reach each other's processes. On 127.0.0.1, a
     * process that lost its freshly picked port to another deployment's would be found "ready" by
     * the other's answer, and the test would talk to the wrong app.
     */
    private readonly host: string,
  ) {
    this.processes = specs.map((spec, i) => ({ spec, port: ports[i], output: [] }));
    this.url = `http://${host}:${ports[specs.length > 1 ? specs.length : 0]}`;
  }

  static async start(specs: ProcessSpec[], env: Record<string, string> = {}): Promise<Deployment> {
    const host = loopbackAddress();
    const ports = await Promise.all([...specs, null].map(() => freePort(host)));
    const deployment = new Deployment(specs, ports, env, host);
    await deployment.boot(ports[specs.length]);
    return deployment;
  }

  private get databaseUrl(): string {
    const url = new URL(SERVER_URL);
    url.pathname = `/${this.database}`;
    return url.toString();
  }

  private contextUrls(): string {
    return CONTEXT_NAMES.map((context) => {
      const host = this.processes.find((p) => p.spec.contexts.includes(context));
      return `${context}=http://${this.host}:${host?.port}`;
    }).join(',');
  }

  private async boot(gatewayPort: number): Promise<void> {
    await withDatabase((c) => c.query(`CREATE DATABASE ${this.database}`));
    this.db = new Pool({ connectionString: this.databaseUrl, max: 4 });
    // Started together, as an orchestrator would: their migrations serialise on an advisory lock.
    await Promise.all(this.processes.map((p) => this.startProcess(p)));
    if (this.processes.length > 1) {
      this.gateway = { spec: { name: 'gateway', contexts: [] }, port: gatewayPort, output: [] };
      this.launch(this.gateway, 'dist/src/gateway.js', {
        PORT: String(gatewayPort),
        HOST: this.host,
        CONTEXT_URLS: this.contextUrls(),
      });
      await this.ready(this.gateway);
    }
  }

  private processEnv(process: Running): Record<string, string> {
    const split = this.processes.length > 1;
    return {
      NODE_ENV: 'development',
      HOST: this.host,
      PORT: String(process.port),
      DATABASE_URL: this.databaseUrl,
      DATA_DIR: this.dataDir,
      MEDIA_PUBLIC_URL: `${this.url}/media`,
      JWT_SECRET: 'deployment-test-secret-long-enough-for-hs256',
      LOG_LEVEL: 'warn',
      SEED_DEMO_DATA: 'false',
      BCRYPT_COST: '4',
      AUTH_RATE_LIMIT_PER_IP: '1000',
      AUTH_RATE_LIMIT_PER_ACCOUNT: '1000',
      IDENTITY_REQUIRE_VERIFIED_EMAIL: 'false',
      DOCS_ENABLED: 'false',
      NATS_URL,
      NATS_STREAM: `ONESOCIETY_DEPLOY_${this.id}`,
      NATS_SUBJECT_PREFIX: `osdeploy${this.id}`,
      ...(split
        ? {
            CONTEXTS: process.spec.contexts.join(','),
            CONTEXT_URLS: this.contextUrls(),
            INTERNAL_API_SECRET: `deployment-internal-secret-${this.id}-0123456789`,
          }
        : {}),
      ...this.env,
    };
  }

  private launch(process_: Running, script: string, env: Record<string, string>): void {
    const child = spawn(process.execPath, [script], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      process_.output.push(...chunk.toString().split('\n').filter(Boolean));
      process_.output.splice(0, Math.max(0, process_.output.length - 40));
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    process_.child = child;
  }

  private async startProcess(process_: Running): Promise<void> {
    this.launch(process_, 'dist/src/main.js', this.processEnv(process_));
    await this.ready(process_);
  }

  private async ready(process_: Running, timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (process_.child?.exitCode !== null && process_.child?.exitCode !== undefined)
        throw new Error(`${process_.spec.name} exited: ${process_.output.join('\n')}`);
      const ok = await fetch(`http://${this.host}:${process_.port}/health/ready`)
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) return;
      if (Date.now() > deadline)
        throw new Error(`${process_.spec.name} not ready in ${timeoutMs} ms: ${process_.output.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  private named(name: string): Running {
    const found = this.processes.find((p) => p.spec.name === name);
    if (!found) throw new Error(`no process ${name}`);
    return found;
  }

  /** Ends a process as an orchestrator does (SIGTERM, in-flight requests finish) and waits for it. */
  async stop(name: string): Promise<void> {
    await this.end(this.named(name), 'SIGTERM');
  }

  /** Kills a process outright (SIGKILL): nothing of it finishes. */
  async kill(name: string): Promise<void> {
    await this.end(this.named(name), 'SIGKILL');
  }

  async restart(name: string): Promise<void> {
    await this.startProcess(this.named(name));
  }

  private async end(process_: Running, signal: NodeJS.Signals): Promise<void> {
    const child = process_.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  /** The last lines each process wrote, for a failing test's message. */
  logs(): string {
    return [...this.processes, ...(this.gateway ? [this.gateway] : [])]
      .map((p) => `--- ${p.spec.name}\n${p.output.join('\n')}`)
      .join('\n');
  }

  async close(): Promise<void> {
    for (const p of [...(this.gateway ? [this.gateway] : []), ...this.processes])
      await this.end(p, 'SIGTERM');
    await this.db?.end();
    await withDatabase((c) => c.query(`DROP DATABASE IF EXISTS ${this.database} WITH (FORCE)`));
    const nc = await connect({ servers: NATS_URL }).catch(() => undefined);
    const jsm = await nc?.jetstreamManager();
    await jsm?.streams.delete(`ONESOCIETY_DEPLOY_${this.id}`).catch(() => undefined);
    await nc?.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** 127.x.y.z at random: x is never 0, so never the 127.0.0.x of the machine's own services. */
function loopbackAddress(): string {
  const [x, y, z] = randomBytes(3);
  return `127.${1 + (x % 254)}.${y}.${1 + (z % 254)}`;
}
