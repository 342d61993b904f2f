import type { EntityManager } from 'typeorm';
import type { KeysetPosition } from '../../../platform/http/keyset-cursor';
import { keysetTimestamp } from '../../../platform/http/keyset-cursor';
import type { DeliveryStatus } from '../domain/integration-vocabulary';

export interface DeliveryRow {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  completedAt: string | null;
  redeliveryOf: string | null;
  /** Microseconds: the log's keyset position. */
  createdAt: string;
}

export interface AttemptRow {
  attemptedAt: string;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  responseExcerpt: string | null;
}

/** What the worker needs to send one delivery. */
export interface ClaimedDelivery {
  id: string;
  endpointId: string;
  attempts: number;
  deadlineAt: Date;
  url: string;
  secretSealed: string;
  previousSecretSealed: string | null;
  previousSecretExpiresAt: Date | null;
  event: { id: string; type: string; version: number; occurredAt: string; payload: unknown };
}

const DELIVERY_COLUMNS = `d.id, d.endpoint_id, d.event_id, d.event_type, d.status, d.attempts, d.next_attempt_at,
  d.last_attempt_at, d.last_status_code, d.last_error, d.completed_at, d.redelivery_of,
  ${keysetTimestamp('d.created_at')} AS created_at`;

type RawDelivery = {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date | null;
  last_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  completed_at: Date | null;
  redelivery_of: string | null;
  created_at: string;
};

const iso = (d: Date | null) => d?.toISOString() ?? null;
const toDelivery = (r: RawDelivery): DeliveryRow => ({
  id: r.id,
  endpointId: r.endpoint_id,
  eventId: r.event_id,
  eventType: r.event_type,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: iso(r.next_attempt_at),
  lastAttemptAt: iso(r.last_attempt_at),
  lastStatusCode: r.last_status_code,
  lastError: r.last_error,
  completedAt: iso(r.completed_at),
  redeliveryOf: r.redelivery_of,
  createdAt: r.created_at,
});

/**
 * One delivery per enabled endpoint (of a client still let in) that wants this event, in the
 * feed's append transaction: a delivery exists if and only if its event is in the feed. Returns
 * how many were owed.
 */
export async function fanOut(
  manager: EntityManager,
  position: string,
  type: string,
  resource: string,
  windowHours: number,
): Promise<number> {
  const [{ n }]: { n: number }[] = await manager.query(
    `WITH owed AS (
       INSERT INTO integration.webhook_deliveries
         (id, endpoint_id, position, event_id, event_type, resource, next_attempt_at, deadline_at)
       SELECT gen_random_uuid(), e.id, f.position, f.event_id, f.type, $3, clock_timestamp(),
              clock_timestamp() + make_interval(hours => $4)
       FROM integration.feed_events f
       JOIN integration.webhook_endpoints e ON e.enabled AND ($2 = ANY(e.event_types) OR '*' = ANY(e.event_types))
       JOIN integration.api_clients c ON c.id = e.client_id AND c.revoked_at IS NULL
       WHERE f.position = $1
       ON CONFLICT (endpoint_id, event_id) WHERE redelivery_of IS NULL DO NOTHING
       RETURNING 1)
     SELECT count(*)::int AS n FROM owed`,
    [position, type, resource, windowHours],
  );
  return n;
}

/**
 * Leases up to `limit` deliveries due at `now`, for `leaseSeconds`. A delivery waits while an
 * earlier one of the same endpoint and resource is pending (retrying, or leased by another worker),
 * so each endpoint gets a resource's events in feed order. SKIP LOCKED lets instances share the work.
 */
export async function claimDue(
  manager: EntityManager,
  now: Date,
  limit: number,
  leaseSeconds: number,
): Promise<ClaimedDelivery[]> {
  const rows: {
    id: string;
    endpoint_id: string;
    attempts: number;
    deadline_at: Date;
    url: string;
    secret_sealed: string;
    previous_secret_sealed: string | null;
    previous_secret_expires_at: Date | null;
    event_id: string;
    type: string;
    version: number;
    occurred_at: Date;
    payload: unknown;
  }[] = await manager.query(
    `WITH due AS (
       SELECT d.id FROM integration.webhook_deliveries d
       JOIN integration.webhook_endpoints e ON e.id = d.endpoint_id AND e.enabled
       JOIN integration.api_clients c ON c.id = e.client_id AND c.revoked_at IS NULL
       WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND (d.leased_until IS NULL OR d.leased_until <= $1)
         AND NOT EXISTS (
           SELECT 1 FROM integration.webhook_deliveries p
           WHERE p.endpoint_id = d.endpoint_id AND p.resource = d.resource AND p.status = 'pending'
             AND (p.position < d.position OR (p.position = d.position AND p.created_at < d.created_at)))
       ORDER BY d.next_attempt_at, d.position LIMIT $2
       FOR UPDATE OF d SKIP LOCKED
     ), leased AS (
       UPDATE integration.webhook_deliveries d SET leased_until = $1::timestamptz + make_interval(secs => $3)
       FROM due WHERE d.id = due.id RETURNING d.*
     )
     SELECT l.id, l.endpoint_id, l.attempts, l.deadline_at, e.url, e.secret_sealed, e.previous_secret_sealed,
            e.previous_secret_expires_at, f.event_id, f.type, f.version, f.occurred_at, f.payload
     FROM leased l JOIN integration.webhook_endpoints e ON e.id = l.endpoint_id
     JOIN integration.feed_events f ON f.position = l.position
     ORDER BY l.position`,
    [now, limit, leaseSeconds],
  );
  return rows.map((r) => ({
    id: r.id,
    endpointId: r.endpoint_id,
    attempts: r.attempts,
    deadlineAt: r.deadline_at,
    url: r.url,
    secretSealed: r.secret_sealed,
    previousSecretSealed: r.previous_secret_sealed,
    previousSecretExpiresAt: r.previous_secret_expires_at,
    event: {
      id: r.event_id,
      type: r.type,
      version: r.version,
      occurredAt: r.occurred_at.toISOString(),
      payload: r.payload,
    },
  }));
}

