import type { EntityManager } from 'typeorm';
import type { DisabledReason } from '../domain/integration-vocabulary';

export interface EndpointRow {
  id: string;
  clientId: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  secretSealed: string;
  previousSecretSealed: string | null;
  previousSecretExpiresAt: Date | null;
  enabled: boolean;
  disabledReason: DisabledReason | null;
  disabledAt: Date | null;
  failingSince: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

type Raw = {
  id: string;
  client_id: string;
  url: string;
  description: string | null;
  event_types: string[];
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: Date | null;
  enabled: boolean;
  disabled_reason: DisabledReason | null;
  disabled_at: Date | null;
  failing_since: Date | null;
  created_at: Date;
  updated_at: Date;
};

const toRow = (r: Raw): EndpointRow => ({
  id: r.id,
  clientId: r.client_id,
  url: r.url,
  description: r.description,
  eventTypes: r.event_types,
  secretSealed: r.secret_sealed,
  previousSecretSealed: r.previous_secret_sealed,
  previousSecretExpiresAt: r.previous_secret_expires_at,
  enabled: r.enabled,
  disabledReason: r.disabled_reason,
  disabledAt: r.disabled_at,
  failingSince: r.failing_since,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The endpoint when it belongs to `clientId` (null otherwise: someone else's is not there). */
export async function findEndpoint(
  manager: EntityManager,
  clientId: string | null,
  id: string,
  lock = false,
): Promise<EndpointRow | null> {
  const [row]: Raw[] = await manager.query(
    `SELECT * FROM integration.webhook_endpoints WHERE id = $1 AND ($2::uuid IS NULL OR client_id = $2)
     ${lock ? 'FOR UPDATE' : ''}`,
    [id, clientId],
  );
  return row ? toRow(row) : null;
}

export async function endpointsOf(manager: EntityManager, clientId: string): Promise<EndpointRow[]> {
  const rows: Raw[] = await manager.query(
    'SELECT * FROM integration.webhook_endpoints WHERE client_id = $1 ORDER BY created_at, id',
    [clientId],
  );
  return rows.map(toRow);
}

export async function insertEndpoint(
  manager: EntityManager,
  endpoint: {
    id: string;
    clientId: string;
    url: string;
    description: string | null;
    eventTypes: string[];
    secretSealed: string;
  },
): Promise<void> {
  await manager.query(
    `INSERT INTO integration.webhook_endpoints (id, client_id, url, description, event_types, secret_sealed)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      endpoint.id,
      endpoint.clientId,
      endpoint.url,
      endpoint.description,
      endpoint.eventTypes,
      endpoint.secretSealed,
    ],
  );
}

export async function updateEndpoint(
  manager: EntityManager,
  id: string,
  changes: { url?: string; description?: string | null; eventTypes?: string[]; enabled?: boolean },
): Promise<void> {
  await manager.query(
    `UPDATE integration.webhook_endpoints SET
       url = coalesce($2, url),
       description = CASE WHEN $3::boolean THEN $4 ELSE description END,
       event_types = coalesce($5, event_types),
       enabled = coalesce($6, enabled),
       disabled_reason = CASE WHEN $6 IS NULL THEN disabled_reason WHEN $6 THEN NULL
                              WHEN enabled THEN 'by_owner' ELSE disabled_reason END,
       disabled_at = CASE WHEN $6 IS NULL THEN disabled_at WHEN $6 THEN NULL
                          WHEN enabled THEN now() ELSE disabled_at END,
       failing_since = CASE WHEN $6 THEN NULL ELSE failing_since END,
       updated_at = now()
     WHERE id = $1`,
    [
      id,
      changes.url ?? null,
      changes.description !== undefined,
      changes.description ?? null,
      changes.eventTypes ?? null,
      changes.enabled ?? null,
    ],
  );
}

export async function deleteEndpoint(manager: EntityManager, id: string): Promise<void> {
  await manager.query('DELETE FROM integration.webhook_endpoints WHERE id = $1', [id]);
}

/** The current secret becomes the previous one until `graceHours` from now (dropped at 0). */
export async function rotateSecret(
  manager: EntityManager,
  id: string,
  secretSealed: string,
  graceHours: number,
): Promise<void> {
  await manager.query(
    `UPDATE integration.webhook_endpoints SET
       previous_secret_sealed = CASE WHEN $3 > 0 THEN secret_sealed END,
       previous_secret_expires_at = CASE WHEN $3 > 0 THEN now() + make_interval(hours => $3) END,
       secret_sealed = $2, updated_at = now()
     WHERE id = $1`,
    [id, secretSealed, graceHours],
  );
}

/**
 * Marks an attempt's outcome on its endpoint: a success ends a failing streak; a failure starts
 * one (or goes on). Returns the streak's start, null after a success.
 */
export async function recordEndpointOutcome(
  manager: EntityManager,
  id: string,
  succeeded: boolean,
  at: Date,
): Promise<Date | null> {
  const [row]: { failing_since: Date | null }[] = await manager.query(
    `WITH u AS (UPDATE integration.webhook_endpoints SET
       failing_since = CASE WHEN $2 THEN NULL ELSE coalesce(failing_since, $3) END
     WHERE id = $1 RETURNING failing_since) SELECT * FROM u`,
    [id, succeeded, at],
  );
  return row?.failing_since ?? null;
}

/** Disables an endpoint that kept failing; false when it was not enabled any more. */
export async function disableFailingEndpoint(manager: EntityManager, id: string, at: Date): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `WITH u AS (UPDATE integration.webhook_endpoints SET enabled = false, disabled_reason = 'failing',
       disabled_at = $2, updated_at = now()
     WHERE id = $1 AND enabled RETURNING id) SELECT * FROM u`,
    [id, at],
  );
  return rows.length > 0;
}

/** Locks the endpoint's row for the rest of the transaction. */
export async function lockEndpoint(manager: EntityManager, id: string): Promise<void> {
  await manager.query('SELECT 1 FROM integration.webhook_endpoints WHERE id = $1 FOR UPDATE', [id]);
}
