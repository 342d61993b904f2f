import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../platform/config/app-config';
import type { ListingAllowance, PlanLimitsSnapshot, RentalAllowance } from '../contracts/subscription-api';
import { SubscriptionApi } from '../contracts/subscription-api';
import { upgradeForListings, withinLimit } from '../domain/plan-limits';
import { SubscriptionErrors } from '../domain/subscription.errors';
import { PlansService, toPlanOption } from './plans.service';
import { UsageService } from './usage.service';

@Injectable()
export class SubscriptionApiService extends SubscriptionApi {
  constructor(
    private readonly usage: UsageService,
    private readonly plans: PlansService,
    private readonly config: AppConfig,
  ) {
    super();
  }

  limitsFor(userId: string): Promise<PlanLimitsSnapshot> {
    return this.usage.limits(userId);
  }

  async checkCanActivateListing(userId: string, activeListingCount: number): Promise<ListingAllowance> {
    const { plan } = await this.usage.effectivePlan(userId);
    const ref = { planId: plan.id, code: plan.code, name: plan.name };
    const allowed = withinLimit(plan.maxActiveListings, activeListingCount);
    const upgrade = allowed
      ? null
      : upgradeForListings(
          (await this.plans.list()).map(toPlanOption),
          toPlanOption(plan),
          activeListingCount,
        );
    return {
      allowed,
      plan: ref,
      limit: plan.maxActiveListings,
      activeListings: activeListingCount,
      upgrade: upgrade
        ? {
            planId: upgrade.id,
            code: upgrade.code,
            name: upgrade.name,
            maxActiveListings: upgrade.limits.maxActiveListings,
          }
        : null,
    };
  }

  async assertCanActivateListing(userId: string, activeListingCount: number): Promise<void> {
    if (!this.config.SUBSCRIPTION_LIMITS_ENFORCED) return;
    const allowance = await this.checkCanActivateListing(userId, activeListingCount);
    if (allowance.allowed) return;
    throw SubscriptionErrors.listingLimitReached(
      {
        limit: { name: 'activeListings', max: allowance.limit, used: allowance.activeListings },
        plan: allowance.plan,
        upgrade: allowance.upgrade && {
          ...allowance.upgrade,
          href: `/api/v1/subscription/plans/${allowance.upgrade.planId}`,
          how: 'POST /api/v1/subscription/subscriptions, or PUT /api/v1/subscription/subscriptions/{id}/plan',
        },
      },
      allowance.limit!,
    );
  }

  async checkCanAcceptRental(ownerId: string): Promise<RentalAllowance> {
    const { plan, periodStart, periodEnd } = await this.usage.effectivePlan(ownerId);
    const accepted = await this.usage.acceptedRentals(ownerId, periodStart, periodEnd);
    return {
      allowed: withinLimit(plan.maxRentalsPerMonth, accepted),
      plan: { planId: plan.id, code: plan.code, name: plan.name },
      limit: plan.maxRentalsPerMonth,
      acceptedThisPeriod: accepted,
      periodStart: periodStart.toISOString(),
      periodEnd: periodEnd.toISOString(),
    };
  }

  async assertCanAcceptRental(ownerId: string): Promise<void> {
    const allowance = await this.checkCanAcceptRental(ownerId);
    if (allowance.allowed) return;
    throw SubscriptionErrors.rentalLimitReached(
      {
        limit: { name: 'rentalsPerMonth', max: allowance.limit, used: allowance.acceptedThisPeriod },
        plan: allowance.plan,
        periodEnd: allowance.periodEnd,
      },
      allowance.limit!,
    );
  }
}
