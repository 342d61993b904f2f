import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ErasureBlocker } from '../../../platform/privacy/personal-data';
import { PersonalDataRegistry } from '../../../platform/privacy/personal-data';

/**
 * Money stops an erasure while it is not settled, on either side of a payment:
 * - held: an authorization still on the payer's card (a charge or deposit neither captured nor
 *   released yet);
 * - moving: a gateway call not yet answered (a capture, release or refund), a leg still
 *   processing, or an intent waiting for reconciliation with the gateway;
 * - owed: the owner's payout of a rental not completed yet (captured, but a cancellation could
 *   still refund it). A completed rental's payout is the platform's debt to the owner and stays in
 *   the ledger under their id: no payout records exist yet to tell paid from unpaid, and when they
 *   do, unpaid ones belong here.
 * - disputed: a card dispute on one of their payments (as payer or payee) still open: its outcome
 *   moves money on their side.
 * - claimed: a damage claim on a rental of theirs (as owner or renter) still open or disputed: its
 *   settlement captures or releases the deposit.
 */
@Injectable()
export class PaymentErasureBlockers implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: PersonalDataRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.registerErasureBlockers('payment', (userId) => this.blockersOf(userId));
  }

  async blockersOf(userId: string): Promise<ErasureBlocker[]> {
    const [counts]: { held: number; moving: number; owed: number }[] = await this.dataSource.query(
      `WITH mine AS (
         SELECT id, payee_id, purpose, stage, needs_reconcile FROM payment.payment_intents
         WHERE payer_id = $1 OR payee_id = $1)
       SELECT
         (SELECT count(*) FROM mine i WHERE EXISTS (SELECT 1 FROM payment.payment_legs l
            WHERE l.intent_id = i.id AND l.gateway_status = 'requires_capture'))::int AS held,
         (SELECT count(*) FROM mine i WHERE i.needs_reconcile
            OR EXISTS (SELECT 1 FROM payment.payment_legs l
              WHERE l.intent_id = i.id AND l.gateway_status = 'processing')
            OR EXISTS (SELECT 1 FROM payment.gateway_operations o
              WHERE o.intent_id = i.id AND o.status = 'pending'))::int AS moving,
         (SELECT count(*) FROM mine i WHERE i.payee_id = $1 AND i.purpose = 'rental'
            AND i.stage IN ('accepted', 'active', 'returned')
            AND (SELECT coalesce(sum(e.amount), 0) FROM payment.ledger_entries e
              WHERE e.intent_id = i.id AND e.account = 'owner_payable') > 0)::int AS owed`,
      [userId],
    );
    const blockers: ErasureBlocker[] = [];
    const payments = (n: number, one: string, many: string) =>
      `${n} ${n === 1 ? `payment ${one}` : `payments ${many}`}`;
    if (counts.held > 0)
      blockers.push({
        code: 'PAYMENT.MONEY_HELD',
        count: counts.held,
        detail: `${payments(counts.held, 'still holds', 'still hold')} money on a card`,
      });
    if (counts.moving > 0)
      blockers.push({
        code: 'PAYMENT.MONEY_MOVING',
        count: counts.moving,
        detail: `${payments(counts.moving, 'is', 'are')} still being processed`,
      });
    if (counts.owed > 0)
      blockers.push({
        code: 'PAYMENT.PAYOUT_PENDING',
        count: counts.owed,
        detail: `${payments(counts.owed, 'owed to you belongs', 'owed to you belong')} to rentals not completed yet`,
      });
    const [{ disputed }] = await this.dataSource.query(
      `SELECT count(*)::int AS disputed FROM payment.disputes
       WHERE (payer_id = $1 OR payee_id = $1) AND closed_at IS NULL`,
      [userId],
    );
    if (disputed > 0)
      blockers.push({
        code: 'PAYMENT.DISPUTE_OPEN',
        count: disputed,
        detail: `${payments(disputed, 'is', 'are')} disputed with a bank and not settled yet`,
      });
    const [{ claimed }] = await this.dataSource.query(
      `SELECT count(*)::int AS claimed FROM payment.claims
       WHERE (owner_id = $1 OR renter_id = $1) AND status IN ('open', 'disputed')`,
      [userId],
    );
    if (claimed > 0)
      blockers.push({
        code: 'PAYMENT.CLAIM_OPEN',
        count: claimed,
        detail: `${claimed} damage ${claimed === 1 ? 'claim is' : 'claims are'} open on a rental's deposit`,
      });
    return blockers;
  }
}
