import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import { Outbox } from '../../../platform/events/outbox';
import { PayoutSent } from '../contracts/payment.events';
import type { ReleaseDecision } from '../domain/payout-plan';
import {
  decideRelease,
  paidOutJournal,
  transferGroupOf,
  transferJournal,
  transferKey,
} from '../domain/payout-plan';
import { PayoutEntity } from '../persistence/payout.entity';
import { GatewayRequestError, PaymentGateway } from './gateway/payment-gateway';
import { SCHEMA } from './intent-recorder';
import { LedgerWriter } from './ledger-writer';
import { PaymentSettings } from './payment-settings';

const LEASE_SECONDS = 120;
const HOUR_MS = 3_600_000;

/** What a pending payout waits for, as the owner is told (GET /payment/payouts). */
export type PayoutWait = Extract<ReleaseDecision, { kind: 'wait' }>['for'];

/**
 * Releases owners' shares: a payout row is scheduled when the rental completes, and released
 * PAYOUT_DELAY_HOURS later by the payout job, exactly once, the way the reconciler moves money:
 * 1. claim it in a short transaction (row lock): the release rule is checked, the amount fixed
 *    from the ledger, status `transferring` with a lease, committed before the call;
 * 2. call the gateway with the key derived from the rental and step (a crash or a lost answer
 *    retries with the same key, and the gateway answers with the first transfer);
 * 3. record the transfer in its own transaction: status, the balanced transfer journal and
 *    PayoutSent, together.
 * A racing caller finds the row locked, then leased, and leaves; the unique (rental, leg) index
 * means a second completion schedules nothing.
 */
@Injectable()
export class OwnerPayouts {
  private readonly logger = new Logger(OwnerPayouts.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly gateway: PaymentGateway,
    private readonly ledger: LedgerWriter,
    private readonly outbox: Outbox,
    private readonly settings: PaymentSettings,
  ) {}

  /** The owner's share of a completed rental, due PAYOUT_DELAY_HOURS after `completedAt`. Idempotent. */
  async schedule(manager: EntityManager, rentalId: string, completedAt: Date): Promise<void> {
    const [intent] = await manager.query(
      `SELECT id, payee_id, currency, payee_amount FROM payment.payment_intents
       WHERE rental_id = $1 AND purpose = 'rental'`,
      [rentalId],
    );
    if (!intent?.payee_id) return; // no payment was ever opened for it: nothing is owed
    await manager.query(
      `INSERT INTO payment.payouts (id, rental_id, intent_id, leg, owner_id, currency, amount, release_after)
       VALUES ($1, $2, $3, 'charge', $4, $5, $6, $7) ON CONFLICT (rental_id, leg) DO NOTHING`,
      [
        randomUUID(),
        rentalId,
        intent.id,
        intent.payee_id,
        intent.currency,
        intent.payee_amount,
        new Date(completedAt.getTime() + this.settings.PAYOUT_DELAY_HOURS * HOUR_MS),
      ],
    );
  }

