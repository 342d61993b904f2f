import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { PlanLimitsSnapshot } from '../contracts/subscription-api';
import { addMonths } from '../domain/billing';
import { remaining } from '../domain/plan-limits';
import { PlanEntity } from '../persistence/plan.entity';
import { SubscriptionEntity } from '../persistence/subscription.entity';
import { PlansService } from './plans.service';

export interface UsageView {
  subscriptionId: string | null;
  plan: { id: string; code: string; name: string };
  periodStart: string;
  periodEnd: string;
  listings: { used: number; limit: number | null; remaining: number | null };
  rentals: { used: number; limit: number | null; remaining: number | null };
}

export interface EffectivePlan {
  plan: PlanEntity;
  subscription: SubscriptionEntity | null;
  periodStart: Date;
  periodEnd: Date;
}

/** Usage and limits. Counts follow catalog's and rental's events (see UsageEventsHandler). */
@Injectable()
export class UsageService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly plans: PlansService,
  ) {}

  /**
   * Active and past-due (during the grace period) subscriptions give their plan; no subscription,
   * an unpaid (incomplete) one or an ended one gives the free plan, counted by calendar month.
   */
  async effectivePlan(userId: string, now = new Date()): Promise<EffectivePlan> {
    const sub = await this.dataSource
      .getRepository(SubscriptionEntity)
      .findOneBy({ userId, status: In(['active', 'past_due']) });
    if (sub) {
      const plan = await this.dataSource.getRepository(PlanEntity).findOneByOrFail({ id: sub.planId });
      return {
        plan,
        subscription: sub,
        periodStart: sub.currentPeriodStart,
        periodEnd: sub.currentPeriodEnd,
      };
    }
    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    return {
      plan: await this.plans.free(),
      subscription: null,
      periodStart: monthStart,
      periodEnd: addMonths(monthStart, 1),
    };
  }

  async activeListings(userId: string): Promise<number> {
    const [{ n }] = await this.dataSource.query(
      'SELECT count(*)::int AS n FROM subscription.listing_usage WHERE owner_id = $1 AND active',
      [userId],
    );
    return n;
  }

  async acceptedRentals(ownerId: string, from: Date, to: Date): Promise<number> {
    const [{ n }] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM subscription.rental_usage
       WHERE owner_id = $1 AND accepted_at >= $2 AND accepted_at < $3`,
      [ownerId, from, to],
    );
    return n;
  }

  /** Usage of one subscription's period against its plan. */
  async forSubscription(sub: SubscriptionEntity): Promise<UsageView> {
    const plan = await this.dataSource.getRepository(PlanEntity).findOneByOrFail({ id: sub.planId });
    return this.view(sub.userId, plan, sub.id, sub.currentPeriodStart, sub.currentPeriodEnd);
  }

  async current(userId: string): Promise<UsageView> {
    const { plan, subscription, periodStart, periodEnd } = await this.effectivePlan(userId);
    return this.view(userId, plan, subscription?.id ?? null, periodStart, periodEnd);
  }

  async limits(userId: string): Promise<PlanLimitsSnapshot> {
    const { plan, subscription, periodStart, periodEnd } = await this.effectivePlan(userId);
    return {
      planId: plan.id,
      planCode: plan.code,
      planName: plan.name,
      subscriptionId: subscription?.id ?? null,
      maxActiveListings: plan.maxActiveListings,
      maxRentalsPerMonth: plan.maxRentalsPerMonth,
      periodStart: periodStart.toISOString(),
      periodEnd: periodEnd.toISOString(),
    };
  }

  private async view(
    userId: string,
    plan: PlanEntity,
    subscriptionId: string | null,
    from: Date,
    to: Date,
  ): Promise<UsageView> {
    const listings = await this.activeListings(userId);
    const rentals = await this.acceptedRentals(userId, from, to);
    return {
      subscriptionId,
      plan: { id: plan.id, code: plan.code, name: plan.name },
      periodStart: from.toISOString(),
      periodEnd: to.toISOString(),
      listings: {
        used: listings,
        limit: plan.maxActiveListings,
        remaining: remaining(plan.maxActiveListings, listings),
      },
      rentals: {
        used: rentals,
        limit: plan.maxRentalsPerMonth,
        remaining: remaining(plan.maxRentalsPerMonth, rentals),
      },
    };
  }
}
