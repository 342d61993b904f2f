import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const TEMPLATE_PREFIX = 'onesociety_tpl_';
const TEST_DB_PREFIX = 'onesociety_test_';

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** The server's maintenance database, from whichever database the URL names. */
export const adminUrlOf = (url: string) => databaseUrl(url, 'postgres');

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
  /** Simulates the database going away (existing connections are cut) and coming back. */
  setAllowConnections(allow: boolean): Promise<void>;
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const adminUrl = process.env.TEST_PG_ADMIN_URL;
  if (!adminUrl) throw new Error('TEST_PG_ADMIN_URL is unset: run e2e tests through jest (global setup)');
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database for one test file; only names with the test prefix are ever dropped. */
export async function createTestDatabase({ empty = false } = {}): Promise<TestDatabase> {
  const name = `${TEST_DB_PREFIX}${process.env.JEST_WORKER_ID ?? 0}_${randomBytes(6).toString('hex')}`;
  // Empty: no migration applied (a context's own database, migrated by the test).
  const template = empty ? 'template0' : (process.env.TEST_PG_TEMPLATE as string);
  await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return {
    name,
    url: databaseUrl(process.env.TEST_PG_ADMIN_URL as string, name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
    setAllowConnections: (allow) =>
      admin(async (c) => {
        await c.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS ${allow}`);
        if (!allow)
          await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
      }),
  };
}
