import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { RenewalPolicy } from '../domain/deposit-renewal';
import { RENEWAL_IN_FLIGHT, RENEWAL_MAX_ATTEMPTS } from '../domain/deposit-renewal';
import { DepositRenewalEntity } from '../persistence/deposit-renewal.entity';
import { PaymentMethodEntity } from '../persistence/payment-method.entity';
import { affectedRows } from '../persistence/sql-result';
import { CustomersService } from './customers.service';
import { DepositHolds } from './deposit-holds';
import { DepositRenewalRecorder } from './deposit-renewal-recorder';
import type { GatewayIntent } from './gateway/payment-gateway';
import { GatewayRequestError, PaymentGateway } from './gateway/payment-gateway';
import { IntentReconciler } from './intent-reconciler';
import { PaymentSettings } from './payment-settings';

/** The lease IntentReconciler takes on the intent row: whoever holds it alone talks to the gateway. */
const LEASE_SECONDS = 120;

/**
 * Renews long rentals' deposit holds (domain/deposit-renewal.ts), exactly once, the way the
 * reconciler moves money: the intent's lease keeps the reconciler (a return, a claim's capture)
 * and other runs off it; each step's key is derived from recorded state and written before the
 * call; each answer is recorded in its own short transaction.
 * 1. start: the attempt's row (`requested`, its key) — at most one in flight per deposit;
 * 2. a new off-session authorization for the deposit (the payer is not there: a card that wants
 *    3-D Secure fails instead of asking);
 * 3. held: the leg takes the new authorization, with the old hold's release and the new one's
 *    authorization journals (`authorized`); refused: `failed`, told to both parties
 *    (DepositRenewalFailed, the intent's depositHold); the rental moved on meanwhile: `abandoning`;
 * 4. the old authorization cancelled (`completed`), or the unneeded new one (`abandoned`).
 * A crash or an unavailable gateway leaves the row in flight; the next run resumes it with the same keys.
 */
@Injectable()
export class DepositRenewals {
  private readonly logger = new Logger(DepositRenewals.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly gateway: PaymentGateway,
    private readonly steps: DepositRenewalRecorder,
    private readonly reconciler: IntentReconciler,
    private readonly customers: CustomersService,
    private readonly settings: PaymentSettings,
  ) {}

  get policy(): RenewalPolicy {
    return {
      validityDays: this.settings.AUTHORIZATION_VALIDITY_DAYS,
      leadHours: this.settings.DEPOSIT_RENEWAL_LEAD_HOURS,
    };
  }

  /** Every deposit hold due for renewal at `now`, and every renewal left half-way. */
  async renewDue(now: Date, limit = 100): Promise<number> {
    const dueBefore = new Date(
      now.getTime() - (this.policy.validityDays * 24 - this.policy.leadHours) * 3_600_000,
    );
    const rows: { leg_id: string; intent_id: string }[] = await this.dataSource.query(
      `SELECT leg_id, intent_id FROM payment.deposit_renewals WHERE status IN ('requested', 'authorized', 'abandoning')
       UNION
       SELECT h.leg_id, h.intent_id FROM (${DepositHolds.HELD_SQL}) h WHERE h.held_since <= $1
         AND (SELECT count(*) FROM payment.deposit_renewals r WHERE r.leg_id = h.leg_id
              AND r.replaces_gateway_intent_id = h.gateway_intent_id AND r.status = 'failed') < $3
       LIMIT $2`,
      [dueBefore, limit, RENEWAL_MAX_ATTEMPTS],
    );
    let renewed = 0;
    for (const row of rows) {
      try {
        if (await this.renew(row.intent_id, row.leg_id, now)) renewed += 1;
      } catch (error) {
        this.logger.warn(
          `deposit renewal of intent ${row.intent_id} stopped: ${error instanceof Error ? error.message : error}`,
        );
      }
    }
    return renewed;
  }

