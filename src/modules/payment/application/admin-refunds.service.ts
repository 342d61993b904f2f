import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import { AuditTrail } from '../../../platform/audit/audit-trail';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { PaymentErrors } from '../domain/payment.errors';
import { refundAmount, RefundErrors } from '../domain/refund';
import { MAX_REFUNDS_PER_INTENT, RefundEntity } from '../persistence/refund.entity';
import { GatewayRequestError, GatewayUnavailableError, PaymentGateway } from './gateway/payment-gateway';
import { IntentRecorder } from './intent-recorder';
import { PayoutHolds } from './payout-holds';

/** A pending refund younger than this may still be in its first request's hands. */
const RESUME_AFTER_MS = 60_000;

export interface RefundView {
  id: string;
  intentId: string;
  amount: number;
  currency: string;
  reason: string;
  status: string;
  gatewayRefundId: string | null;
  requestedBy: string;
  createdAt: Date;
  completedAt: Date | null;
}

/**
 * Admin refunds of a captured charge, exactly once, the way the reconciler moves money:
 * 1. reserve (one transaction, locks in the house order: the rental's payouts, then the intent):
 *    the amount is checked against what was captured less what was refunded or is being refunded,
 *    the refund row is written `pending`, and a payout hold keeps the owner's share from leaving
 *    while the refund is at the gateway; committed before the call;
 * 2. call the gateway with the key `refund-<row id>`: a retry after a lost answer refunds once;
 * 3. record (one transaction): the leg's refunded total, its balanced `refund` journal (out of the
 *    owner's unpaid share first, then the fee, as cancellation refunds), the row, the audit entry,
 *    and the hold lifted.
 * Racing refunds serialize on the intent's row lock at step 1, so together they never exceed what
 * was captured.
 */
@Injectable()
export class AdminRefundsService {
  private readonly logger = new Logger(AdminRefundsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly gateway: PaymentGateway,
    private readonly recorder: IntentRecorder,
    private readonly holds: PayoutHolds,
    private readonly audit: AuditTrail,
  ) {}

  async refund(
    admin: AuthUser,
    intentId: string,
    input: { amount: number | null; reason: string },
  ): Promise<RefundView> {
    const reserved = await this.reserve(admin, intentId, input);
    return this.send(admin, reserved.refund, reserved.gatewayIntentId);
  }

  /**
   * Refunds left `pending` (Stripe unreachable, a crash after the reservation) are sent again by the
   * payment.reconcile-intents job with the same key, so Stripe refunds each once, and recorded.
   */
  async resumePending(now: Date, limit = 20): Promise<number> {
    const pending = await this.dataSource
      .getRepository(RefundEntity)
      .createQueryBuilder('r')
      .where(`r.status = 'pending' AND r.created_at < :before`, {
        before: new Date(now.getTime() - RESUME_AFTER_MS),
      })
      .orderBy('r.created_at')
      .limit(limit)
      .getMany();
    for (const refund of pending) {
      const [leg] = await this.dataSource.query(
        `SELECT gateway_intent_id FROM payment.payment_legs WHERE intent_id = $1 AND kind = 'charge'`,
        [refund.intentId],
      );
      await this.send({ id: refund.requestedBy, role: 'admin' }, refund, leg.gateway_intent_id).catch(
        (error: unknown) =>
          this.logger.warn(
            `refund ${refund.id} still pending: ${error instanceof Error ? error.message : error}`,
          ),
      );
    }
    return pending.length;
  }

  private async send(admin: AuthUser, refund: RefundEntity, gatewayIntentId: string): Promise<RefundView> {
    let gatewayRefund;
    try {
      gatewayRefund = await this.gateway.refundPaymentIntent(gatewayIntentId, {
        amount: refund.amount,
        idempotencyKey: `refund-${refund.id}`,
      });
      if (gatewayRefund.status === 'failed' || gatewayRefund.status === 'canceled')
        throw new GatewayRequestError('refund_failed', `refund ${gatewayRefund.id} ${gatewayRefund.status}`);
    } catch (error) {
      if (error instanceof GatewayRequestError) {
        await this.fail(refund, `${error.code}: ${error.message}`);
        throw PaymentErrors.gatewayRefused(error.message);
      }
      // Unreachable: the row stays pending (the payout held) and the reconcile job sends it again.
      if (error instanceof GatewayUnavailableError) throw PaymentErrors.gatewayUnavailable(error.message);
      throw error;
    }
    return this.record(admin, refund, gatewayRefund.id);
  }

  async list(intentId: string): Promise<RefundView[]> {
    const exists = await this.dataSource.query('SELECT 1 FROM payment.payment_intents WHERE id = $1', [
      intentId,
    ]);
    if (exists.length === 0) throw PaymentErrors.paymentIntentNotFound();
    const rows = await this.dataSource
      .getRepository(RefundEntity)
      .find({ where: { intentId }, order: { createdAt: 'ASC' } });
    return rows.map(toRefundView);
  }

