import { Client } from 'pg';
import { CONTEXT_NAMES } from '../../src/platform/config/contexts';
import { contextRole, PLATFORM_GRANTS } from '../../src/platform/database/context-roles';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const TABLE_PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'];

/**
 * The architecture rule, in the database: a context reaches another only through its contract (local
 * or remote), never through its database role. Read from the catalogs of a migrated database (the
 * template every test file clones), so a migration that forgets an owner or a grant that widens a
 * role fails here.
 */
describe('architecture: each context’s database role owns its schema and reaches no other', () => {
  let database: TestDatabase;
  let db: Client;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = new Client({ connectionString: database.url });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await database.drop();
  });

  const rows = async <T>(sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows as T[];

  it('gives every context a plain login role: no superuser, no role or database creation, no membership', async () => {
    const roles = await rows<Record<string, unknown>>(
      `SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, rolreplication, rolcanlogin,
              (SELECT count(*)::int FROM pg_auth_members m WHERE m.member = r.oid) AS memberships
       FROM pg_roles r WHERE rolname = ANY($1) ORDER BY rolname`,
      [CONTEXT_NAMES.map(contextRole)],
    );
    expect(roles).toEqual(
      [...CONTEXT_NAMES.map(contextRole)].sort().map((rolname) => ({
        rolname,
        rolsuper: false,
        rolcreaterole: false,
        rolcreatedb: false,
        rolbypassrls: false,
        rolreplication: false,
        rolcanlogin: true,
        memberships: 0,
      })),
    );
  });

  it('makes each context’s role the owner of its schema and of everything in it', async () => {
    for (const context of CONTEXT_NAMES) {
      const strangers = await rows<{ object: string; owner: string }>(
        `SELECT 'schema ' || n.nspname AS object, pg_get_userbyid(n.nspowner) AS owner FROM pg_namespace n
           WHERE n.nspname = $1 AND pg_get_userbyid(n.nspowner) <> $2
         UNION ALL
         SELECT c.relkind::text || ' ' || c.relname, pg_get_userbyid(c.relowner) FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND pg_get_userbyid(c.relowner) <> $2
         UNION ALL
         SELECT 'function ' || p.proname, pg_get_userbyid(p.proowner) FROM pg_proc p
           JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1 AND pg_get_userbyid(p.proowner) <> $2
         UNION ALL
         SELECT 'type ' || t.typname, pg_get_userbyid(t.typowner) FROM pg_type t
           JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = $1 AND pg_get_userbyid(t.typowner) <> $2`,
        [context, contextRole(context)],
      );
      expect({ context, strangers }).toEqual({ context, strangers: [] });
      const [{ tables }] = await rows<{ tables: number }>(
        `SELECT count(*)::int AS tables FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND c.relkind = 'r'`,
        [context],
      );
      expect(tables).toBeGreaterThan(0);
    }
  });

  it('gives no context any privilege on another context’s schema or tables', async () => {
    for (const context of CONTEXT_NAMES) {
      const role = contextRole(context);
      const reach = await rows<{ schema: string; usage: boolean; create: boolean; tables: string[] }>(
        `SELECT n.nspname AS schema, has_schema_privilege($1, n.oid, 'USAGE') AS usage,
                has_schema_privilege($1, n.oid, 'CREATE') AS create,
                coalesce(array_agg(c.relname::text ORDER BY c.relname)
                  FILTER (WHERE c.oid IS NOT NULL AND has_table_privilege($1, c.oid, $3)), '{}'::text[]) AS tables
         FROM pg_namespace n LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relkind IN ('r', 'p', 'v', 'm')
         WHERE n.nspname = ANY($2) GROUP BY n.nspname, n.oid ORDER BY n.nspname`,
        [role, CONTEXT_NAMES.filter((other) => other !== context), TABLE_PRIVILEGES.join(', ')],
      );
      expect(reach).toHaveLength(CONTEXT_NAMES.length - 1);
      for (const other of reach)
        expect({ role, ...other }).toEqual({
          role,
          schema: other.schema,
          usage: false,
          create: false,
          tables: [],
        });
    }
  });

  it('grants on the platform’s tables exactly the listed privileges and nothing else', async () => {
    const platformTables = await rows<{ schema: string; table: string }>(
      `SELECT n.nspname AS schema, c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'p', 'v', 'm') AND n.nspname <> ALL($1)
         AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')`,
      [CONTEXT_NAMES],
    );
    expect(platformTables.length).toBeGreaterThan(0);
    for (const context of CONTEXT_NAMES) {
      const role = contextRole(context);
      for (const { schema, table } of platformTables) {
        const held = [];
        for (const privilege of TABLE_PRIVILEGES) {
          const [{ has }] = await rows<{ has: boolean }>('SELECT has_table_privilege($1, $2, $3) AS has', [
            role,
            `"${schema}"."${table}"`,
            privilege,
          ]);
          if (has) held.push(privilege);
        }
        const expected = PLATFORM_GRANTS.filter(
          (g) => g.schema === schema && g.table === table && (g.to === 'all' || g.to.includes(context)),
        ).flatMap((g) => g.privileges.split(',').map((p) => p.trim()));
        expect({ role, table: `${schema}.${table}`, held: held.sort() }).toEqual({
          role,
          table: `${schema}.${table}`,
          held: expected.sort(),
        });
      }
    }
  });
});