  /** Renews one deposit if it is due (or finishes a renewal under way); true when its hold was replaced. */
  async renew(intentId: string, legId: string, now: Date): Promise<boolean> {
    const token = randomUUID();
    if (!(await this.acquire(intentId, token))) return false;
    let renewal: DepositRenewalEntity | null = null;
    try {
      renewal = await this.inFlight(legId);
      renewal ??= await this.steps.start(intentId, legId, now, this.policy);
      if (!renewal) return false;
      if (renewal.status === 'requested') renewal = await this.authorize(renewal, now);
      if (renewal.status === 'authorized' || renewal.status === 'abandoning')
        renewal = await this.cancelReplaced(renewal, now);
    } finally {
      await this.dataSource.query(
        'UPDATE payment.payment_intents SET lease_token = NULL, lease_until = NULL WHERE id = $1 AND lease_token = $2',
        [intentId, token],
      );
    }
    // The rental moved on while we renewed: its money path goes on from here.
    if (renewal.status === 'abandoned') await this.reconciler.reconcile(intentId);
    return renewal.status === 'completed';
  }

  private async acquire(intentId: string, token: string): Promise<boolean> {
    const rows = await this.dataSource.query(
      `UPDATE payment.payment_intents SET lease_token = $2, lease_until = now() + make_interval(secs => $3)
       WHERE id = $1 AND (lease_token IS NULL OR lease_until < now()) RETURNING id`,
      [intentId, token, LEASE_SECONDS],
    );
    return affectedRows(rows) > 0;
  }

  private inFlight(legId: string): Promise<DepositRenewalEntity | null> {
    return this.dataSource
      .getRepository(DepositRenewalEntity)
      .createQueryBuilder('r')
      .where('r.leg_id = :legId AND r.status IN (:...statuses)', { legId, statuses: RENEWAL_IN_FLIGHT })
      .getOne();
  }

  private async authorize(renewal: DepositRenewalEntity, now: Date): Promise<DepositRenewalEntity> {
    const [intent] = await this.dataSource.query(
      `SELECT i.payer_id, i.currency, i.description, i.reference, i.payment_method_id, l.amount
       FROM payment.payment_intents i JOIN payment.payment_legs l ON l.id = $2 WHERE i.id = $1`,
      [renewal.intentId, renewal.legId],
    );
    let answer: GatewayIntent;
    try {
      const method = await this.dataSource
        .getRepository(PaymentMethodEntity)
        .findOneBy({ id: intent.payment_method_id ?? undefined });
      if (!method || method.removedAt)
        throw new GatewayRequestError(
          'payment_method_removed',
          'The card this deposit was held on was removed',
        );
      answer = await this.gateway.createPaymentIntent({
        amount: intent.amount,
        currency: intent.currency,
        customerId: await this.customers.ensure(intent.payer_id),
        paymentMethodId: method.gatewayPaymentMethodId,
        captureMethod: 'manual',
        offSession: true,
        description: `${intent.description} (deposit, renewed)`,
        metadata: {
          paymentIntentId: renewal.intentId,
          leg: 'deposit',
          reference: intent.reference,
          renewal: String(renewal.generation),
        },
        transferGroup: intent.reference,
        idempotencyKey: renewal.idempotencyKey,
      });
    } catch (error) {
      // Unavailable: the row stays `requested` and the next run asks again with the same key.
      if (!(error instanceof GatewayRequestError)) throw error;
      return this.steps.failed(renewal, null, { code: error.code, message: error.message }, now, this.policy);
    }
    if (answer.status !== 'requires_capture')
      return this.steps.failed(
        renewal,
        answer.id,
        {
          code: answer.lastError?.code ?? answer.status,
          message: answer.lastError?.message ?? `The new authorization is ${answer.status}`,
        },
        now,
        this.policy,
      );
    return this.steps.held(renewal, answer, now);
  }

  private async cancelReplaced(renewal: DepositRenewalEntity, now: Date): Promise<DepositRenewalEntity> {
    const target =
      renewal.status === 'authorized' ? renewal.replacesGatewayIntentId : renewal.gatewayIntentId!;
    try {
      await this.gateway.cancelPaymentIntent(target, { idempotencyKey: `${renewal.idempotencyKey}-cancel` });
    } catch (error) {
      // Refused: it is gone already (lapsed, cancelled). Unavailable: resumed on the next run.
      if (!(error instanceof GatewayRequestError)) throw error;
    }
    return this.steps.finished(renewal, now);
  }
}
