import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { GatewayRequestError } from './payment-gateway';

/**
 * The sandbox's storage: its objects (customers, payment methods, payment intents, as JSON) and
 * Stripe-style idempotency (the first answer under a key is stored and replayed; another request
 * under the same key is refused). Lives in payment.sandbox_*; nothing but the sandbox reads it.
 */
export class SandboxStore {
  constructor(private readonly dataSource: DataSource) {}

  idempotent<T>(key: string, operation: string, request: unknown, work: (m: EntityManager) => Promise<T>) {
    const hash = createHash('sha256')
      .update(`${operation}\n${JSON.stringify(request)}`)
      .digest('hex');
    return this.dataSource.transaction(async (m): Promise<T> => {
      const claimed = await m.query(
        `INSERT INTO payment.sandbox_requests (idempotency_key, request_hash) VALUES ($1, $2)
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key`,
        [key, hash],
      );
      if (claimed.length === 0) {
        const [stored] = await m.query(
          'SELECT request_hash, response FROM payment.sandbox_requests WHERE idempotency_key = $1',
          [key],
        );
        if (stored.request_hash !== hash)
          throw new GatewayRequestError(
            'idempotency_error',
            'Keys for idempotent requests can only be used with the same parameters they were first used with.',
          );
        return stored.response as T;
      }
      const result = await work(m);
      await m.query('UPDATE payment.sandbox_requests SET response = $2 WHERE idempotency_key = $1', [
        key,
        JSON.stringify(result ?? null),
      ]);
      return result;
    });
  }

  async load<T>(m: EntityManager, type: string, id: string, lock = false): Promise<T | null> {
    const [row] = await m.query(
      `SELECT data FROM payment.sandbox_objects WHERE id = $1 AND type = $2${lock ? ' FOR UPDATE' : ''}`,
      [id, type],
    );
    return (row?.data as T) ?? null;
  }

  async save(m: EntityManager, type: string, id: string, data: object): Promise<void> {
    await m.query(
      `INSERT INTO payment.sandbox_objects (id, type, data) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data, updated_at = now()`,
      [id, type, JSON.stringify(data)],
    );
  }
}