  private reserve(admin: AuthUser, intentId: string, input: { amount: number | null; reason: string }) {
    return this.dataSource.transaction(async (manager) => {
      const [known] = await manager.query('SELECT rental_id FROM payment.payment_intents WHERE id = $1', [
        intentId,
      ]);
      if (!known) throw PaymentErrors.paymentIntentNotFound();
      const rentalId: string | null = known.rental_id;
      const payouts: { leg: string; status: string }[] = rentalId
        ? await manager.query(
            'SELECT leg, status FROM payment.payouts WHERE rental_id = $1 ORDER BY leg FOR UPDATE',
            [rentalId],
          )
        : [];
      const locked = (await this.recorder.lock(manager, intentId))!;
      const charge = locked.legs.find((l) => l.kind === 'charge')!;
      const [{ pending, made }] = await manager.query(
        `SELECT coalesce(sum(amount) FILTER (WHERE status = 'pending'), 0)::int AS pending, count(*)::int AS made
         FROM payment.refunds WHERE intent_id = $1`,
        [intentId],
      );
      if (made >= MAX_REFUNDS_PER_INTENT) throw RefundErrors.tooMany(MAX_REFUNDS_PER_INTENT);
      const amount = refundAmount(
        {
          chargeStatus: charge.gatewayStatus,
          captured: charge.amountCaptured,
          refundedOrPending: charge.amountRefunded + pending,
          payoutStatus: payouts.find((p) => p.leg === 'charge')?.status ?? null,
          settling: locked.intent.needsReconcile,
        },
        input.amount,
      );
      const refund = manager.getRepository(RefundEntity).create({
        id: randomUUID(),
        intentId,
        leg: 'charge',
        amount,
        currency: locked.intent.currency,
        reason: input.reason,
        status: 'pending',
        gatewayRefundId: null,
        journalKey: null,
        error: null,
        requestedBy: admin.id,
        completedAt: null,
      });
      await manager.getRepository(RefundEntity).insert(refund);
      if (rentalId) await this.holds.place(manager, { rentalId, reason: 'refund', reference: refund.id });
      return { refund, gatewayIntentId: charge.gatewayIntentId!, rentalId };
    });
  }

  private record(admin: AuthUser, reserved: RefundEntity, gatewayRefundId: string): Promise<RefundView> {
    return this.dataSource.transaction(async (manager) => {
      const rentalId = await this.lockPayouts(manager, reserved.intentId);
      const locked = (await this.recorder.lock(manager, reserved.intentId))!;
      const refund = await manager
        .getRepository(RefundEntity)
        .findOneOrFail({ where: { id: reserved.id }, lock: { mode: 'pessimistic_write' } });
      if (refund.status !== 'pending') return toRefundView(refund);
      const charge = locked.legs.find((l) => l.kind === 'charge')!;
      const total = charge.amountRefunded + refund.amount;
      await this.recorder.apply(manager, locked, { kind: 'refunded', leg: 'charge', total });
      Object.assign(refund, {
        status: 'succeeded',
        gatewayRefundId,
        journalKey: `${charge.gatewayIntentId}:refunded-${total}`,
        completedAt: new Date(),
      });
      await manager.getRepository(RefundEntity).save(refund);
      if (rentalId) await this.holds.lift(manager, { rentalId, reason: 'refund', reference: refund.id });
      await this.audit.record(manager, {
        actor: admin,
        action: 'payment.refund_created',
        target: { type: 'payment_intent', id: refund.intentId },
        details: {
          refundId: refund.id,
          amount: refund.amount,
          currency: refund.currency,
          reason: refund.reason,
        },
      });
      return toRefundView(refund);
    });
  }

  private async fail(reserved: RefundEntity, error: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const rentalId = await this.lockPayouts(manager, reserved.intentId);
      await manager.query(
        `UPDATE payment.refunds SET status = 'failed', error = $2, completed_at = now() WHERE id = $1 AND status = 'pending'`,
        [reserved.id, error.slice(0, 500)],
      );
      if (rentalId) await this.holds.lift(manager, { rentalId, reason: 'refund', reference: reserved.id });
    });
  }

  private async lockPayouts(manager: EntityManager, intentId: string): Promise<string | null> {
    const [row] = await manager.query('SELECT rental_id FROM payment.payment_intents WHERE id = $1', [
      intentId,
    ]);
    if (row?.rental_id)
      await manager.query('SELECT id FROM payment.payouts WHERE rental_id = $1 ORDER BY leg FOR UPDATE', [
        row.rental_id,
      ]);
    return row?.rental_id ?? null;
  }
}

export function toRefundView(r: RefundEntity): RefundView {
  return {
    id: r.id,
    intentId: r.intentId,
    amount: r.amount,
    currency: r.currency,
    reason: r.reason,
    status: r.status,
    gatewayRefundId: r.gatewayRefundId,
    requestedBy: r.requestedBy,
    createdAt: r.createdAt,
    completedAt: r.completedAt,
  };
}
