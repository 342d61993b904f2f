import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import type { SubscriptionChargeRequest } from '../contracts/payment-api';
import type { CaptureMethod, LegKind, PaymentPurpose, PaymentStage } from '../domain/payment-intent';
import { isStageForward } from '../domain/payment-intent';
import { deriveStatus, planNextStep, targetFor } from '../domain/settlement-plan';
import { PaymentIntentEntity } from '../persistence/payment-intent.entity';
import { PaymentLegEntity } from '../persistence/payment-leg.entity';
import { IntentRecorder } from './intent-recorder';
import { intentState, legState } from './intent-state';
import { PaymentMethodsService } from './payment-methods.service';

/** A rental's money, as its quote says (minor units). */
export interface RentalTerms {
  rentalId: string;
  renterId: string;
  ownerId: string;
  currency: string;
  subtotal: number;
  platformFee: number;
  deposit: number;
  stage: PaymentStage;
}

interface NewIntent {
  purpose: PaymentPurpose;
  reference: string;
  payerId: string;
  payeeId: string | null;
  rentalId: string | null;
  subscriptionId: string | null;
  description: string;
  currency: string;
  chargeAmount: number;
  depositAmount: number;
  platformFee: number;
  payeeAmount: number;
  stage: PaymentStage;
  offSession: boolean;
  captureMethod: CaptureMethod;
  paymentMethodId: string | null;
}

/** Creates intents and moves their stage or payment method; the reconciler then moves the money. */
@Injectable()
export class IntentCommands {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly recorder: IntentRecorder,
    private readonly methods: PaymentMethodsService,
  ) {}

  /** The rental's intent, created once (the reference is unique); the renter's default card, if any, will be held. */
  ensureRentalIntent(
    terms: RentalTerms,
    paymentMethodId?: string | null,
  ): Promise<{ id: string; created: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      const method = await this.methods.resolve(manager, terms.renterId, paymentMethodId, true);
      return this.insert(manager, {
        purpose: 'rental',
        reference: `rental-${terms.rentalId}`,
        payerId: terms.renterId,
        payeeId: terms.ownerId,
        rentalId: terms.rentalId,
        subscriptionId: null,
        description: `Rental ${terms.rentalId}`,
        currency: terms.currency,
        chargeAmount: terms.subtotal + terms.platformFee,
        depositAmount: terms.deposit,
        platformFee: terms.platformFee,
        payeeAmount: terms.subtotal,
        stage: terms.stage,
        offSession: false,
        captureMethod: 'manual',
        paymentMethodId: method?.id ?? null,
      });
    });
  }

  ensureSubscriptionIntent(request: SubscriptionChargeRequest): Promise<{ id: string; created: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      const method = await this.methods.resolve(manager, request.payerId, request.paymentMethodId, false);
      return this.insert(manager, {
        purpose: 'subscription',
        reference: request.reference,
        payerId: request.payerId,
        payeeId: null,
        rentalId: null,
        subscriptionId: request.subscriptionId,
        description: request.description,
        currency: request.currency,
        chargeAmount: request.amount,
        depositAmount: 0,
        platformFee: 0,
        payeeAmount: 0,
        stage: 'due',
        offSession: request.offSession,
        captureMethod: 'automatic',
        paymentMethodId: method?.id ?? null,
      });
    });
  }

  /** Forward only: a late or repeated event changes nothing. */
  advanceStage(
    intentId: string,
    stage: PaymentStage,
    extra: { cancelledBy?: 'renter' | 'owner' | null; refundTarget?: number | null } = {},
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.recorder.lock(manager, intentId);
      if (!locked || !isStageForward(locked.intent.stage, stage)) return false;
      await this.recorder.settle(manager, locked, {
        stage,
        cancelledBy: extra.cancelledBy ?? locked.intent.cancelledBy,
        refundTarget: extra.refundTarget ?? locked.intent.refundTarget,
        needsReconcile: true,
      });
      return true;
    });
  }

  /** The payer (re)confirms: a new attempt for every leg waiting on them, with this method. */
  requestAttempt(intentId: string, paymentMethodId: string): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.recorder.lock(manager, intentId);
      if (!locked) return;
      const state = intentState({ ...locked.intent, paymentMethodId } as PaymentIntentEntity, locked.legs);
      for (const leg of locked.legs) {
        const target = targetFor(state, legState(leg)).kind;
        const waiting = [
          'none',
          'requires_payment_method',
          'requires_confirmation',
          'requires_action',
          'canceled',
        ];
        if ((target === 'held' || target === 'captured') && waiting.includes(leg.gatewayStatus)) {
          leg.attemptsRequested = leg.attemptsMade + 1;
          leg.lastErrorCode = null;
          leg.lastErrorMessage = null;
          await manager.getRepository(PaymentLegEntity).save(leg);
        }
      }
      await this.recorder.settle(manager, locked, { paymentMethodId, needsReconcile: true });
    });
  }

  private async insert(manager: EntityManager, input: NewIntent): Promise<{ id: string; created: boolean }> {
    const intents = manager.getRepository(PaymentIntentEntity);
    const existing = await intents.findOneBy({ reference: input.reference });
    if (existing) return { id: existing.id, created: false };
    const { captureMethod, ...fields } = input;
    const intent = intents.create({
      ...fields,
      id: randomUUID(),
      amount: input.chargeAmount + input.depositAmount,
      cancelledBy: null,
      refundTarget: null,
      version: 1,
      leaseToken: null,
      leaseUntil: null,
    });
    const attempts = input.paymentMethodId ? 1 : 0;
    const leg = (kind: LegKind, amount: number) =>
      manager.getRepository(PaymentLegEntity).create({
        id: randomUUID(),
        intentId: intent.id,
        kind,
        amount,
        captureMethod,
        gatewayIntentId: null,
        gatewayStatus: 'none',
        amountCaptured: 0,
        amountRefunded: 0,
        attemptsRequested: attempts,
        attemptsMade: 0,
      });
    const legs = [
      leg('charge', input.chargeAmount),
      ...(input.depositAmount > 0 ? [leg('deposit', input.depositAmount)] : []),
    ];
    const state = intentState(intent, legs);
    intent.status = deriveStatus(state);
    intent.needsReconcile = planNextStep(state) !== null;
    // A concurrent creation of the same reference waits on the unique index, then finds this one.
    const inserted = await intents.createQueryBuilder().insert().values(intent).orIgnore().execute();
    if ((inserted.raw as unknown[]).length === 0) {
      const winner = await intents.findOneByOrFail({ reference: input.reference });
      return { id: winner.id, created: false };
    }
    await manager.getRepository(PaymentLegEntity).insert(legs);
    return { id: intent.id, created: true };
  }
}
