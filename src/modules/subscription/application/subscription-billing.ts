import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import { Outbox } from '../../../platform/events/outbox';
import type { PaymentIntentSnapshot } from '../../payment';
import { PaymentApi } from '../../payment';
import { SubscriptionChanged } from '../contracts/subscription.events';
import { ChargeEntity } from '../persistence/charge.entity';
import { PlanEntity } from '../persistence/plan.entity';
import { SubscriptionEntity } from '../persistence/subscription.entity';

export const SCHEMA = 'subscription';

/**
 * Charges go to payment outside any of our transactions (payment talks to the gateway), then the
 * outcome is settled in a short one. Settling is idempotent: a charge is paid once (pending →
 * paid), whether the answer comes back from the call or later as PaymentIntentStatusChanged.
 */
@Injectable()
export class SubscriptionBilling {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PaymentApi) private readonly payments: PaymentApi,
    private readonly outbox: Outbox,
  ) {}

  /** `now` is the job's clock for renewals (a past-due grace counts from it). */
  async charge(chargeId: string, offSession: boolean, now = new Date()): Promise<PaymentIntentSnapshot> {
    const charge = await this.dataSource.getRepository(ChargeEntity).findOneByOrFail({ id: chargeId });
    const sub = await this.dataSource
      .getRepository(SubscriptionEntity)
      .findOneByOrFail({ id: charge.subscriptionId });
    const plan = await this.dataSource.getRepository(PlanEntity).findOneByOrFail({ id: charge.planId });
    const payment = await this.payments.chargeSubscription({
      payerId: sub.userId,
      subscriptionId: sub.id,
      reference: charge.reference,
      amount: charge.amount,
      currency: charge.currency,
      description: `OneSociety ${plan.name} (${charge.billingCycle}), ${charge.kind}`,
      paymentMethodId: sub.paymentMethodId,
      offSession,
    });
    await this.dataSource.transaction((manager) =>
      this.settle(manager, charge.reference, payment.status, payment.id, now),
    );
    return payment;
  }

  /** Voids our pending charges and asks payment to cancel their unpaid intents. */
  async voidAtPayment(references: string[]): Promise<void> {
    for (const reference of references) await this.payments.voidSubscriptionCharge(reference);
  }

  async settle(
    manager: EntityManager,
    reference: string,
    paymentStatus: string,
    paymentIntentId: string,
    now: Date,
  ): Promise<void> {
    const charge = await manager
      .getRepository(ChargeEntity)
      .findOne({ where: { reference }, lock: { mode: 'pessimistic_write' } });
    if (!charge) return;
    const sub = await manager
      .getRepository(SubscriptionEntity)
      .findOneOrFail({ where: { id: charge.subscriptionId }, lock: { mode: 'pessimistic_write' } });
    charge.paymentIntentId = paymentIntentId;
    sub.latestPaymentIntentId = paymentIntentId;
    const before = `${sub.status}/${sub.planId}/${sub.currentPeriodEnd.toISOString()}`;
    if (charge.status === 'pending' && paymentStatus === 'succeeded') {
      charge.status = 'paid';
      if (sub.status !== 'canceled') this.apply(charge, sub);
    } else if (charge.status === 'pending' && paymentStatus === 'canceled') {
      charge.status = 'void';
    } else if (
      charge.status === 'pending' &&
      charge.kind === 'renewal' &&
      sub.status === 'active' &&
      (paymentStatus === 'requires_payment_method' || paymentStatus === 'requires_action')
    ) {
      // Renewals are off-session: a decline or a bank asking for authentication waits for the payer.
      sub.status = 'past_due';
      sub.pastDueSince = now;
    }
    await manager.getRepository(ChargeEntity).save(charge);
    await manager.getRepository(SubscriptionEntity).save(sub);
    if (`${sub.status}/${sub.planId}/${sub.currentPeriodEnd.toISOString()}` !== before)
      await this.announce(manager, sub);
  }

  /** What a paid charge buys. */
  private apply(charge: ChargeEntity, sub: SubscriptionEntity): void {
    sub.creditBalance = charge.creditAfter;
    switch (charge.kind) {
      case 'initial':
        if (sub.status === 'incomplete') sub.status = 'active';
        break;
      case 'renewal':
        sub.currentPeriodStart = charge.periodStart;
        sub.currentPeriodEnd = charge.periodEnd;
        sub.status = 'active';
        sub.pastDueSince = null;
        break;
      case 'change':
        sub.planId = charge.planId;
        sub.billingCycle = charge.billingCycle;
        if (charge.resetsPeriod) {
          sub.anchorAt = charge.periodStart;
          sub.currentPeriodStart = charge.periodStart;
          sub.currentPeriodEnd = charge.periodEnd;
        }
        break;
    }
  }

  async announce(manager: EntityManager, sub: SubscriptionEntity): Promise<void> {
    const plan = await manager.getRepository(PlanEntity).findOneByOrFail({ id: sub.planId });
    await this.outbox.publish(
      manager,
      SCHEMA,
      SubscriptionChanged.create({
        subscriptionId: sub.id,
        userId: sub.userId,
        planCode: plan.code,
        billingCycle: sub.billingCycle,
        status: sub.status,
        maxActiveListings: plan.maxActiveListings,
        maxRentalsPerMonth: plan.maxRentalsPerMonth,
        currentPeriodEnd: sub.currentPeriodEnd.toISOString(),
      }),
    );
  }
}
