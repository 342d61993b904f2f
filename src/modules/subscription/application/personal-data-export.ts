import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PersonalDataRegistry } from '../../../platform/privacy/personal-data';

interface SubscriptionRow {
  id: string;
  plan_id: string;
  plan_code: string;
  plan_name: string;
  plan_currency: string;
  monthly_price: number;
  yearly_price: number;
  billing_cycle: string;
  status: string;
  current_period_start: Date;
  current_period_end: Date;
  cancel_at_period_end: boolean;
  canceled_at: Date | null;
  ended_at: Date | null;
  past_due_since: Date | null;
  credit_balance: number;
  created_at: Date;
}

interface ChargeRow {
  id: string;
  subscription_id: string;
  kind: string;
  plan_code: string;
  billing_cycle: string;
  amount: number;
  currency: string;
  period_start: Date;
  period_end: Date;
  status: string;
  payment_intent_id: string | null;
  created_at: Date;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Subscription's section of a person's data export: their subscriptions with the plan and every
 * charge, and the usage counted against plan limits (their listings, the rentals they accepted).
 */
@Injectable()
export class SubscriptionPersonalDataExport implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: PersonalDataRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.registerExporter('subscription', (userId) => this.export(userId));
  }

  async export(userId: string): Promise<Record<string, unknown>> {
    const [subscriptions, charges, listings, rentals] = await Promise.all([
      this.dataSource.query<SubscriptionRow[]>(
        `SELECT s.id, s.plan_id, p.code AS plan_code, p.name AS plan_name, p.currency AS plan_currency,
                p.monthly_price, p.yearly_price, s.billing_cycle, s.status, s.current_period_start,
                s.current_period_end, s.cancel_at_period_end, s.canceled_at, s.ended_at, s.past_due_since,
                s.credit_balance, s.created_at
         FROM subscription.subscriptions s JOIN subscription.plans p ON p.id = s.plan_id
         WHERE s.user_id = $1 ORDER BY s.created_at, s.id`,
        [userId],
      ),
      this.dataSource.query<ChargeRow[]>(
        `SELECT c.id, c.subscription_id, c.kind, p.code AS plan_code, c.billing_cycle, c.amount, c.currency,
                c.period_start, c.period_end, c.status, c.payment_intent_id, c.created_at
         FROM subscription.charges c
         JOIN subscription.subscriptions s ON s.id = c.subscription_id
         JOIN subscription.plans p ON p.id = c.plan_id
         WHERE s.user_id = $1 ORDER BY c.created_at, c.id`,
        [userId],
      ),
      this.dataSource.query<{ product_id: string; active: boolean; last_event_at: Date }[]>(
        `SELECT product_id, active, last_event_at FROM subscription.listing_usage
         WHERE owner_id = $1 ORDER BY last_event_at, product_id`,
        [userId],
      ),
      this.dataSource.query<{ rental_id: string; accepted_at: Date }[]>(
        `SELECT rental_id, accepted_at FROM subscription.rental_usage
         WHERE owner_id = $1 ORDER BY accepted_at, rental_id`,
        [userId],
      ),
    ]);
    return {
      subscriptions: subscriptions.map((s) => ({
        id: s.id,
        plan: {
          id: s.plan_id,
          code: s.plan_code,
          name: s.plan_name,
          currency: s.plan_currency,
          prices: { monthly: s.monthly_price, yearly: s.yearly_price },
        },
        billingCycle: s.billing_cycle,
        status: s.status,
        currentPeriodStart: iso(s.current_period_start),
        currentPeriodEnd: iso(s.current_period_end),
        cancelAtPeriodEnd: s.cancel_at_period_end,
        canceledAt: iso(s.canceled_at),
        endedAt: iso(s.ended_at),
        pastDueSince: iso(s.past_due_since),
        creditBalance: s.credit_balance,
        createdAt: iso(s.created_at),
        charges: charges
          .filter((c) => c.subscription_id === s.id)
          .map((c) => ({
            id: c.id,
            kind: c.kind,
            planCode: c.plan_code,
            billingCycle: c.billing_cycle,
            amount: c.amount,
            currency: c.currency,
            periodStart: iso(c.period_start),
            periodEnd: iso(c.period_end),
            status: c.status,
            paymentIntentId: c.payment_intent_id,
            createdAt: iso(c.created_at),
          })),
      })),
      usage: {
        listings: listings.map((l) => ({
          productId: l.product_id,
          active: l.active,
          lastEventAt: iso(l.last_event_at),
        })),
        acceptedRentals: rentals.map((r) => ({ rentalId: r.rental_id, acceptedAt: iso(r.accepted_at) })),
      },
    };
  }
}
