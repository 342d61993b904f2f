import { randomInt } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ensureLoginRole } from '../../src/platform/database/context-roles';
import { runMigrations } from '../../src/platform/database/migrate';
import { adminUrlOf, createTestDatabase, type TestDatabase } from '../support/test-database';

const letters = (n: number) =>
  Array.from({ length: n }, () => String.fromCharCode(97 + randomInt(26))).join('');

/**
 * Roles are cluster-wide while every test file (and every instance of the app) provisions its own
 * database: creating the same role at once from several connections, and running the whole
 * provisioning again or in parallel, must all succeed and leave the same result.
 */
describe('platform: provisioning database roles is idempotent and safe in parallel', () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  it('creates one role when six connections create it at the same moment', async () => {
    const role = `onesociety_probe_${letters(12)}`;
    const admin = await new DataSource({
      type: 'postgres',
      url: adminUrlOf(process.env.TEST_PG_ADMIN_URL as string),
      extra: { max: 6 },
    }).initialize();
    try {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) =>
          ensureLoginRole(admin.manager, role, i % 2 ? 'derived-secret' : undefined),
        ),
      );
      expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
      const [found] = await admin.query('SELECT rolcanlogin, rolsuper FROM pg_roles WHERE rolname = $1', [
        role,
      ]);
      expect(found).toEqual({ rolcanlogin: true, rolsuper: false });
      await ensureLoginRole(admin.manager, role, undefined);
    } finally {
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.destroy();
    }
  });

  it('provisions two databases at once, and again, without an error or a change', async () => {
    databases.push(await createTestDatabase(), await createTestDatabase());
    const settings = (url: string) => ({ url, poolSize: 2, statementTimeoutMs: 0 });
    const ownership = async (url: string) => {
      const source = await new DataSource({ type: 'postgres', url }).initialize();
      try {
        return await source.query(
          `SELECT n.nspname AS schema, pg_get_userbyid(n.nspowner) AS owner,
                  (SELECT count(*)::int FROM pg_class c WHERE c.relnamespace = n.oid AND c.relowner <> n.nspowner) AS strays
           FROM pg_namespace n WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema' ORDER BY 1`,
        );
      } finally {
        await source.destroy();
      }
    };
    const before = await ownership(databases[0].url);
    expect(await Promise.all(databases.map((d) => runMigrations(settings(d.url))))).toEqual([[], []]);
    expect(await runMigrations(settings(databases[0].url))).toEqual([]);
    expect(await ownership(databases[0].url)).toEqual(before);
    expect(await ownership(databases[1].url)).toEqual(before);
    expect(before).toEqual(
      expect.arrayContaining([
        { schema: 'review', owner: 'onesociety_review', strays: 0 },
        { schema: 'audit', owner: 'postgres', strays: 0 },
      ]),
    );
  });
});