export interface AttemptOutcome {
  at: Date;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  responseExcerpt: string | null;
}

/** Logs an attempt and moves the delivery on: done, retried at `nextAttemptAt`, or given up (null). */
export async function recordAttempt(
  manager: EntityManager,
  deliveryId: string,
  attemptId: string,
  outcome: AttemptOutcome,
  result: { succeeded: true } | { succeeded: false; nextAttemptAt: Date | null },
): Promise<void> {
  const error = outcome.error?.slice(0, 500) ?? null;
  await manager.query(
    `INSERT INTO integration.webhook_attempts
       (id, delivery_id, attempted_at, duration_ms, status_code, error, response_excerpt)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      attemptId,
      deliveryId,
      outcome.at,
      outcome.durationMs,
      outcome.statusCode,
      error,
      outcome.responseExcerpt,
    ],
  );
  const next = result.succeeded ? null : result.nextAttemptAt;
  const status: DeliveryStatus = result.succeeded ? 'succeeded' : next ? 'pending' : 'failed';
  await manager.query(
    `UPDATE integration.webhook_deliveries SET
       status = $2, attempts = attempts + 1, next_attempt_at = $3, leased_until = NULL,
       last_attempt_at = $4::timestamptz, last_status_code = $5, last_error = $6,
       completed_at = CASE WHEN $2::text = 'pending' THEN NULL ELSE $4::timestamptz END
     WHERE id = $1 AND status = 'pending'`,
    [deliveryId, status, next, outcome.at, outcome.statusCode, error],
  );
}

/** Gives up what a disabled endpoint still owed. */
export async function failPending(
  manager: EntityManager,
  endpointId: string,
  at: Date,
  reason: string,
): Promise<void> {
  await manager.query(
    `UPDATE integration.webhook_deliveries SET status = 'failed', next_attempt_at = NULL, leased_until = NULL,
       completed_at = $2, last_error = $3
     WHERE endpoint_id = $1 AND status = 'pending'`,
    [endpointId, at, reason],
  );
}

/** An endpoint's deliveries, newest first, keyset on (created_at, id). */
export async function deliveriesOf(
  manager: EntityManager,
  endpointId: string,
  before: KeysetPosition | null,
  limit: number,
  status?: DeliveryStatus,
): Promise<{ rows: DeliveryRow[]; hasMore: boolean }> {
  const rows: RawDelivery[] = await manager.query(
    `SELECT ${DELIVERY_COLUMNS} FROM integration.webhook_deliveries d
     WHERE d.endpoint_id = $1 AND ($2::timestamptz IS NULL OR (d.created_at, d.id) < ($2::timestamptz, $3::uuid))
       AND ($4::text IS NULL OR d.status = $4)
     ORDER BY d.created_at DESC, d.id DESC LIMIT $5`,
    [endpointId, before?.at ?? null, before?.id ?? null, status ?? null, limit + 1],
  );
  return { rows: rows.slice(0, limit).map(toDelivery), hasMore: rows.length > limit };
}

export async function findDelivery(
  manager: EntityManager,
  endpointId: string,
  deliveryId: string,
): Promise<DeliveryRow | null> {
  const [row]: RawDelivery[] = await manager.query(
    `SELECT ${DELIVERY_COLUMNS} FROM integration.webhook_deliveries d WHERE d.id = $1 AND d.endpoint_id = $2`,
    [deliveryId, endpointId],
  );
  return row ? toDelivery(row) : null;
}

/** Attempts shown with a delivery: the newest ones. */
export const ATTEMPTS_SHOWN = 50;

export async function attemptsOf(manager: EntityManager, deliveryId: string): Promise<AttemptRow[]> {
  const rows: {
    attempted_at: Date;
    duration_ms: number;
    status_code: number | null;
    error: string | null;
    response_excerpt: string | null;
  }[] = await manager.query(
    `SELECT attempted_at, duration_ms, status_code, error, response_excerpt FROM integration.webhook_attempts
     WHERE delivery_id = $1 ORDER BY attempted_at DESC, id DESC LIMIT $2`,
    [deliveryId, ATTEMPTS_SHOWN],
  );
  return rows.map((r) => ({
    attemptedAt: r.attempted_at.toISOString(),
    durationMs: r.duration_ms,
    statusCode: r.status_code,
    error: r.error,
    responseExcerpt: r.response_excerpt,
  }));
}

/** A new delivery of the same event to the same endpoint, due now, with a fresh retry window. */
export async function insertRedelivery(
  manager: EntityManager,
  id: string,
  of: string,
  windowHours: number,
): Promise<void> {
  await manager.query(
    `INSERT INTO integration.webhook_deliveries
       (id, endpoint_id, position, event_id, event_type, resource, next_attempt_at, deadline_at, redelivery_of)
     SELECT $1, endpoint_id, position, event_id, event_type, resource, now(),
            now() + make_interval(hours => $3), id
     FROM integration.webhook_deliveries WHERE id = $2`,
    [id, of, windowHours],
  );
}
