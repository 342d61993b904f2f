import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../src/platform/database/embedded-postgres';
import { runMigrations } from '../../src/platform/database/migrate';
import { adminUrlOf, databaseUrl, TEMPLATE_PREFIX } from './test-database';

declare global {
  var __EMBEDDED_PG__: { stop(): Promise<void> } | undefined;
}

/**
 * Once per run: a PostgreSQL (TEST_DATABASE_URL, or an embedded one on a free port) and a
 * template database with every migration applied. Each test file clones the template.
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl: string;
  if (process.env.TEST_DATABASE_URL) {
    adminUrl = adminUrlOf(process.env.TEST_DATABASE_URL);
  } else {
    const port = 56000 + Math.floor(Math.random() * 4000);
    const server = await startEmbeddedPostgres({
      dataDir: mkdtempSync(join(tmpdir(), 'onesociety-test-pg-')),
      port,
      password: randomBytes(12).toString('hex'),
      persistent: false,
      // A throw-away cluster: no fsync (nor full-page images, which only guard against torn pages
      // after an OS crash). Every file clones the template, a CREATE DATABASE that otherwise waits
      // on the disk's flushes; under load that stalled set-ups past a minute and connections past
      // their 3 s timeout. Commits stay synchronous, so a killed server loses nothing committed.
      postgresFlags: ['-c', 'fsync=off', '-c', 'full_page_writes=off'],
    });
    globalThis.__EMBEDDED_PG__ = server;
    adminUrl = server.adminUrl;
  }
  const template = `${TEMPLATE_PREFIX}${process.pid}_${Date.now()}`;
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`CREATE DATABASE ${template}`);
  await client.end();
  await runMigrations({ url: databaseUrl(adminUrl, template), poolSize: 2, statementTimeoutMs: 0 });
  process.env.TEST_PG_ADMIN_URL = adminUrl;
  process.env.TEST_PG_TEMPLATE = template;
}
