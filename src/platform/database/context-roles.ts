import { createHmac } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { sqlIdentifier } from './sql-identifiers';

/**
 * Each context logs in as a role of its own, which owns the context's schema and has no privilege
 * on any other: reading another context's tables fails in the database (42501), not only in lint.
 * Roles are cluster-wide; schemas, ownership and grants are per database, made by the migration
 * runner after each run (under its lock), so a database migrated before roles existed is brought in
 * line on its next start.
 */
export const CONTEXT_ROLE_PREFIX = 'onesociety_';

export const contextRole = (context: string) => sqlIdentifier(`${CONTEXT_ROLE_PREFIX}${context}`, 'role');

/**
 * What the contexts may do outside their own schema, and only this, all on platform tables (no
 * context reaches another's). The audit log: any context appends to it inside its own transaction
 * (AuditTrail) but never changes an entry; identity reads the entries about an account for its
 * personal-data export. The mail store: identity deletes a person's messages in the transaction
 * that erases their account (MailErasure), which needs SELECT for its WHERE.
 */
export const PLATFORM_GRANTS: readonly {
  schema: string;
  table: string;
  privileges: string;
  to: 'all' | string[];
}[] = [
  { schema: 'audit', table: 'entries', privileges: 'INSERT', to: 'all' },
  { schema: 'audit', table: 'entries', privileges: 'SELECT', to: ['identity'] },
  { schema: 'mail', table: 'messages', privileges: 'SELECT, DELETE', to: ['identity'] },
];

/**
 * A role's password, derived from the admin's (HMAC), so nothing more is stored or configured and
 * the admin's cannot be recovered from it. An admin URL without a password (trust or peer
 * authentication on the server) gives roles none either: they log in the way the admin does.
 */
export function contextRolePassword(adminUrl: string, context: string): string | undefined {
  const secret = decodeURIComponent(new URL(adminUrl).password);
  if (!secret) return undefined;
  return createHmac('sha256', secret)
    .update(`database-role:${contextRole(context)}`)
    .digest('base64url');
}

/** The admin URL with the context's role (and its derived password) as the user. */
export function contextRoleUrl(adminUrl: string, context: string): string {
  const url = new URL(adminUrl);
  url.username = contextRole(context);
  url.password = contextRolePassword(adminUrl, context) ?? '';
  return url.toString();
}

const tolerated = (codes: string[]) => (error: { code?: string }) => {
  if (!error.code || !codes.includes(error.code)) throw error;
};

/**
 * Creates the context's role if missing. Several test files or instances may do so at once on one
 * cluster: a concurrent creator makes ours fail with duplicate_object or unique_violation, which
 * means the role is there. Outside any transaction, which such a failure would abort.
 */
export async function ensureLoginRole(
  manager: EntityManager,
  role: string,
  password: string | undefined,
): Promise<void> {
  sqlIdentifier(role, 'role');
  if (password !== undefined && !/^[A-Za-z0-9_-]+$/.test(password)) throw new Error('Unexpected password');
  // Not a bind parameter: utility statements take none. A derived password is base64url, no quote.
  const login = password === undefined ? 'LOGIN' : `LOGIN PASSWORD '${password}'`;
  const [existing] = await manager.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  if (!existing) {
    await manager
      .query(`CREATE ROLE ${role} ${login} NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT`)
      .catch(tolerated(['42710', '23505']));
    return;
  }
  // The admin's password may have changed since; another instance setting the same one at the same
  // moment fails with "tuple concurrently updated" (XX000), harmless.
  if (password !== undefined)
    await manager.query(`ALTER ROLE ${role} ${login}`).catch(tolerated(['XX000', '40001']));
}

const ensureRole = (manager: EntityManager, adminUrl: string, context: string) =>
  ensureLoginRole(manager, contextRole(context), contextRolePassword(adminUrl, context));

/** ALTER TABLE takes views and sequences too, but not materialized views or foreign tables. */
const ALTER_KIND: Record<string, string> = { m: 'MATERIALIZED VIEW', f: 'FOREIGN TABLE' };

