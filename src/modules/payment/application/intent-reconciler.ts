import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Step } from '../domain/settlement-plan';
import { planNextStep } from '../domain/settlement-plan';
import { PaymentIntentEntity } from '../persistence/payment-intent.entity';
import { PaymentLegEntity } from '../persistence/payment-leg.entity';
import { PaymentMethodEntity } from '../persistence/payment-method.entity';
import { affectedRows } from '../persistence/sql-result';
import { CustomersService } from './customers.service';
import type { GatewayIntent } from './gateway/payment-gateway';
import { GatewayRequestError, PaymentGateway } from './gateway/payment-gateway';
import { IntentRecorder } from './intent-recorder';
import { intentState } from './intent-state';

const LEASE_SECONDS = 120;
const MAX_STEPS = 12;

/**
 * Brings an intent's money to where its stage says it should be, one gateway call at a time.
 *
 * Exactly-once without holding a transaction across a network call:
 * 1. a lease on the intent row (a timestamp, not a lock) keeps two reconcilers from acting on
 *    the same intent at once; whoever finds it taken leaves, and the holder notices the change
 *    through the version it re-reads before letting go;
 * 2. the next step and its idempotency key are derived from recorded state only, and the key is
 *    written to gateway_operations (committed) before the call;
 * 3. the gateway is called with that key — a retry after a crash, a timeout or a lost answer
 *    derives the same key, and the gateway replays its first answer instead of acting twice;
 * 4. the answer is recorded in its own short transaction, forward-only, with keyed ledger
 *    journals, so recording it twice changes nothing.
 * A crash anywhere leaves needs_reconcile set; the payment.reconcile-intents job (and the next
 * event, webhook or confirmation) resumes from step 2 and converges on the same result.
 */
@Injectable()
export class IntentReconciler {
  private readonly logger = new Logger(IntentReconciler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly gateway: PaymentGateway,
    private readonly recorder: IntentRecorder,
    private readonly customers: CustomersService,
  ) {}

  async reconcile(intentId: string): Promise<void> {
    const token = randomUUID();
    if (!(await this.acquire(intentId, token))) return;
    let released = false;
    try {
      for (let i = 0; i < MAX_STEPS; i++) {
        const intent = await this.dataSource
          .getRepository(PaymentIntentEntity)
          .findOneByOrFail({ id: intentId });
        const legs = await this.dataSource.getRepository(PaymentLegEntity).findBy({ intentId });
        const step = planNextStep(intentState(intent, legs));
        if (!step) {
          released = await this.release(intentId, token, intent.version);
          if (released) return;
          continue;
        }
        await this.perform(intent, legs, step);
      }
      throw new Error(`payment intent ${intentId} did not settle in ${MAX_STEPS} steps`);
    } finally {
      if (!released)
        await this.dataSource.query(
          'UPDATE payment.payment_intents SET lease_token = NULL, lease_until = NULL WHERE id = $1 AND lease_token = $2',
          [intentId, token],
        );
    }
  }

