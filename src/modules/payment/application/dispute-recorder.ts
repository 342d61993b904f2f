import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import type { EntityManager } from 'typeorm';
import { Outbox } from '../../../platform/events/outbox';
import { DisputeClosed, DisputeOpened } from '../contracts/dispute.events';
import type { DisputeStatus, LostDisputeSplit } from '../domain/dispute';
import {
  acceptsDisputeStatus,
  disputeJournals,
  fundsWithdrawn,
  isDisputeClosed,
  isDisputeStatus,
  lostDisputeSplit,
  outcomeOf,
} from '../domain/dispute';
import type { LegKind } from '../domain/payment-intent';
import { DisputeEntity } from '../persistence/dispute.entity';
import type { PaymentIntentEntity } from '../persistence/payment-intent.entity';
import type { DisputeStatusSource } from '../persistence/dispute-status-change.entity';
import type { GatewayDispute } from './gateway/payment-gateway';
import { isWholeDispute, toGatewayDispute } from './gateway/stripe-dispute-objects';
import { IntentRecorder, SCHEMA } from './intent-recorder';
import { LedgerWriter } from './ledger-writer';
import { PayoutHolds } from './payout-holds';

export interface DisputeTarget {
  intentId: string;
  leg: LegKind;
  rentalId: string | null;
}

export interface DisputeObservedBy {
  via: DisputeStatusSource;
  /** The Stripe event that told us (webhooks). */
  eventId?: string;
  /** The admin whose evidence moved it (gateway answers to evidence). */
  actorId?: string;
}

/**
 * Writes what the gateway says of a dispute into our records, in the caller's transaction, the way
 * IntentRecorder does for payments: forward-only status (a late or repeated event changes nothing),
 * one history row per status, keyed ledger journals (posted once however often it is observed), the
 * owner's payout held while it is open and released when it closes, and DisputeOpened/DisputeClosed.
 *
 * Locks, always in this order (lockFor): the rental's payouts, the payment intent, the dispute —
 * the payouts first because a payout's release holds its row while its ledger journal's foreign key
 * takes a share lock on the intent. Racing deliveries of one dispute's events therefore apply one
 * after the other, and a payout release either happens before the hold is in place — the money
 * left, and the policy says what a loss then costs — or after it, and waits for the dispute.
 */
@Injectable()
export class DisputeRecorder {
  private readonly logger = new Logger(DisputeRecorder.name);

  constructor(
    private readonly intents: IntentRecorder,
    private readonly ledger: LedgerWriter,
    private readonly holds: PayoutHolds,
    private readonly outbox: Outbox,
  ) {}

  /** A `charge.dispute.*` webhook: true when it changed anything of ours. */
  async applyWebhook(manager: EntityManager, event: Stripe.Event): Promise<boolean> {
    if (!isWholeDispute(event.data.object)) {
      this.logger.warn(`webhook ${event.id} (${event.type}) carries no whole Dispute: ignored`);
      return false;
    }
    const changed = await this.apply(manager, toGatewayDispute(event.data.object), {
      via: 'webhook',
      eventId: event.id,
    });
    return changed !== null;
  }

  /**
   * Records the observed dispute. Null when it is not ours (no leg of ours has its payment intent),
   * its status is unknown, or it changes nothing; otherwise our dispute's id.
   */
  async apply(
    manager: EntityManager,
    observed: GatewayDispute,
    by: DisputeObservedBy,
  ): Promise<string | null> {
    if (!isDisputeStatus(observed.status)) {
      this.logger.warn(`dispute ${observed.id} has a status we do not know (${observed.status}): ignored`);
      return null;
    }
    const target = await this.targetOf(manager, observed);
    if (!target) return null;
    const locked = await this.lockFor(manager, target, observed.id);
    if (!locked) return null;
    const { intent, existing } = locked;
    const repo = manager.getRepository(DisputeEntity);
    const before: DisputeStatus | null = existing?.status ?? null;
    if (!acceptsDisputeStatus(before, observed.status)) return null;

    const dispute =
      existing ??
      repo.create({
        id: randomUUID(),
        gatewayDisputeId: observed.id,
        intentId: intent.id,
        leg: target.leg,
        rentalId: intent.rentalId,
        payerId: intent.payerId,
        payeeId: intent.payeeId,
        // The amount is fixed when first seen: every journal of the dispute uses it.
        amount: observed.amount,
        currency: intent.currency,
        reason: observed.reason.slice(0, 64),
        evidenceSubmissions: 0,
        ownerDebited: null,
        platformDebited: null,
        openedAt: observed.createdAt,
        closedAt: null,
      });
    const status = observed.status;
    const closed = isDisputeClosed(status);
    let split: LostDisputeSplit | null = null;
    let payoutHeld = false;
    if (dispute.rentalId) {
      if (!closed)
        await this.holds.place(manager, {
          rentalId: dispute.rentalId,
          reason: 'dispute',
          reference: dispute.id,
        });
      payoutHeld = !closed;
      if (status === 'lost') {
        split = lostDisputeSplit({
          amount: dispute.amount,
          reason: dispute.reason,
          ownerUnpaid: await this.ownerUnpaid(manager, dispute.intentId, dispute.rentalId, dispute.leg),
        });
      }
    } else if (status === 'lost') {
      split = { owner: 0, platform: dispute.amount };
    }
    Object.assign(dispute, {
      status,
      evidenceDueBy: observed.evidenceDueBy ?? dispute.evidenceDueBy ?? null,
      closedAt: closed ? new Date() : null,
      ownerDebited: split?.owner ?? null,
      platformDebited: split?.platform ?? null,
    });
    await repo.save(dispute);
    await manager.query(
      `INSERT INTO payment.dispute_status_changes (id, dispute_id, status, source, gateway_event_id, actor_id)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (dispute_id, status) DO NOTHING`,
      [randomUUID(), dispute.id, status, by.via, by.eventId ?? null, by.actorId ?? null],
    );
    const journals = disputeJournals(
      before,
      { disputeId: dispute.id, leg: dispute.leg, amount: dispute.amount, status },
      split,
    );
    for (const journal of journals)
      await this.ledger.post(manager, { intentId: dispute.intentId, journal, gatewayReference: observed.id });
    if (closed && dispute.rentalId)
      await this.holds.lift(manager, {
        rentalId: dispute.rentalId,
        reason: 'dispute',
        reference: dispute.id,
      });
    await this.publish(manager, dispute, before, payoutHeld);
    return dispute.id;
  }

