import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Journal } from '../domain/ledger';

/**
 * Posts a journal about an intent's money outside the gateway-intent path (transfers to owners,
 * their bank payouts), in the caller's transaction. Keyed lines: posting the same journal twice
 * posts once; the database refuses a journal that does not balance, and any edit.
 */
@Injectable()
export class LedgerWriter {
  async post(
    manager: EntityManager,
    input: { intentId: string; journal: Journal; gatewayReference: string | null },
  ): Promise<void> {
    const { journal } = input;
    for (const line of journal.lines) {
      await manager.query(
        `INSERT INTO payment.ledger_entries (id, journal_key, journal_type, leg, account, amount, currency,
           intent_id, rental_id, subscription_id, payer_id, payee_id, gateway_reference)
         SELECT $1, $2, $3, $4, $5, $6, i.currency, i.id, i.rental_id, i.subscription_id, i.payer_id, i.payee_id, $7
         FROM payment.payment_intents i WHERE i.id = $8
         ON CONFLICT (journal_key, account) DO NOTHING`,
        [
          randomUUID(),
          journal.key,
          journal.type,
          journal.leg,
          line.account,
          line.amount,
          input.gatewayReference,
          input.intentId,
        ],
      );
    }
  }
}
