import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import type { BillingCycle } from '../domain/billing';
import type { PlanOption } from '../domain/plan-limits';
import { SubscriptionErrors } from '../domain/subscription.errors';
import { PlanEntity } from '../persistence/plan.entity';

export interface PlanView {
  id: string;
  code: string;
  name: string;
  description: string;
  currency: string;
  prices: { monthly: number; yearly: number };
  limits: { activeListings: number | null; rentalsPerMonth: number | null };
  features: string[];
}

export const FREE_PLAN_CODE = 'free';

export const priceOf = (plan: PlanEntity, cycle: BillingCycle) =>
  cycle === 'monthly' ? plan.monthlyPrice : plan.yearlyPrice;

export const toPlanView = (plan: PlanEntity): PlanView => ({
  id: plan.id,
  code: plan.code,
  name: plan.name,
  description: plan.description,
  currency: plan.currency,
  prices: { monthly: plan.monthlyPrice, yearly: plan.yearlyPrice },
  limits: { activeListings: plan.maxActiveListings, rentalsPerMonth: plan.maxRentalsPerMonth },
  features: plan.features,
});

export const toPlanOption = (plan: PlanEntity): PlanOption => ({
  id: plan.id,
  code: plan.code,
  name: plan.name,
  sortOrder: plan.sortOrder,
  limits: { maxActiveListings: plan.maxActiveListings, maxRentalsPerMonth: plan.maxRentalsPerMonth },
});

@Injectable()
export class PlansService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Active plans, cheapest first. */
  list(manager: EntityManager = this.dataSource.manager): Promise<PlanEntity[]> {
    return manager.getRepository(PlanEntity).find({ where: { active: true }, order: { sortOrder: 'ASC' } });
  }

  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<PlanEntity> {
    const plan = await manager.getRepository(PlanEntity).findOneBy({ id, active: true });
    if (!plan) throw SubscriptionErrors.planNotFound();
    return plan;
  }

  /** Whoever has no subscription is on this one. */
  async free(manager: EntityManager = this.dataSource.manager): Promise<PlanEntity> {
    return manager.getRepository(PlanEntity).findOneByOrFail({ code: FREE_PLAN_CODE });
  }
}
