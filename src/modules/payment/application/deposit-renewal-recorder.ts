import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import { Outbox } from '../../../platform/events/outbox';
import { DepositRenewalFailed } from '../contracts/deposit.events';
import type { RenewalPolicy } from '../domain/deposit-renewal';
import {
  decideRenewal,
  depositHeldAt,
  holdExpiresAt,
  RENEWAL_MAX_ATTEMPTS,
  renewalKey,
} from '../domain/deposit-renewal';
import { DepositRenewalEntity } from '../persistence/deposit-renewal.entity';
import { PaymentLegEntity } from '../persistence/payment-leg.entity';
import { DepositHolds } from './deposit-holds';
import type { GatewayIntent } from './gateway/payment-gateway';
import type { Locked } from './intent-recorder';
import { ERROR_CODE_MAX, ERROR_MESSAGE_MAX, IntentRecorder, SCHEMA } from './intent-recorder';
import { LedgerWriter } from './ledger-writer';

/**
 * Records each step of a deposit renewal (see DepositRenewals) in its own short transaction,
 * under the intent's row lock, as IntentRecorder does for a payment: the attempt's row before the
 * call, the swap to the new authorization with its journals, a refusal with its event, the end.
 */
@Injectable()
export class DepositRenewalRecorder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly intents: IntentRecorder,
    private readonly ledger: LedgerWriter,
    private readonly holds: DepositHolds,
    private readonly outbox: Outbox,
  ) {}

  /** The attempt's row, if the hold is due now; its key is committed before any call. */
  start(
    intentId: string,
    legId: string,
    now: Date,
    policy: RenewalPolicy,
  ): Promise<DepositRenewalEntity | null> {
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.intents.lock(manager, intentId);
      const leg = locked?.legs.find((l) => l.id === legId);
      if (
        !locked ||
        !leg ||
        !depositHeldAt(locked.intent.stage, locked.intent.depositClaimPending) ||
        leg.gatewayStatus !== 'requires_capture'
      )
        return null;
      const hold = await this.holds.current(manager, leg.id, leg.gatewayIntentId!);
      if (!hold) return null;
      const decision = decideRenewal({
        now,
        heldSince: hold.heldSince,
        policy,
        failedAttempts: hold.failedAttempts,
        lastAttemptAt: hold.lastAttemptAt,
      });
      if (decision.kind !== 'renew') return null;
      const generation = hold.renewals + 1;
      const renewal = manager.getRepository(DepositRenewalEntity).create({
        id: randomUUID(),
        intentId,
        legId,
        generation,
        attempt: decision.attempt,
        idempotencyKey: renewalKey(locked.intent.reference, generation, decision.attempt),
        replacesGatewayIntentId: leg.gatewayIntentId!,
        gatewayIntentId: null,
        status: 'requested',
        errorCode: null,
        errorMessage: null,
        requestedAt: now,
        authorizedAt: null,
        finishedAt: null,
      });
      return manager.getRepository(DepositRenewalEntity).save(renewal);
    });
  }

  /**
   * The gateway placed the new authorization: the leg takes it if the deposit is still held on the
   * one it replaces (`authorized`); otherwise the rental moved on meanwhile (`abandoning`: the new
   * one is cancelled instead).
   */
  held(renewal: DepositRenewalEntity, answer: GatewayIntent, now: Date): Promise<DepositRenewalEntity> {
    return this.dataSource.transaction(async (manager) => {
      const locked = (await this.intents.lock(manager, renewal.intentId))!;
      const leg = locked.legs.find((l) => l.id === renewal.legId)!;
      const stillHeld =
        depositHeldAt(locked.intent.stage, locked.intent.depositClaimPending) &&
        leg.gatewayStatus === 'requires_capture' &&
        leg.gatewayIntentId === renewal.replacesGatewayIntentId;
      if (!stillHeld)
        return this.save(manager, renewal, { status: 'abandoning', gatewayIntentId: answer.id });
      await this.swap(manager, locked, renewal, answer);
      return this.save(manager, renewal, {
        status: 'authorized',
        gatewayIntentId: answer.id,
        authorizedAt: now,
      });
    });
  }

  /** The replaced (or unneeded) authorization is cancelled: the renewal is over. */
  finished(renewal: DepositRenewalEntity, now: Date): Promise<DepositRenewalEntity> {
    return this.dataSource.transaction((manager) =>
      this.save(manager, renewal, {
        status: renewal.status === 'authorized' ? 'completed' : 'abandoned',
        finishedAt: now,
      }),
    );
  }

  /** The leg now holds the new authorization; the ledger shows the old hold released and the new one placed. */
  private async swap(
    manager: EntityManager,
    locked: Locked,
    renewal: DepositRenewalEntity,
    answer: GatewayIntent,
  ) {
    const leg = locked.legs.find((l) => l.id === renewal.legId)!;
    const old = leg.gatewayIntentId!;
    Object.assign(leg, { gatewayIntentId: answer.id, lastErrorCode: null, lastErrorMessage: null });
    await manager.getRepository(PaymentLegEntity).save(leg);
    const post = (key: string, type: 'release' | 'authorization', sign: 1 | -1) =>
      this.ledger.post(manager, {
        intentId: renewal.intentId,
        journal: {
          key,
          type,
          leg: 'deposit',
          lines: [
            { account: 'held_deposit', amount: sign * leg.amount },
            { account: 'payer_funds', amount: -sign * leg.amount },
          ],
        },
        gatewayReference: key.split(':')[0],
      });
    // Keyed as the recorder keys them: recording either gateway intent again posts nothing twice.
    await post(`${old}:released`, 'release', -1);
    await post(`${answer.id}:authorized`, 'authorization', 1);
    await this.intents.settle(manager, locked);
  }

  /** The card refused: recorded on the attempt, and told to the renter and the owner. */
  failed(
    renewal: DepositRenewalEntity,
    gatewayIntentId: string | null,
    error: { code: string; message: string },
    now: Date,
    policy: RenewalPolicy,
  ): Promise<DepositRenewalEntity> {
    return this.dataSource.transaction(async (manager) => {
      const locked = (await this.intents.lock(manager, renewal.intentId))!;
      const saved = await this.save(manager, renewal, {
        status: 'failed',
        gatewayIntentId,
        errorCode: error.code.slice(0, ERROR_CODE_MAX),
        errorMessage: error.message.slice(0, ERROR_MESSAGE_MAX),
        finishedAt: now,
      });
      const hold = await this.holds.current(manager, renewal.legId, renewal.replacesGatewayIntentId);
      const { intent } = locked;
      await this.outbox.publish(
        manager,
        SCHEMA,
        DepositRenewalFailed.create({
          intentId: intent.id,
          rentalId: intent.rentalId!,
          renterId: intent.payerId,
          ownerId: intent.payeeId!,
          amount: intent.depositAmount,
          currency: intent.currency,
          attempt: renewal.attempt,
          willRetry: renewal.attempt < RENEWAL_MAX_ATTEMPTS,
          holdExpiresAt: holdExpiresAt(hold?.heldSince ?? renewal.requestedAt, policy).toISOString(),
          code: saved.errorCode!,
        }),
      );
      // The intent's version moves: its readers (and the reconciler) see something changed.
      await this.intents.settle(manager, locked);
      return saved;
    });
  }

  private save(
    manager: EntityManager,
    renewal: DepositRenewalEntity,
    changes: Partial<DepositRenewalEntity>,
  ): Promise<DepositRenewalEntity> {
    return manager.getRepository(DepositRenewalEntity).save(Object.assign(renewal, changes));
  }
}
