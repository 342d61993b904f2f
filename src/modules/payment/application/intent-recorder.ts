import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import { Outbox } from '../../../platform/events/outbox';
import { PaymentIntentStatusChanged } from '../contracts/payment.events';
import type { Journal } from '../domain/ledger';
import { journalsFor } from '../domain/ledger';
import type { LegKind } from '../domain/payment-intent';
import { acceptsGatewayStatus } from '../domain/payment-intent';
import { deriveStatus } from '../domain/settlement-plan';
import { PaymentIntentEntity } from '../persistence/payment-intent.entity';
import { PaymentLegEntity } from '../persistence/payment-leg.entity';
import type { GatewayIntent } from './gateway/payment-gateway';
import { intentState, legSnapshot, splitOf } from './intent-state';

export interface Locked {
  intent: PaymentIntentEntity;
  legs: PaymentLegEntity[];
}

/** What happened to one leg, as learnt from the gateway (a call's answer, or a webhook). */
export type Observation =
  | { kind: 'intent'; leg: LegKind; intent: GatewayIntent; attemptMade?: boolean }
  | { kind: 'refunded'; leg: LegKind; total: number }
  | { kind: 'voided'; leg: LegKind }
  | { kind: 'refused'; leg: LegKind; code: string; message: string };

export const SCHEMA = 'payment';
/** Gateway error texts are stored and shown bounded. */
export const ERROR_CODE_MAX = 64;
export const ERROR_MESSAGE_MAX = 500;

/**
 * Writes what the gateway said into our records, in one short transaction per observation:
 * forward-only state (a stale answer never undoes a newer one), the ledger journals of the move
 * (keyed, so the same answer twice posts once), the derived status, and an event when it changed.
 */
