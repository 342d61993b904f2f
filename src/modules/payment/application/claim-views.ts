import type { EntityManager } from 'typeorm';
import type { ClaimStatus } from '../domain/claim';
import { ClaimErrors } from '../domain/claim';
import { ClaimEntity } from '../persistence/claim.entity';
import { ClaimStatusChangeEntity } from '../persistence/claim-status-change.entity';

export interface ClaimView {
  id: string;
  rentalId: string;
  intentId: string;
  ownerId: string;
  renterId: string;
  amount: number;
  currency: string;
  description: string;
  photos: string[];
  status: ClaimStatus;
  awarded: number | null;
  filedAt: Date;
  settledAt: Date | null;
}

export interface ClaimDetailView extends ClaimView {
  history: {
    status: ClaimStatus;
    actorRole: string;
    amount: number | null;
    note: string | null;
    recordedAt: Date;
  }[];
  /** Where the deposit stands at the gateway: held, captured (part of it), released. */
  depositStatus: 'held' | 'captured' | 'released' | 'pending';
  depositCaptured: number;
}

export function toClaimView(c: ClaimEntity): ClaimView {
  return {
    id: c.id,
    rentalId: c.rentalId,
    intentId: c.intentId,
    ownerId: c.ownerId,
    renterId: c.renterId,
    amount: c.amount,
    currency: c.currency,
    description: c.description,
    photos: c.photos,
    status: c.status,
    awarded: c.awarded,
    filedAt: c.filedAt,
    settledAt: c.settledAt,
  };
}

/** One claim with its history and its deposit's state; a missing one is a 404. */
export async function claimDetail(manager: EntityManager, claimId: string): Promise<ClaimDetailView> {
  const claim = await manager.getRepository(ClaimEntity).findOneBy({ id: claimId });
  if (!claim) throw ClaimErrors.notFound();
  const history = await manager
    .getRepository(ClaimStatusChangeEntity)
    .find({ where: { claimId }, order: { recordedAt: 'ASC' } });
  const [leg] = await manager.query(
    `SELECT gateway_status, amount_captured FROM payment.payment_legs WHERE intent_id = $1 AND kind = 'deposit'`,
    [claim.intentId],
  );
  const status: string = leg?.gateway_status ?? 'none';
  return {
    ...toClaimView(claim),
    history: history.map((h) => ({
      status: h.status,
      actorRole: h.actorRole,
      amount: h.amount,
      note: h.note,
      recordedAt: h.recordedAt,
    })),
    depositStatus:
      status === 'requires_capture'
        ? 'held'
        : status === 'succeeded'
          ? 'captured'
          : status === 'canceled'
            ? 'released'
            : 'pending',
    depositCaptured: leg?.amount_captured ?? 0,
  };
}
