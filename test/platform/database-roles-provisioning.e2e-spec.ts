import { randomInt } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { CONTEXT_NAMES } from '../../src/platform/config/contexts';
import { contextRole, contextRoleUrl, ensureLoginRole } from '../../src/platform/database/context-roles';
import { runMigrations } from '../../src/platform/database/migrate';
import { adminUrlOf, createTestDatabase, type TestDatabase } from '../support/test-database';

const letters = (n: number) =>
  Array.from({ length: n }, () => String.fromCharCode(97 + randomInt(26))).join('');

/** Each schema's owner, and how many of its relations someone else owns. */
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

  it('provisions a database as an admin that is no superuser, as on managed PostgreSQL', async () => {
    const superUrl = new URL(adminUrlOf(process.env.TEST_PG_ADMIN_URL as string));
    const managed = `onesociety_probe_managed_${letters(8)}`;
    const name = `onesociety_test_managed_${letters(8)}`;
    const superuser = new Client({ connectionString: superUrl.toString() });
    await superuser.connect();
    try {
      // Its password is the superuser's (none under trust auth): the contexts' roles are the
      // cluster's, and their passwords derive from the admin's, so every database keeps them alike.
      const password = decodeURIComponent(superUrl.password);
      const login = password ? `LOGIN PASSWORD '${password.replace(/'/g, "''")}'` : 'LOGIN';
      await superuser.query(`CREATE ROLE ${managed} ${login} CREATEROLE CREATEDB NOSUPERUSER`);
      // The contexts' roles are already there (every test database has them). On PostgreSQL 16+ a
      // CREATEROLE admin may only alter and grant the roles it created, which give it the ADMIN
      // OPTION and nothing more (createrole_self_grant is empty by default): give it just that.
      const [{ version }] = (
        await superuser.query('SELECT current_setting($1)::int AS version', ['server_version_num'])
      ).rows;
      if (version >= 160000)
        for (const context of CONTEXT_NAMES)
          await superuser.query(
            `GRANT ${contextRole(context)} TO ${managed} WITH ADMIN TRUE, INHERIT FALSE, SET FALSE`,
          );
      await superuser.query(`CREATE DATABASE ${name} OWNER ${managed}`);
      const url = new URL(superUrl);
      url.username = managed;
      url.pathname = `/${name}`;

      const applied = await runMigrations({ url: url.toString(), poolSize: 2, statementTimeoutMs: 0 });
      expect(applied.length).toBeGreaterThan(50);
      const owners = await ownership(url.toString());
      expect(owners).toEqual(
        expect.arrayContaining([
          ...CONTEXT_NAMES.map((context) => ({ schema: context, owner: contextRole(context), strays: 0 })),
          { schema: 'audit', owner: managed, strays: 0 },
        ]),
      );
      // A context logs in there as its role: its own tables answer, another context's are refused.
      const catalog = await new DataSource({
        type: 'postgres',
        url: contextRoleUrl(url.toString(), 'catalog'),
      }).initialize();
      try {
        expect(await catalog.query('SELECT count(*)::int AS n FROM catalog.products')).toEqual([{ n: 0 }]);
        await expect(catalog.query('SELECT 1 FROM identity.users')).rejects.toMatchObject({
          driverError: { code: '42501' },
        });
      } finally {
        await catalog.destroy();
      }
      // Run again, as each instance does at start: nothing to apply, nothing changed.
      expect(await runMigrations({ url: url.toString(), poolSize: 2, statementTimeoutMs: 0 })).toEqual([]);
      expect(await ownership(url.toString())).toEqual(owners);
    } finally {
      await superuser.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await superuser.query(`DROP ROLE IF EXISTS ${managed}`);
      await superuser.end();
    }
  });
});
