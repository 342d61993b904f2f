import type { BillingCycle } from '../domain/billing';
import type { ChargeEntity } from '../persistence/charge.entity';
import type { PlanEntity } from '../persistence/plan.entity';
import type { SubscriptionEntity, SubscriptionStatus } from '../persistence/subscription.entity';
import { priceOf } from './plans.service';

export interface ChargeView {
  id: string;
  kind: 'initial' | 'renewal' | 'change';
  amount: number;
  currency: string;
  status: 'pending' | 'paid' | 'void';
  /** payment's intent: confirm it with POST /payment/payment-intents/{id}/confirm while pending. */
  paymentIntentId: string | null;
  createdAt: string;
}

export interface SubscriptionView {
  id: string;
  plan: { id: string; code: string; name: string };
  billingCycle: BillingCycle;
  status: SubscriptionStatus;
  price: number;
  currency: string;
  currentPeriodStart: string;
  currentPeriodEnd: string;
  cancelAtPeriodEnd: boolean;
  canceledAt: string | null;
  endedAt: string | null;
  creditBalance: number;
  paymentMethodId: string | null;
  latestCharge: ChargeView | null;
  /** A plan change waiting for its payment (3-D Secure, a declined card); applied once paid. */
  pendingChange: {
    plan: { id: string; code: string; name: string };
    billingCycle: BillingCycle;
    charge: ChargeView;
  } | null;
  createdAt: string;
  updatedAt: string;
}

export const toChargeView = (c: ChargeEntity): ChargeView => ({
  id: c.id,
  kind: c.kind,
  amount: c.amount,
  currency: c.currency,
  status: c.status,
  paymentIntentId: c.paymentIntentId,
  createdAt: c.createdAt.toISOString(),
});

export function toSubscriptionView(
  sub: SubscriptionEntity,
  plan: PlanEntity,
  charges: ChargeEntity[],
  plans: PlanEntity[],
): SubscriptionView {
  const newest = [...charges].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const pending = newest.find((c) => c.kind === 'change' && c.status === 'pending');
  const target = pending && plans.find((p) => p.id === pending.planId);
  return {
    id: sub.id,
    plan: { id: plan.id, code: plan.code, name: plan.name },
    billingCycle: sub.billingCycle,
    status: sub.status,
    price: priceOf(plan, sub.billingCycle),
    currency: plan.currency,
    currentPeriodStart: sub.currentPeriodStart.toISOString(),
    currentPeriodEnd: sub.currentPeriodEnd.toISOString(),
    cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
    canceledAt: sub.canceledAt?.toISOString() ?? null,
    endedAt: sub.endedAt?.toISOString() ?? null,
    creditBalance: sub.creditBalance,
    paymentMethodId: sub.paymentMethodId,
    latestCharge: newest[0] ? toChargeView(newest[0]) : null,
    pendingChange:
      pending && target
        ? {
            plan: { id: target.id, code: target.code, name: target.name },
            billingCycle: pending.billingCycle,
            charge: toChargeView(pending),
          }
        : null,
    createdAt: sub.createdAt.toISOString(),
    updatedAt: sub.updatedAt.toISOString(),
  };
}
