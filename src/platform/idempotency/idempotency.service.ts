import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ContextDataSources } from '../database/context-data-sources';
import { DomainError } from '../errors/domain-error';
import { idempotencyTable } from './idempotency-table';

export interface IdempotentRequest {
  /** The context's schema holding the keys table. */
  schema: string;
  /** What is being done, so one key cannot be replayed against another operation. */
  operation: string;
  userId: string;
  /** The client's Idempotency-Key header; undefined runs the work without a key. */
  key: string | undefined;
  /** The request as the client sent it; a retry must send the same. */
  request: unknown;
}

export interface IdempotentResult<T> {
  result: T;
  replayed: boolean;
}

export const IdempotencyErrors = {
  keyReused: () =>
    new DomainError(
      'IDEMPOTENCY.KEY_REUSED',
      'validation',
      'This Idempotency-Key was already used with a different request; use a new key',
    ),
  inProgress: () =>
    new DomainError(
      'IDEMPOTENCY.IN_PROGRESS',
      'conflict',
      'A request with this Idempotency-Key is still being processed; retry it shortly for its answer',
      { retryAfterSeconds: 1 },
    ),
};

/** Stable JSON: object keys sorted, so the same body always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Idempotency keys, after Stripe: the key row, the work and the stored result commit in one
 * transaction. A retry that arrives while the first attempt is still running is answered 409
 * `IDEMPOTENCY.IN_PROGRESS` at once (a transaction-scoped advisory lock on the key tells): waiting
 * for it would hold a pooled connection per retry, and a burst of retries of one slow request
 * (a card payment) would drain the pool for everyone. A retry after the first attempt committed
 * gets the stored result; after it failed (rolled back), the retry simply runs. A different
 * request under the same key is refused (422).
 * The transaction runs as the context whose schema holds the keys, on its guard pool
 * (ContextDataSources.guardFor): the work either uses the manager it is handed or opens
 * transactions of its own on the context's connection while this one waits.
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly sources: ContextDataSources) {}

  async run<T>(
    req: IdempotentRequest,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<IdempotentResult<T>> {
    const dataSource = await this.sources.guardFor(req.schema);
    if (!req.key) return { result: await dataSource.transaction(work), replayed: false };
    const table = idempotencyTable(req.schema);
    const requestHash = createHash('sha256')
      .update(`${req.operation}\n${canonical(req.request)}`)
      .digest('hex');
    return dataSource.transaction(async (manager) => {
      // Held until this transaction ends, so exactly while the key's first attempt is in flight.
      const [{ free }] = await manager.query(
        'SELECT pg_try_advisory_xact_lock(hashtext($1), hashtext($2)) AS free',
        [`idempotency:${req.schema}`, `${req.userId}:${req.key}`],
      );
      if (!free) throw IdempotencyErrors.inProgress();
      const claimed = await manager.query(
        `INSERT INTO ${table} (user_id, key, request_hash) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, key) DO NOTHING RETURNING key`,
        [req.userId, req.key, requestHash],
      );
      if (claimed.length === 0) {
        const [stored] = await manager.query(
          `SELECT request_hash, response FROM ${table} WHERE user_id = $1 AND key = $2`,
          [req.userId, req.key],
        );
        if (stored.request_hash !== requestHash) throw IdempotencyErrors.keyReused();
        return { result: stored.response as T, replayed: true };
      }
      const result = await work(manager);
      await manager.query(`UPDATE ${table} SET response = $3 WHERE user_id = $1 AND key = $2`, [
        req.userId,
        req.key,
        JSON.stringify(result),
      ]);
      return { result, replayed: false };
    });
  }
}
