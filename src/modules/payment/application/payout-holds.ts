import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { PayoutHoldReason } from '../domain/payout-plan';

export interface HoldPlaced {
  /** The payout's status when the hold took effect: `pending` means nothing left; otherwise a reversal is needed. */
  payoutStatus: string | null;
}

/**
 * The seam claims and disputes use to keep an owner's share back: a hold on the rental, checked by
 * the payout job under the payout's row lock. Placing one locks the payout row first, so a hold
 * and a release never interleave: either the hold is in place before the release is decided, or
 * the caller learns the money already left (and asks for a transfer reversal).
 */
@Injectable()
export class PayoutHolds {
  /** Idempotent per (rental, reason, reference); re-placing a lifted hold opens it again. */
  async place(
    manager: EntityManager,
    input: { rentalId: string; reason: PayoutHoldReason; reference: string },
  ): Promise<HoldPlaced> {
    const [payout] = await manager.query(
      `SELECT status FROM payment.payouts WHERE rental_id = $1 AND leg = 'charge' FOR UPDATE`,
      [input.rentalId],
    );
    await manager.query(
      `INSERT INTO payment.payout_holds (id, rental_id, reason, reference) VALUES ($1, $2, $3, $4)
       ON CONFLICT (rental_id, reason, reference) DO UPDATE SET lifted_at = NULL, placed_at = now()`,
      [randomUUID(), input.rentalId, input.reason, input.reference],
    );
    return { payoutStatus: payout?.status ?? null };
  }

  async lift(
    manager: EntityManager,
    input: { rentalId: string; reason: PayoutHoldReason; reference: string },
  ): Promise<void> {
    await manager.query(
      `UPDATE payment.payout_holds SET lifted_at = now()
       WHERE rental_id = $1 AND reason = $2 AND reference = $3 AND lifted_at IS NULL`,
      [input.rentalId, input.reason, input.reference],
    );
  }
}