  /** Intents left half-way (a crash, the gateway down), oldest first. */
  async resumeStalled(limit = 50, olderThanSeconds = 10): Promise<number> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM payment.payment_intents
       WHERE needs_reconcile AND (lease_until IS NULL OR lease_until < now())
         AND updated_at < now() - make_interval(secs => $2)
       ORDER BY updated_at LIMIT $1`,
      [limit, olderThanSeconds],
    );
    for (const { id } of rows) {
      await this.reconcile(id).catch((error: unknown) =>
        this.logger.warn(
          `resuming payment intent ${id} failed: ${error instanceof Error ? error.message : error}`,
        ),
      );
    }
    return rows.length;
  }

  private async acquire(intentId: string, token: string): Promise<boolean> {
    const rows = await this.dataSource.query(
      `UPDATE payment.payment_intents SET lease_token = $2, lease_until = now() + make_interval(secs => $3)
       WHERE id = $1 AND (lease_token IS NULL OR lease_until < now()) RETURNING id`,
      [intentId, token, LEASE_SECONDS],
    );
    return affectedRows(rows) > 0;
  }

  /** Lets go only if nothing changed since the plan said "done"; otherwise the caller plans again. */
  private async release(intentId: string, token: string, version: number): Promise<boolean> {
    const rows = await this.dataSource.query(
      `UPDATE payment.payment_intents SET lease_token = NULL, lease_until = NULL, needs_reconcile = false
       WHERE id = $1 AND lease_token = $2 AND version = $3 RETURNING id`,
      [intentId, token, version],
    );
    return affectedRows(rows) > 0;
  }

  private async perform(intent: PaymentIntentEntity, legs: PaymentLegEntity[], step: Step): Promise<void> {
    const leg = legs.find((l) => l.kind === step.leg)!;
    if (step.action === 'void') return this.recorder.record(intent.id, { kind: 'voided', leg: leg.kind });
    if (step.action === 'refresh') {
      const observed = await this.gateway.retrievePaymentIntent(leg.gatewayIntentId!);
      return this.recorder.record(intent.id, {
        kind: 'intent',
        leg: leg.kind,
        intent: observed,
        attemptMade: true,
      });
    }
    const key = step.idempotencyKey!;
    await this.dataSource.query(
      `INSERT INTO payment.gateway_operations (idempotency_key, intent_id, leg_id, action, amount)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (idempotency_key) DO NOTHING`,
      [key, intent.id, leg.id, step.action, step.amount],
    );
    try {
      if (step.action === 'refund') {
        const refund = await this.gateway.refundPaymentIntent(leg.gatewayIntentId!, {
          amount: step.amount,
          idempotencyKey: key,
        });
        if (refund.status === 'failed' || refund.status === 'canceled')
          throw new GatewayRequestError('refund_failed', `refund ${refund.id} ${refund.status}`);
        await this.recorder.record(intent.id, {
          kind: 'refunded',
          leg: leg.kind,
          total: step.refundedBefore + refund.amount,
        });
      } else {
        const observed = await this.call(intent, leg, step, key);
        await this.recorder.record(intent.id, {
          kind: 'intent',
          leg: leg.kind,
          intent: observed,
          attemptMade: step.action === 'authorize',
        });
      }
      await this.finishOperation(key, 'succeeded', null);
    } catch (error) {
      if (!(error instanceof GatewayRequestError)) throw error; // unavailable: stays pending, resumed later
      await this.finishOperation(key, 'failed', `${error.code}: ${error.message}`);
      if (step.action !== 'authorize') throw error;
      // The gateway refused the attempt itself (a detached method...): the payer has to act.
      await this.recorder.record(intent.id, {
        kind: 'refused',
        leg: leg.kind,
        code: error.code,
        message: error.message,
      });
    }
  }

  private async call(
    intent: PaymentIntentEntity,
    leg: PaymentLegEntity,
    step: Step,
    key: string,
  ): Promise<GatewayIntent> {
    switch (step.action) {
      case 'capture':
        return this.gateway.capturePaymentIntent(leg.gatewayIntentId!, {
          idempotencyKey: key,
          // A settled claim captures part of the deposit; everything else captures the whole hold.
          ...(step.amount !== leg.amount ? { amountToCapture: step.amount } : {}),
        });
      case 'cancel':
        return this.gateway.cancelPaymentIntent(leg.gatewayIntentId!, { idempotencyKey: key });
      default: {
        const method = await this.dataSource
          .getRepository(PaymentMethodEntity)
          .findOneByOrFail({ id: intent.paymentMethodId! });
        if (leg.gatewayIntentId && leg.gatewayStatus !== 'canceled') {
          return this.gateway.confirmPaymentIntent(leg.gatewayIntentId, {
            paymentMethodId: method.gatewayPaymentMethodId,
            offSession: intent.offSession,
            idempotencyKey: key,
          });
        }
        return this.gateway.createPaymentIntent({
          amount: leg.amount,
          currency: intent.currency,
          customerId: await this.customers.ensure(intent.payerId),
          paymentMethodId: method.gatewayPaymentMethodId,
          captureMethod: leg.captureMethod,
          offSession: intent.offSession,
          description: `${intent.description}${leg.kind === 'deposit' ? ' (deposit)' : ''}`,
          metadata: { paymentIntentId: intent.id, leg: leg.kind, reference: intent.reference },
          // The owner's share leaves later as a transfer of the same group (separate charges and transfers).
          transferGroup: intent.purpose === 'rental' ? intent.reference : undefined,
          idempotencyKey: key,
        });
      }
    }
  }

  private async finishOperation(key: string, status: 'succeeded' | 'failed', error: string | null) {
    await this.dataSource.query(
      `UPDATE payment.gateway_operations SET status = $2, error = $3, completed_at = now()
       WHERE idempotency_key = $1 AND status = 'pending'`,
      [key, status, error],
    );
  }
}