  /**
   * Takes a dispute's locks in the one order: the rental's payouts, the intent, the dispute (null
   * when the dispute is new). Whoever changes a dispute (a webhook, an admin's evidence) takes them here.
   */
  async lockFor(
    manager: EntityManager,
    target: DisputeTarget,
    gatewayDisputeId: string,
  ): Promise<{ intent: PaymentIntentEntity; existing: DisputeEntity | null } | null> {
    if (target.rentalId)
      await manager.query('SELECT id FROM payment.payouts WHERE rental_id = $1 ORDER BY leg FOR UPDATE', [
        target.rentalId,
      ]);
    const locked = await this.intents.lock(manager, target.intentId);
    if (!locked) return null;
    const existing = await manager.getRepository(DisputeEntity).findOne({
      where: { gatewayDisputeId },
      lock: { mode: 'pessimistic_write' },
    });
    return { intent: locked.intent, existing };
  }

  /** The leg the dispute is about: its recorded one, or the leg whose gateway intent was disputed. */
  async targetOf(
    manager: EntityManager,
    observed: { id: string; paymentIntentId: string | null },
  ): Promise<DisputeTarget | null> {
    const [known] = await manager.query(
      'SELECT intent_id, leg, rental_id FROM payment.disputes WHERE gateway_dispute_id = $1',
      [observed.id],
    );
    if (known) return { intentId: known.intent_id, leg: known.leg, rentalId: known.rental_id };
    if (!observed.paymentIntentId) return null;
    const [leg] = await manager.query(
      `SELECT l.intent_id, l.kind, i.rental_id FROM payment.payment_legs l
       JOIN payment.payment_intents i ON i.id = l.intent_id WHERE l.gateway_intent_id = $1`,
      [observed.paymentIntentId],
    );
    return leg ? { intentId: leg.intent_id, leg: leg.kind, rentalId: leg.rental_id } : null;
  }

  /**
   * The owner's share of this leg still on the platform: what the ledger owes them, less a transfer
   * being made right now (its journal is posted when the gateway answers). Payout rows are locked.
   */
  private async ownerUnpaid(
    manager: EntityManager,
    intentId: string,
    rentalId: string,
    leg: LegKind,
  ): Promise<number> {
    const payouts: { leg: string; status: string; amount: number }[] = await manager.query(
      'SELECT leg, status, amount FROM payment.payouts WHERE rental_id = $1',
      [rentalId],
    );
    const [{ owed }] = await manager.query(
      `SELECT coalesce(sum(amount), 0)::int AS owed FROM payment.ledger_entries
       WHERE intent_id = $1 AND leg = $2 AND account = 'owner_payable'`,
      [intentId, leg],
    );
    const leaving = payouts
      .filter((p) => p.leg === leg && p.status === 'transferring')
      .reduce((sum, p) => sum + p.amount, 0);
    return owed - leaving;
  }

  private async publish(
    manager: EntityManager,
    dispute: DisputeEntity,
    before: DisputeStatus | null,
    payoutHeld: boolean,
  ): Promise<void> {
    const common = {
      disputeId: dispute.id,
      rentalId: dispute.rentalId,
      intentId: dispute.intentId,
      renterId: dispute.payerId,
      ownerId: dispute.payeeId,
      amount: dispute.amount,
      currency: dispute.currency,
      reason: dispute.reason,
    };
    if (before === null)
      await this.outbox.publish(
        manager,
        SCHEMA,
        DisputeOpened.create({
          ...common,
          kind: fundsWithdrawn(dispute.status) ? 'chargeback' : 'inquiry',
          evidenceDueBy: dispute.evidenceDueBy?.toISOString() ?? null,
          payoutHeld,
        }),
      );
    const outcome = outcomeOf(dispute.status);
    if (outcome && (before === null || !isDisputeClosed(before)))
      await this.outbox.publish(
        manager,
        SCHEMA,
        DisputeClosed.create({
          ...common,
          outcome,
          ownerDebited: dispute.ownerDebited ?? 0,
          platformDebited: dispute.platformDebited ?? 0,
        }),
      );
  }
}
