import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  decodeKeysetCursor,
  encodeKeysetCursor,
  keysetTimestamp,
} from '../../../platform/http/keyset-cursor';
import { PaymentErrors } from '../domain/payment.errors';
import type { PayoutStatus } from '../domain/payout-plan';
import { PayoutEntity } from '../persistence/payout.entity';
import type { PayoutWait } from './owner-payouts';
import { OwnerPayouts } from './owner-payouts';

const CURSOR_VERSION = 'payouts1';

export interface PayoutView {
  id: string;
  rentalId: string;
  status: PayoutStatus;
  amount: number;
  currency: string;
  releaseAfter: Date;
  waitingFor: PayoutWait | null;
  transferredAt: Date | null;
  paidOutAt: Date | null;
  createdAt: Date;
}

export interface RentalBreakdownView {
  rentalId: string;
  role: 'owner' | 'renter';
  currency: string;
  subtotal: number;
  platformFee: number;
  total: number;
  deposit: number;
  captured: number;
  refunded: number;
  /** What the owner receives: the subtotal less what was refunded out of it. */
  ownerShare: number;
  paymentStatus: string;
  /** The owner's payout; only the owner sees it. */
  payout: PayoutView | null;
}

/** Owners' payouts and each rental's money, as its owner (or renter) may see them. */
@Injectable()
export class PayoutQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly payouts: OwnerPayouts,
  ) {}

  /** The caller's payouts, newest first; keyset pages on (createdAt, id). */
  async list(ownerId: string, cursor: string | undefined, limit: number, now = new Date()) {
    const position = cursor === undefined ? null : decodeKeysetCursor(CURSOR_VERSION, cursor);
    if (cursor !== undefined && position === null) throw PaymentErrors.invalidCursor();
    const rows: { id: string; at: string }[] = await this.dataSource.query(
      `SELECT id, ${keysetTimestamp('created_at')} AS at FROM payment.payouts
       WHERE owner_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $4`,
      [ownerId, position?.at ?? null, position?.id ?? null, limit + 1],
    );
    const page = rows.slice(0, limit);
    const entities = await this.dataSource
      .getRepository(PayoutEntity)
      .findBy(page.map((r) => ({ id: r.id })));
    const byId = new Map(entities.map((e) => [e.id, e]));
    const items: PayoutView[] = [];
    for (const row of page) items.push(await this.view(byId.get(row.id)!, now));
    const last = page.at(-1);
    return {
      items,
      nextCursor:
        rows.length > limit && last ? encodeKeysetCursor(CURSOR_VERSION, { at: last.at, id: last.id }) : null,
    };
  }

  /** 404 for anyone but the rental's renter (payer) and owner (payee). */
  async breakdown(userId: string, rentalId: string, now = new Date()): Promise<RentalBreakdownView> {
    const [intent] = await this.dataSource.query(
      `SELECT i.id, i.payer_id, i.payee_id, i.currency, i.charge_amount, i.deposit_amount, i.platform_fee,
              i.payee_amount, i.status,
              coalesce(sum(l.amount_captured) FILTER (WHERE l.kind = 'charge'), 0)::int AS captured,
              coalesce(sum(l.amount_refunded) FILTER (WHERE l.kind = 'charge'), 0)::int AS refunded
       FROM payment.payment_intents i LEFT JOIN payment.payment_legs l ON l.intent_id = i.id
       WHERE i.rental_id = $1 AND i.purpose = 'rental' AND (i.payer_id = $2 OR i.payee_id = $2)
       GROUP BY i.id`,
      [rentalId, userId],
    );
    if (!intent) throw PaymentErrors.rentalBreakdownNotFound();
    const role = intent.payee_id === userId ? 'owner' : 'renter';
    const payout =
      role === 'owner'
        ? await this.dataSource.getRepository(PayoutEntity).findOneBy({ rentalId, leg: 'charge' })
        : null;
    const fromOwner = Math.max(0, Math.min(intent.refunded, intent.payee_amount));
    return {
      rentalId,
      role,
      currency: intent.currency,
      subtotal: intent.payee_amount,
      platformFee: intent.platform_fee,
      total: intent.charge_amount,
      deposit: intent.deposit_amount,
      captured: intent.captured,
      refunded: intent.refunded,
      ownerShare: intent.captured > 0 ? intent.payee_amount - fromOwner : 0,
      paymentStatus: intent.status,
      payout: payout ? await this.view(payout, now) : null,
    };
  }

  private async view(payout: PayoutEntity, now: Date): Promise<PayoutView> {
    return {
      id: payout.id,
      rentalId: payout.rentalId,
      status: payout.status,
      amount: payout.amount,
      currency: payout.currency,
      releaseAfter: payout.releaseAfter,
      waitingFor: await this.payouts.waitOf(this.dataSource.manager, payout, now),
      transferredAt: payout.transferredAt,
      paidOutAt: payout.paidOutAt,
      createdAt: payout.createdAt,
    };
  }
}
