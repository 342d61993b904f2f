import type { EntityManager } from 'typeorm';

/**
 * The pool ends transactions idle for 2 × the statement timeout (10 s by default). The
 * Idempotency-Key row's transaction and the renewal job's (its advisory lock) stay open while
 * payment calls the provider on other connections, which may take longer: allow this one
 * transaction to wait. (Same helper as payment's; a platform home for it is suggested to the lead.)
 */
export async function allowSlowPaymentCalls(manager: EntityManager): Promise<void> {
  await manager.query(`SET LOCAL idle_in_transaction_session_timeout = '5min'`);
}
