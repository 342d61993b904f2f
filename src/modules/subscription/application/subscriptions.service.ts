import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { DataSource, In, QueryFailedError } from 'typeorm';
import type { Page } from '../../../platform/http/pagination';
import { PaymentApi } from '../../payment';
import type { BillingCycle } from '../domain/billing';
import { firstPeriodEnd, prorate } from '../domain/billing';
import { SubscriptionErrors } from '../domain/subscription.errors';
import { ChargeEntity } from '../persistence/charge.entity';
import { PlanEntity } from '../persistence/plan.entity';
import { LIVE_STATUSES, SubscriptionEntity } from '../persistence/subscription.entity';
import { PlansService, priceOf } from './plans.service';
import { SubscriptionBilling } from './subscription-billing';
import type { SubscriptionView } from './subscription-view';
import { toSubscriptionView } from './subscription-view';

export interface SubscribeInput {
  planId: string;
  billingCycle: BillingCycle;
  paymentMethodId?: string;
}

@Injectable()
export class SubscriptionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PaymentApi) private readonly payments: PaymentApi,
    private readonly plans: PlansService,
    private readonly billing: SubscriptionBilling,
  ) {}

  /**
   * A free plan starts at once. A paid one starts `incomplete` and becomes `active` when its first
   * period is paid: at once with a card that goes through, or later when the payer confirms the
   * payment intent (3-D Secure, a declined card). An incomplete subscription is dropped after 23 h.
   */
  async subscribe(userId: string, input: SubscribeInput, now = new Date()): Promise<SubscriptionView> {
    const plan = await this.plans.get(input.planId);
    if (input.paymentMethodId && !(await this.payments.hasUsablePaymentMethod(userId, input.paymentMethodId)))
      throw SubscriptionErrors.paymentMethodNotFound();
    const price = priceOf(plan, input.billingCycle);
    const id = randomUUID();
    const chargeId = randomUUID();
    try {
      await this.dataSource.transaction(async (manager) => {
        const live = await manager
          .getRepository(SubscriptionEntity)
          .findOneBy({ userId, status: In(LIVE_STATUSES) });
        if (live) throw SubscriptionErrors.alreadySubscribed(live.id);
        const end = firstPeriodEnd(now, input.billingCycle);
        const sub = manager.getRepository(SubscriptionEntity).create({
          id,
          userId,
          planId: plan.id,
          billingCycle: input.billingCycle,
          status: price === 0 ? 'active' : 'incomplete',
          anchorAt: now,
          currentPeriodStart: now,
          currentPeriodEnd: end,
          cancelAtPeriodEnd: false,
          paymentMethodId: input.paymentMethodId ?? null,
          creditBalance: 0,
        });
        await manager.getRepository(SubscriptionEntity).insert(sub);
        if (price > 0)
          await manager.getRepository(ChargeEntity).insert({
            id: chargeId,
            subscriptionId: id,
            reference: `subscription-${id}-initial`,
            kind: 'initial',
            planId: plan.id,
            billingCycle: input.billingCycle,
            amount: price,
            currency: plan.currency,
            creditAfter: 0,
            periodStart: now,
            periodEnd: end,
          });
        else await this.billing.announce(manager, sub);
      });
    } catch (error) {
      if (
        error instanceof QueryFailedError &&
        (error.driverError as { constraint?: string }).constraint === 'uq_subscriptions_live'
      ) {
        const live = await this.dataSource
          .getRepository(SubscriptionEntity)
          .findOneBy({ userId, status: In(LIVE_STATUSES) });
        throw SubscriptionErrors.alreadySubscribed(live?.id ?? 'unknown');
      }
      throw error;
    }
    if (price > 0) await this.billing.charge(chargeId, false);
    return this.get(userId, id);
  }

  /**
   * Upgrades and downgrades apply at once with proration (domain/billing.ts: prorate). A change that
   * costs something is applied when its charge is paid; until then it waits in `pendingChange`
   * (a newer change replaces it).
   */
  async changePlan(
    userId: string,
    id: string,
    input: { planId: string; billingCycle: BillingCycle },
    now = new Date(),
  ) {
    const target = await this.plans.get(input.planId);
    const superseded: string[] = [];
    let chargeId: string | null = null;
    await this.dataSource.transaction(async (manager) => {
      const sub = await this.lockOwn(manager, userId, id);
      if (sub.status !== 'active') throw SubscriptionErrors.notActive(sub.status);
      if (sub.planId === target.id && sub.billingCycle === input.billingCycle)
        throw SubscriptionErrors.samePlan();
      const current = await manager.getRepository(PlanEntity).findOneByOrFail({ id: sub.planId });
      const proration = prorate({
        current: { price: priceOf(current, sub.billingCycle), cycle: sub.billingCycle },
        next: { price: priceOf(target, input.billingCycle), cycle: input.billingCycle },
        periodStart: sub.currentPeriodStart,
        periodEnd: sub.currentPeriodEnd,
        now,
        credit: sub.creditBalance,
      });
      superseded.push(...(await this.voidPending(manager, sub.id, 'change')));
      const periodStart = proration.periodResets ? now : sub.currentPeriodStart;
      const periodEnd = proration.periodResets
        ? firstPeriodEnd(now, input.billingCycle)
        : sub.currentPeriodEnd;
      if (proration.amountDue === 0) {
        Object.assign(sub, {
          planId: target.id,
          billingCycle: input.billingCycle,
          creditBalance: proration.creditAfter,
        });
        if (proration.periodResets)
          Object.assign(sub, {
            anchorAt: periodStart,
            currentPeriodStart: periodStart,
            currentPeriodEnd: periodEnd,
          });
        await manager.getRepository(SubscriptionEntity).save(sub);
        await this.billing.announce(manager, sub);
        return;
      }
      chargeId = randomUUID();
      await manager.getRepository(ChargeEntity).insert({
        id: chargeId,
        subscriptionId: sub.id,
        reference: `subscription-${sub.id}-change-${chargeId}`,
        kind: 'change',
        planId: target.id,
        billingCycle: input.billingCycle,
        amount: proration.amountDue,
        currency: target.currency,
        creditAfter: proration.creditAfter,
        periodStart,
        periodEnd,
        resetsPeriod: proration.periodResets,
      });
    });
    await this.billing.voidAtPayment(superseded);
    if (chargeId) await this.billing.charge(chargeId, false);
    return this.get(userId, id);
  }

  /** At the period's end (the default: paid time is kept), or now (no refund). */
  async cancel(
    userId: string,
    id: string,
    atPeriodEnd: boolean,
    now = new Date(),
  ): Promise<SubscriptionView> {
    const voided: string[] = [];
    await this.dataSource.transaction(async (manager) => {
      const sub = await this.lockOwn(manager, userId, id);
      if (sub.status === 'canceled') throw SubscriptionErrors.alreadyCanceled();
      sub.canceledAt = now;
      if (atPeriodEnd && sub.status !== 'incomplete') {
        sub.cancelAtPeriodEnd = true;
        voided.push(...(await this.voidPending(manager, sub.id, 'change')));
      } else {
        Object.assign(sub, { status: 'canceled', endedAt: now, cancelAtPeriodEnd: false });
        voided.push(...(await this.voidPending(manager, sub.id)));
      }
      await manager.getRepository(SubscriptionEntity).save(sub);
      await this.billing.announce(manager, sub);
    });
    await this.billing.voidAtPayment(voided);
    return this.get(userId, id);
  }

  async list(userId: string, page: number, limit: number): Promise<Page<SubscriptionView>> {
    const [subs, total] = await this.dataSource.getRepository(SubscriptionEntity).findAndCount({
      where: { userId },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: (page - 1) * limit,
      take: limit,
    });
    const items = await Promise.all(subs.map((s) => this.view(s)));
    return { items, page, limit, total };
  }

  async get(userId: string, id: string): Promise<SubscriptionView> {
    const sub = await this.dataSource.getRepository(SubscriptionEntity).findOneBy({ id, userId });
    if (!sub) throw SubscriptionErrors.subscriptionNotFound();
    return this.view(sub);
  }

  async own(userId: string, id: string): Promise<SubscriptionEntity> {
    const sub = await this.dataSource.getRepository(SubscriptionEntity).findOneBy({ id, userId });
    if (!sub) throw SubscriptionErrors.subscriptionNotFound();
    return sub;
  }

  private async view(sub: SubscriptionEntity): Promise<SubscriptionView> {
    const plans = await this.dataSource.getRepository(PlanEntity).find();
    const charges = await this.dataSource.getRepository(ChargeEntity).findBy({ subscriptionId: sub.id });
    return toSubscriptionView(
      sub,
      plans.find((p) => p.id === sub.planId)!,
      charges,
      plans,
    );
  }

  private async lockOwn(manager: EntityManager, userId: string, id: string): Promise<SubscriptionEntity> {
    const sub = await manager
      .getRepository(SubscriptionEntity)
      .findOne({ where: { id, userId }, lock: { mode: 'pessimistic_write' } });
    if (!sub) throw SubscriptionErrors.subscriptionNotFound();
    return sub;
  }

  /** Marks pending charges void (all, or of one kind); returns their references for payment. */
  private async voidPending(manager: EntityManager, subscriptionId: string, kind?: ChargeEntity['kind']) {
    const pending = await manager
      .getRepository(ChargeEntity)
      .findBy({ subscriptionId, status: 'pending', ...(kind ? { kind } : {}) });
    for (const charge of pending)
      await manager.getRepository(ChargeEntity).update({ id: charge.id }, { status: 'void' });
    return pending.map((c) => c.reference);
  }
}
