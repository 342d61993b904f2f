import type { EntityManager } from 'typeorm';
import type { KeysetPosition } from '../../../platform/http/keyset-cursor';
import { keysetTimestamp } from '../../../platform/http/keyset-cursor';
import type { ApiKeyScope } from '../domain/integration-vocabulary';
import { KEYS_SHOWN } from '../domain/integration-vocabulary';

export interface ApiClientRow {
  id: string;
  name: string;
  scopes: ApiKeyScope[];
  rateLimitPerMinute: number | null;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface ApiKeyRow {
  id: string;
  clientId: string;
  hint: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

const CLIENT_COLUMNS = `id, name, scopes, rate_limit_per_minute, created_by,
  ${keysetTimestamp('created_at')} AS created_at, revoked_at`;

type RawClient = {
  id: string;
  name: string;
  scopes: ApiKeyScope[];
  rate_limit_per_minute: number | null;
  created_by: string;
  created_at: string;
  revoked_at: Date | null;
};

const toClient = (r: RawClient): ApiClientRow => ({
  id: r.id,
  name: r.name,
  scopes: r.scopes,
  rateLimitPerMinute: r.rate_limit_per_minute,
  createdBy: r.created_by,
  createdAt: r.created_at,
  revokedAt: r.revoked_at?.toISOString() ?? null,
});

export async function insertClient(
  manager: EntityManager,
  client: {
    id: string;
    name: string;
    scopes: ApiKeyScope[];
    rateLimitPerMinute: number | null;
    createdBy: string;
  },
): Promise<void> {
  await manager.query(
    `INSERT INTO integration.api_clients (id, name, scopes, rate_limit_per_minute, created_by)
     VALUES ($1, $2, $3, $4, $5)`,
    [client.id, client.name, client.scopes, client.rateLimitPerMinute, client.createdBy],
  );
}

/** The client, locked against concurrent rotations and revocations when `lock` says so. */
export async function findClient(
  manager: EntityManager,
  id: string,
  lock = false,
): Promise<ApiClientRow | null> {
  const [row]: RawClient[] = await manager.query(
    `SELECT ${CLIENT_COLUMNS} FROM integration.api_clients WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [id],
  );
  return row ? toClient(row) : null;
}

/** Newest first, keyset on (created_at, id). */
export async function listClients(
  manager: EntityManager,
  before: KeysetPosition | null,
  limit: number,
): Promise<{ rows: ApiClientRow[]; hasMore: boolean }> {
  const rows: RawClient[] = await manager.query(
    `SELECT ${CLIENT_COLUMNS} FROM integration.api_clients
     WHERE ($1::timestamptz IS NULL OR (created_at, id) < ($1::timestamptz, $2::uuid))
     ORDER BY created_at DESC, id DESC LIMIT $3`,
    [before?.at ?? null, before?.id ?? null, limit + 1],
  );
  return { rows: rows.slice(0, limit).map(toClient), hasMore: rows.length > limit };
}

export async function revokeClient(manager: EntityManager, id: string, by: string): Promise<void> {
  await manager.query(
    `UPDATE integration.api_clients SET revoked_at = now(), revoked_by = $2, updated_at = now()
     WHERE id = $1 AND revoked_at IS NULL`,
    [id, by],
  );
  await manager.query(
    'UPDATE integration.api_keys SET revoked_at = now() WHERE client_id = $1 AND revoked_at IS NULL',
    [id],
  );
}

export async function insertKey(
  manager: EntityManager,
  key: { id: string; clientId: string; hash: string; hint: string },
): Promise<void> {
  await manager.query(
    'INSERT INTO integration.api_keys (id, client_id, key_hash, hint) VALUES ($1, $2, $3, $4)',
    [key.id, key.clientId, key.hash, key.hint],
  );
}

/**
 * The client's keys still in force (other than `exceptId`) stop at `until`: now plus the grace the
 * admin gave. A key already ending sooner keeps its earlier end; a grace never lengthens a key's life.
 */
export async function expireKeys(
  manager: EntityManager,
  clientId: string,
  graceHours: number,
): Promise<void> {
  await manager.query(
    `UPDATE integration.api_keys SET expires_at = now() + make_interval(hours => $2)
     WHERE client_id = $1 AND revoked_at IS NULL
       AND (expires_at IS NULL OR expires_at > now() + make_interval(hours => $2))`,
    [clientId, graceHours],
  );
}

/** Whether the key was in force until now (a second revocation changes nothing). */
export async function revokeKey(
  manager: EntityManager,
  clientId: string,
  keyId: string,
): Promise<boolean | null> {
  const [row]: { revoked: boolean }[] = await manager.query(
    `WITH target AS (SELECT id, revoked_at FROM integration.api_keys WHERE id = $2 AND client_id = $1 FOR UPDATE),
          done AS (UPDATE integration.api_keys k SET revoked_at = now() FROM target
                   WHERE k.id = target.id AND target.revoked_at IS NULL RETURNING k.id)
     SELECT EXISTS (SELECT 1 FROM done) AS revoked FROM target`,
    [clientId, keyId],
  );
  return row ? row.revoked : null;
}

/** The KEYS_SHOWN newest keys of each of these clients, newest first, with when each was last used. */
export async function keysOf(manager: EntityManager, clientIds: string[]): Promise<ApiKeyRow[]> {
  if (clientIds.length === 0) return [];
  const rows: {
    id: string;
    client_id: string;
    hint: string;
    created_at: Date;
    expires_at: Date | null;
    revoked_at: Date | null;
    last_used_at: Date | null;
  }[] = await manager.query(
    `SELECT k.id, k.client_id, k.hint, k.created_at, k.expires_at, k.revoked_at, u.last_used_at
     FROM unnest($1::uuid[]) AS c(id)
     CROSS JOIN LATERAL (SELECT * FROM integration.api_keys WHERE client_id = c.id
                         ORDER BY created_at DESC, id DESC LIMIT $2) k
     LEFT JOIN integration.api_key_usage u ON u.key_id = k.id
     ORDER BY k.created_at DESC, k.id DESC`,
    [clientIds, KEYS_SHOWN],
  );
  return rows.map((r) => ({
    id: r.id,
    clientId: r.client_id,
    hint: r.hint,
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at?.toISOString() ?? null,
    revokedAt: r.revoked_at?.toISOString() ?? null,
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
  }));
}

/** A key in force, found by its hash, with what its client may do. */
export async function keyInForce(
  manager: EntityManager,
  hash: string,
): Promise<{
  keyId: string;
  clientId: string;
  scopes: ApiKeyScope[];
  rateLimitPerMinute: number | null;
} | null> {
  const [row]: {
    key_id: string;
    client_id: string;
    scopes: ApiKeyScope[];
    rate_limit_per_minute: number | null;
  }[] = await manager.query(
    `SELECT k.id AS key_id, c.id AS client_id, c.scopes, c.rate_limit_per_minute
     FROM integration.api_keys k JOIN integration.api_clients c ON c.id = k.client_id
     WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())
       AND c.revoked_at IS NULL`,
    [hash],
  );
  return row
    ? {
        keyId: row.key_id,
        clientId: row.client_id,
        scopes: row.scopes,
        rateLimitPerMinute: row.rate_limit_per_minute,
      }
    : null;
}

/** Records a use, at most once a minute per key: a busy integrator does not write on every request. */
export async function touchKey(manager: EntityManager, keyId: string): Promise<void> {
  await manager.query(
    `INSERT INTO integration.api_key_usage AS u (key_id, last_used_at) VALUES ($1, now())
     ON CONFLICT (key_id) DO UPDATE SET last_used_at = EXCLUDED.last_used_at
     WHERE u.last_used_at < EXCLUDED.last_used_at - interval '60 seconds'`,
    [keyId],
  );
}
