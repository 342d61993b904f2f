import type { EntityManager } from 'typeorm';

/**
 * The connection pool ends any transaction idle for 2 × the statement timeout (10 s by default).
 * Some transactions we are handed stay open, holding no row lock, while we call the payment
 * provider on other connections: the Idempotency-Key row's, the inbox row's, a job's advisory
 * lock's. Stripe may take longer than 10 s (timeouts and retries): allow this one transaction to
 * wait, without raising the limit anywhere else. The work itself is exactly-once either way.
 */
export async function allowSlowGatewayCalls(manager: EntityManager): Promise<void> {
  await manager.query(`SET LOCAL idle_in_transaction_session_timeout = '5min'`);
}