@Injectable()
export class IntentRecorder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  async lock(manager: EntityManager, intentId: string): Promise<Locked | null> {
    const intent = await manager
      .getRepository(PaymentIntentEntity)
      .findOne({ where: { id: intentId }, lock: { mode: 'pessimistic_write' } });
    if (!intent) return null;
    const legs = await manager
      .getRepository(PaymentLegEntity)
      .find({ where: { intentId }, lock: { mode: 'pessimistic_write' } });
    return { intent, legs };
  }

  record(intentId: string, observation: Observation): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.lock(manager, intentId);
      if (locked) await this.apply(manager, locked, observation);
    });
  }

  /** Within the caller's transaction (webhooks record the event id in the same one). */
  async apply(manager: EntityManager, locked: Locked, observation: Observation): Promise<void> {
    const leg = locked.legs.find((l) => l.kind === observation.leg);
    if (!leg) return;
    const before = { ...leg };
    switch (observation.kind) {
      case 'intent':
        if (!this.mergeIntent(leg, observation.intent)) return;
        if (observation.attemptMade) leg.attemptsMade = Math.max(leg.attemptsMade, leg.attemptsRequested);
        break;
      case 'refunded':
        leg.amountRefunded = Math.min(leg.amountCaptured, Math.max(leg.amountRefunded, observation.total));
        break;
      case 'voided':
        if (leg.gatewayStatus !== 'none') return;
        leg.gatewayStatus = 'canceled';
        break;
      case 'refused':
        leg.attemptsMade = Math.max(leg.attemptsMade, leg.attemptsRequested);
        leg.lastErrorCode = observation.code.slice(0, ERROR_CODE_MAX);
        leg.lastErrorMessage = observation.message.slice(0, ERROR_MESSAGE_MAX);
        break;
    }
    // A new gateway intent (a retry after a cancelled one) starts its own ledger history.
    const fresh = before.gatewayIntentId !== leg.gatewayIntentId;
    const from = fresh
      ? { ...legSnapshot(leg), gatewayStatus: 'none' as const, amountCaptured: 0, amountRefunded: 0 }
      : legSnapshot(before as PaymentLegEntity);
    const journals = journalsFor(locked.intent.purpose, from, legSnapshot(leg), splitOf(locked.intent));
    await manager.getRepository(PaymentLegEntity).save(leg);
    await this.post(manager, locked.intent, journals);
    await this.settle(manager, locked);
  }

  /** Recomputes the status, bumps the version, and tells the others when the status changed. */
  async settle(manager: EntityManager, { intent, legs }: Locked, changes: Partial<PaymentIntentEntity> = {}) {
    const previous = intent.status;
    Object.assign(intent, changes);
    intent.status = deriveStatus(intentState(intent, legs));
    intent.version += 1;
    await manager.getRepository(PaymentIntentEntity).save(intent);
    if (intent.status !== previous && intent.status !== 'processing') {
      const error = legs.find((l) => l.lastErrorCode && l.gatewayStatus === 'requires_payment_method');
      await this.outbox.publish(
        manager,
        SCHEMA,
        PaymentIntentStatusChanged.create({
          intentId: intent.id,
          purpose: intent.purpose,
          reference: intent.reference,
          payerId: intent.payerId,
          payeeId: intent.payeeId,
          rentalId: intent.rentalId,
          subscriptionId: intent.subscriptionId,
          status: intent.status,
          previousStatus: previous,
          amount: intent.amount,
          currency: intent.currency,
          lastError: error ? { code: error.lastErrorCode!, message: error.lastErrorMessage ?? '' } : null,
        }),
      );
    }
  }

  private mergeIntent(leg: PaymentLegEntity, observed: GatewayIntent): boolean {
    if (leg.gatewayIntentId && leg.gatewayIntentId !== observed.id) {
      // Only a leg whose gateway intent is gone (cancelled) or never existed takes a new one.
      if (leg.gatewayStatus !== 'canceled') return false;
      leg.gatewayIntentId = observed.id;
      leg.gatewayStatus = observed.status;
      leg.amountCaptured = 0;
      leg.amountRefunded = 0;
    } else {
      leg.gatewayIntentId = observed.id;
      if (acceptsGatewayStatus(leg.gatewayStatus, observed.status)) leg.gatewayStatus = observed.status;
    }
    if (leg.gatewayStatus === 'succeeded')
      leg.amountCaptured = Math.min(leg.amount, Math.max(leg.amountCaptured, observed.amountReceived));
    leg.amountRefunded = Math.min(leg.amountCaptured, Math.max(leg.amountRefunded, observed.amountRefunded));
    const waiting = leg.gatewayStatus === 'requires_action';
    leg.clientSecret = observed.clientSecret ?? leg.clientSecret;
    leg.nextActionType = waiting ? (observed.nextAction?.type ?? leg.nextActionType) : null;
    leg.nextActionUrl = waiting ? (observed.nextAction?.redirectUrl ?? leg.nextActionUrl) : null;
    if (leg.gatewayStatus === 'requires_payment_method' && observed.lastError) {
      leg.lastErrorCode = observed.lastError.code.slice(0, ERROR_CODE_MAX);
      leg.lastErrorMessage = observed.lastError.message.slice(0, ERROR_MESSAGE_MAX);
    } else if (leg.gatewayStatus !== 'requires_payment_method') {
      leg.lastErrorCode = null;
      leg.lastErrorMessage = null;
    }
    return true;
  }

  private async post(
    manager: EntityManager,
    intent: PaymentIntentEntity,
    journals: Journal[],
  ): Promise<void> {
    for (const journal of journals) {
      for (const line of journal.lines) {
        await manager.query(
          `INSERT INTO payment.ledger_entries (id, journal_key, journal_type, leg, account, amount, currency,
             intent_id, rental_id, subscription_id, payer_id, payee_id, gateway_reference)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
           ON CONFLICT (journal_key, account) DO NOTHING`,
          [
            randomUUID(),
            journal.key,
            journal.type,
            journal.leg,
            line.account,
            line.amount,
            intent.currency,
            intent.id,
            intent.rentalId,
            intent.subscriptionId,
            intent.payerId,
            intent.payeeId,
            journal.key.split(':')[0],
          ],
        );
      }
    }
  }
}