/** Hands the context's schema and everything in it to its role, and closes it to everyone else. */
async function ownSchema(manager: EntityManager, context: string): Promise<void> {
  const role = contextRole(context);
  const schema = sqlIdentifier(context, 'schema');
  await manager.query(`ALTER SCHEMA ${schema} OWNER TO ${role}`);
  await manager.query(`REVOKE ALL ON SCHEMA ${schema} FROM PUBLIC`);
  // Tables, views and free-standing sequences (those of identity columns follow their table).
  const relations: { name: string; kind: string }[] = await manager.query(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name, c.relkind::text AS kind
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
       AND pg_get_userbyid(c.relowner) <> $2
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                       AND d.objid = c.oid AND d.deptype IN ('a', 'i'))`,
    [context, role],
  );
  for (const { name, kind } of relations)
    await manager.query(`ALTER ${ALTER_KIND[kind] ?? 'TABLE'} ${name} OWNER TO ${role}`);
  const functions: { signature: string }[] = await manager.query(
    `SELECT p.oid::regprocedure::text AS signature FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = $1 AND pg_get_userbyid(p.proowner) <> $2`,
    [context, role],
  );
  for (const { signature } of functions) await manager.query(`ALTER ROUTINE ${signature} OWNER TO ${role}`);
  const types: { name: string }[] = await manager.query(
    `SELECT format('%I.%I', n.nspname, t.typname) AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname = $1 AND t.typtype IN ('e', 'd', 'r', 'c') AND t.typrelid = 0 AND pg_get_userbyid(t.typowner) <> $2`,
    [context, role],
  );
  for (const { name } of types) await manager.query(`ALTER TYPE ${name} OWNER TO ${role}`);
}

/**
 * Roles, ownership and grants for `contexts` in the database `manager` is connected to (as the
 * admin). Idempotent; contexts whose schema is not in this database are skipped (their own database
 * has them).
 */
export async function provisionContextRoles(
  dataSource: DataSource,
  adminUrl: string,
  contexts: readonly string[],
): Promise<void> {
  const present: { schema: string }[] = await dataSource.query(
    'SELECT nspname AS schema FROM pg_namespace WHERE nspname = ANY($1)',
    [contexts],
  );
  const here = contexts.filter((context) => present.some((p) => p.schema === context));
  for (const context of here) {
    await ensureRole(dataSource.manager, adminUrl, context);
    await ensureActingAs(dataSource.manager, contextRole(context));
  }
  // Ownership and grants together: a database is never left half handed over.
  await dataSource.transaction((manager) => handOver(manager, here));
}

/**
 * A superuser may hand anything to anyone. A managed PostgreSQL's admin is not one (it has
 * CREATEROLE): it may make a role the owner of a schema only as a member of that role who may act as
 * it (on PostgreSQL 16+ the role's creator holds only its ADMIN OPTION), and as one it keeps
 * creating and altering the tables of that schema in later migrations. Outside any
 * transaction, as for ensureLoginRole: another instance granting the same at the same moment fails
 * with "tuple concurrently updated" (XX000), which means it is granted.
 */
async function ensureActingAs(manager: EntityManager, role: string): Promise<void> {
  const [admin] = await manager.query(
    `SELECT rolsuper AS super, pg_has_role(current_user, $1, 'USAGE') AS acting
     FROM pg_roles WHERE rolname = current_user`,
    [role],
  );
  if (admin.super || admin.acting) return;
  await manager.query(`GRANT ${sqlIdentifier(role, 'role')} TO CURRENT_USER`).catch(tolerated(['XX000']));
}

async function handOver(manager: EntityManager, here: readonly string[]): Promise<void> {
  for (const context of here) await ownSchema(manager, context);
  for (const grant of PLATFORM_GRANTS) {
    const to = (grant.to === 'all' ? here : here.filter((c) => grant.to.includes(c))).map(contextRole);
    const [table] = await manager.query('SELECT to_regclass($1) AS oid', [`${grant.schema}.${grant.table}`]);
    if (to.length === 0 || !table.oid) continue;
    const schema = sqlIdentifier(grant.schema, 'schema');
    await manager.query(`GRANT USAGE ON SCHEMA ${schema} TO ${to.join(', ')}`);
    await manager.query(
      `GRANT ${grant.privileges} ON ${schema}.${sqlIdentifier(grant.table, 'table')} TO ${to.join(', ')}`,
    );
  }
}
