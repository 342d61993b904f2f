import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { JobScheduler } from '../../../platform/jobs/job-scheduler';
import { nextPeriodEnd, renewalCharge } from '../domain/billing';
import { ChargeEntity } from '../persistence/charge.entity';
import { PlanEntity } from '../persistence/plan.entity';
import { SubscriptionEntity } from '../persistence/subscription.entity';
import { priceOf } from './plans.service';
import { allowSlowPaymentCalls } from './slow-work';
import { SubscriptionBilling } from './subscription-billing';

export const RENEWAL_JOB = 'subscription.renew-periods';
/** A past-due subscription keeps its plan this long while the payer fixes the payment. */
export const PAST_DUE_GRACE_DAYS = 7;
/** An incomplete subscription (first payment never made) is dropped after this long. */
export const INCOMPLETE_EXPIRY_HOURS = 23;
const DAY_MS = 86_400_000;
const BATCH = 100;

/**
 * Period rollover and renewal, as a scheduled job: the scheduler's advisory lock makes one
 * instance run it at a time. Each subscription is handled in its own short transaction, the
 * charge goes to payment outside it, and the renewal's reference is derived from the period it
 * buys (`subscription-<id>-renewal-<period start>`), so a crash or a second run re-asks payment
 * for the same payment, which answers with the first.
 */
@Injectable()
export class Renewals implements OnModuleInit {
  private readonly logger = new Logger(Renewals.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scheduler: JobScheduler,
    private readonly billing: SubscriptionBilling,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: RENEWAL_JOB,
      context: 'subscription',
      intervalMs: 60_000,
      run: async (manager, now) => {
        await allowSlowPaymentCalls(manager);
        await this.runDue(now);
      },
    });
  }

  async runDue(now: Date): Promise<void> {
    const due: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM subscription.subscriptions
       WHERE (status IN ('active', 'past_due') AND current_period_end <= $1)
          OR (status = 'incomplete' AND created_at <= $2)
       ORDER BY current_period_end LIMIT $3`,
      [now, new Date(now.getTime() - INCOMPLETE_EXPIRY_HOURS * 3_600_000), BATCH],
    );
    for (const { id } of due) {
      await this.renew(id, now).catch((error: unknown) =>
        this.logger.warn(
          `renewal of subscription ${id} failed: ${error instanceof Error ? error.message : error}`,
        ),
      );
    }
  }

  async renew(id: string, now: Date): Promise<void> {
    const voided: string[] = [];
    let chargeId: string | null = null;
    await this.dataSource.transaction(async (manager) => {
      const subs = manager.getRepository(SubscriptionEntity);
      const sub = await subs.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!sub || sub.status === 'canceled') return;
      const pending = () =>
        manager.getRepository(ChargeEntity).findBy({ subscriptionId: id, status: 'pending' });
      const end = async (endedAt: Date) => {
        for (const charge of await pending()) {
          await manager.getRepository(ChargeEntity).update({ id: charge.id }, { status: 'void' });
          voided.push(charge.reference);
        }
        Object.assign(sub, { status: 'canceled', endedAt, cancelAtPeriodEnd: false });
        await subs.save(sub);
        await this.billing.announce(manager, sub);
      };
      if (sub.status === 'incomplete') {
        if (sub.createdAt.getTime() <= now.getTime() - INCOMPLETE_EXPIRY_HOURS * 3_600_000) await end(now);
        return;
      }
      if (sub.currentPeriodEnd.getTime() > now.getTime()) return;
      if (sub.cancelAtPeriodEnd) return end(sub.currentPeriodEnd);
      if (sub.status === 'past_due') {
        // The renewal charge exists and waits for the payer; past the grace period, the plan ends.
        if ((sub.pastDueSince?.getTime() ?? 0) <= now.getTime() - PAST_DUE_GRACE_DAYS * DAY_MS)
          await end(now);
        return;
      }
      const plan = await manager.getRepository(PlanEntity).findOneByOrFail({ id: sub.planId });
      const periodEnd = nextPeriodEnd(sub.anchorAt, sub.currentPeriodEnd, sub.billingCycle);
      const { amountDue, creditAfter } = renewalCharge(priceOf(plan, sub.billingCycle), sub.creditBalance);
      if (amountDue === 0) {
        Object.assign(sub, {
          currentPeriodStart: sub.currentPeriodEnd,
          currentPeriodEnd: periodEnd,
          creditBalance: creditAfter,
        });
        await subs.save(sub);
        await this.billing.announce(manager, sub);
        return;
      }
      const reference = `subscription-${sub.id}-renewal-${sub.currentPeriodEnd.toISOString()}`;
      await manager
        .getRepository(ChargeEntity)
        .createQueryBuilder()
        .insert()
        .values({
          id: randomUUID(),
          subscriptionId: sub.id,
          reference,
          kind: 'renewal',
          planId: plan.id,
          billingCycle: sub.billingCycle,
          amount: amountDue,
          currency: plan.currency,
          creditAfter,
          periodStart: sub.currentPeriodEnd,
          periodEnd,
        })
        .orIgnore()
        .execute();
      const charge = await manager.getRepository(ChargeEntity).findOneByOrFail({ reference });
      if (charge.status === 'pending') chargeId = charge.id;
    });
    await this.billing.voidAtPayment(voided);
    if (chargeId) await this.billing.charge(chargeId, true, now);
  }
}