  /** Every payout whose time has come (or whose transfer was left half-way), oldest first. */
  async releaseDue(now: Date, limit = 100): Promise<number> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT p.id FROM payment.payouts p
       WHERE p.release_after <= $1
         AND (p.status = 'pending' OR (p.status = 'transferring' AND p.lease_until < now()))
         AND NOT EXISTS (SELECT 1 FROM payment.payout_holds h WHERE h.rental_id = p.rental_id AND h.lifted_at IS NULL)
       ORDER BY p.release_after LIMIT $2`,
      [now, limit],
    );
    let sent = 0;
    for (const { id } of rows) {
      try {
        if (await this.release(id, now)) sent += 1;
      } catch (error) {
        this.logger.warn(`payout ${id} not released: ${error instanceof Error ? error.message : error}`);
      }
    }
    return sent;
  }

  /** Releases one payout if the rule allows it now; true when this call made the transfer. */
  async release(payoutId: string, now: Date): Promise<boolean> {
    const claimed = await this.claim(payoutId, now);
    if (!claimed) return false;
    let transfer;
    try {
      transfer = await this.gateway.createTransfer({
        amount: claimed.amount,
        currency: claimed.currency,
        destination: claimed.gatewayAccountId!,
        transferGroup: transferGroupOf(claimed.rentalId),
        description: `Your share of rental ${claimed.rentalId}`,
        metadata: { rentalId: claimed.rentalId, payoutId: claimed.id, leg: claimed.leg },
        idempotencyKey: transferKey(claimed.rentalId, claimed.leg, claimed.refusals),
      });
    } catch (error) {
      // Unavailable: the lease runs out and the next run retries with the same key.
      if (error instanceof GatewayRequestError)
        await this.refused(payoutId, `${error.code}: ${error.message}`);
      throw error;
    }
    return this.dataSource.transaction(async (manager) => {
      const payout = await this.lock(manager, payoutId);
      if (!payout || payout.status !== 'transferring') return false;
      Object.assign(payout, {
        status: 'transferred',
        gatewayTransferId: transfer.id,
        transferredAt: new Date(),
        leaseUntil: null,
        lastError: null,
      });
      await manager.getRepository(PayoutEntity).save(payout);
      await this.ledger.post(manager, {
        intentId: payout.intentId,
        journal: transferJournal(payout.id, payout.leg, payout.amount),
        gatewayReference: transfer.id,
      });
      await this.outbox.publish(
        manager,
        SCHEMA,
        PayoutSent.create({
          payoutId: payout.id,
          rentalId: payout.rentalId,
          ownerId: payout.ownerId,
          amount: payout.amount,
          currency: payout.currency,
          sentAt: payout.transferredAt!.toISOString(),
        }),
      );
      return true;
    });
  }

  /**
   * A connected account paid out to its bank (`payout.paid`): the transfers it had received by then
   * are paid out. Stripe pays out an account's available balance, so a payout covers the transfers
   * made before it; each is marked once, with its paid-out journal.
   */
  async markPaidOut(
    manager: EntityManager,
    input: { gatewayAccountId: string; gatewayPayoutId: string; createdAt: Date },
  ): Promise<number> {
    const payouts = await manager
      .getRepository(PayoutEntity)
      .createQueryBuilder('p')
      .setLock('pessimistic_write')
      .where('p.gateway_account_id = :account AND p.status = :status AND p.transferred_at <= :at', {
        account: input.gatewayAccountId,
        status: 'transferred',
        at: input.createdAt,
      })
      .getMany();
    for (const payout of payouts) {
      Object.assign(payout, {
        status: 'paid_out',
        gatewayPayoutId: input.gatewayPayoutId,
        paidOutAt: new Date(),
      });
      await manager.getRepository(PayoutEntity).save(payout);
      await this.ledger.post(manager, {
        intentId: payout.intentId,
        journal: paidOutJournal(payout.id, payout.leg, payout.amount),
        gatewayReference: input.gatewayPayoutId,
      });
    }
    return payouts.length;
  }

  /** What a pending payout waits for now, for the owner's view. */
  async waitOf(manager: EntityManager, payout: PayoutEntity, now: Date): Promise<PayoutWait | null> {
    if (payout.status !== 'pending') return null;
    const decision = await this.decide(manager, payout, now);
    return decision.kind === 'wait' ? decision.for : null;
  }

  private claim(payoutId: string, now: Date): Promise<PayoutEntity | null> {
    return this.dataSource.transaction(async (manager) => {
      const payout = await this.lock(manager, payoutId);
      if (!payout) return null;
      if (payout.status === 'transferring') {
        // Someone is making this transfer right now; after the lease, resume it as it was.
        if (payout.leaseUntil && payout.leaseUntil.getTime() > Date.now()) return null;
      } else if (payout.status === 'pending') {
        const decision = await this.decide(manager, payout, now);
        if (decision.kind === 'nothing_owed') {
          await manager.getRepository(PayoutEntity).save({ ...payout, status: 'cancelled', amount: 0 });
          return null;
        }
        if (decision.kind !== 'release') return null;
        const [account] = await manager.query(
          'SELECT gateway_account_id FROM payment.connected_accounts WHERE user_id = $1',
          [payout.ownerId],
        );
        payout.amount = decision.amount;
        payout.gatewayAccountId = account.gateway_account_id;
      } else {
        return null;
      }
      payout.status = 'transferring';
      payout.leaseUntil = new Date(Date.now() + LEASE_SECONDS * 1000);
      return manager.getRepository(PayoutEntity).save(payout);
    });
  }

  private async decide(manager: EntityManager, payout: PayoutEntity, now: Date): Promise<ReleaseDecision> {
    const [facts] = await manager.query(
      `SELECT
         (SELECT count(*)::int FROM payment.payout_holds WHERE rental_id = $1 AND lifted_at IS NULL) AS holds,
         (SELECT coalesce(sum(amount), 0)::int FROM payment.ledger_entries
           WHERE intent_id = $2 AND leg = $3 AND account = 'owner_payable') AS owed,
         (SELECT needs_reconcile FROM payment.payment_intents WHERE id = $2) AS in_flight,
         (SELECT payouts_enabled FROM payment.connected_accounts WHERE user_id = $4) AS can_receive`,
      [payout.rentalId, payout.intentId, payout.leg, payout.ownerId],
    );
    return decideRelease({
      now,
      releaseAfter: payout.releaseAfter,
      openHolds: facts.holds,
      owed: facts.owed,
      moneyInFlight: facts.in_flight === true,
      ownerCanReceivePayouts: facts.can_receive === true,
    });
  }

  private async refused(payoutId: string, error: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const payout = await this.lock(manager, payoutId);
      if (!payout || payout.status !== 'transferring') return;
      Object.assign(payout, {
        status: 'pending',
        refusals: payout.refusals + 1,
        leaseUntil: null,
        lastError: error.slice(0, 500),
      });
      await manager.getRepository(PayoutEntity).save(payout);
    });
  }

  private lock(manager: EntityManager, id: string): Promise<PayoutEntity | null> {
    return manager
      .getRepository(PayoutEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }
}
