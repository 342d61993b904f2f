import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createEventTables, dropEventTables } from '../../src/platform/events/event-tables.migration';
import {
  createIdempotencyTable,
  dropIdempotencyTable,
} from '../../src/platform/idempotency/idempotency-table.migration';

const LIVE = `status IN ('incomplete', 'active', 'past_due')`;

export class CreateSubscription1764000000700 implements MigrationInterface {
  name = 'CreateSubscription1764000000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA IF NOT EXISTS subscription');
    await q.query(`
      CREATE TABLE subscription.plans (
        id uuid NOT NULL,
        code text NOT NULL,
        name text NOT NULL,
        description text NOT NULL,
        currency char(3) NOT NULL,
        monthly_price integer NOT NULL,
        yearly_price integer NOT NULL,
        max_active_listings integer,
        max_rentals_per_month integer,
        features text[] NOT NULL DEFAULT '{}',
        sort_order integer NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_plans PRIMARY KEY (id),
        CONSTRAINT chk_plans_code CHECK (code ~ '^[a-z][a-z0-9_]*$'),
        CONSTRAINT chk_plans_prices CHECK (monthly_price >= 0 AND yearly_price >= 0),
        CONSTRAINT chk_plans_limits CHECK ((max_active_listings IS NULL OR max_active_listings >= 0)
          AND (max_rentals_per_month IS NULL OR max_rentals_per_month >= 0)),
        CONSTRAINT chk_plans_currency CHECK (currency ~ '^[A-Z]{3}$')
      )`);
    await q.query('CREATE UNIQUE INDEX uq_plans_code ON subscription.plans (code)');
    // Reference data every environment needs (seeds/subscription.seed.ts keeps it current).
    await q.query(`
      INSERT INTO subscription.plans (id, code, name, description, currency, monthly_price, yearly_price,
        max_active_listings, max_rentals_per_month, features, sort_order) VALUES
      ('0b7f7a3e-5c1d-4c8e-9a52-000000000001', 'free', 'Free', 'List a few things and try the marketplace.', 'EUR',
        0, 0, 5, 5, ARRAY['Up to 5 active listings', 'Up to 5 accepted rentals a month'], 0),
      ('0b7f7a3e-5c1d-4c8e-9a52-000000000002', 'basic', 'Basic', 'For regular lenders.', 'EUR',
        999, 9990, 25, 50, ARRAY['Up to 25 active listings', 'Up to 50 accepted rentals a month', 'Two months free when paid yearly'], 1),
      ('0b7f7a3e-5c1d-4c8e-9a52-000000000003', 'pro', 'Pro', 'For rental shops and power lenders.', 'EUR',
        2999, 29990, NULL, NULL, ARRAY['Unlimited active listings', 'Unlimited accepted rentals', 'Priority support'], 2)`);

    await q.query(`
      CREATE TABLE subscription.subscriptions (
        id uuid NOT NULL,
        user_id uuid NOT NULL,
        plan_id uuid NOT NULL,
        billing_cycle text NOT NULL,
        status text NOT NULL,
        anchor_at timestamptz NOT NULL,
        current_period_start timestamptz NOT NULL,
        current_period_end timestamptz NOT NULL,
        cancel_at_period_end boolean NOT NULL DEFAULT false,
        canceled_at timestamptz,
        ended_at timestamptz,
        past_due_since timestamptz,
        payment_method_id uuid,
        credit_balance integer NOT NULL DEFAULT 0,
        latest_payment_intent_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_subscriptions PRIMARY KEY (id),
        CONSTRAINT fk_subscriptions_plan FOREIGN KEY (plan_id) REFERENCES subscription.plans (id) ON DELETE RESTRICT,
        CONSTRAINT chk_subscriptions_cycle CHECK (billing_cycle IN ('monthly', 'yearly')),
        CONSTRAINT chk_subscriptions_status CHECK (status IN ('incomplete', 'active', 'past_due', 'canceled')),
        CONSTRAINT chk_subscriptions_period CHECK (current_period_end > current_period_start),
        CONSTRAINT chk_subscriptions_credit CHECK (credit_balance >= 0)
      )`);
    // One live subscription per user, whatever the races.
    await q.query(
      `CREATE UNIQUE INDEX uq_subscriptions_live ON subscription.subscriptions (user_id) WHERE ${LIVE}`,
    );
    await q.query('CREATE INDEX ix_subscriptions_user ON subscription.subscriptions (user_id, created_at)');
    await q.query(
      `CREATE INDEX ix_subscriptions_due ON subscription.subscriptions (current_period_end) WHERE ${LIVE}`,
    );

    await q.query(`
      CREATE TABLE subscription.charges (
        id uuid NOT NULL,
        subscription_id uuid NOT NULL,
        reference text NOT NULL,
        kind text NOT NULL,
        plan_id uuid NOT NULL,
        billing_cycle text NOT NULL,
        amount integer NOT NULL,
        currency char(3) NOT NULL,
        credit_after integer NOT NULL,
        period_start timestamptz NOT NULL,
        period_end timestamptz NOT NULL,
        resets_period boolean NOT NULL DEFAULT false,
        status text NOT NULL DEFAULT 'pending',
        payment_intent_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_charges PRIMARY KEY (id),
        CONSTRAINT fk_charges_subscription FOREIGN KEY (subscription_id) REFERENCES subscription.subscriptions (id) ON DELETE RESTRICT,
        CONSTRAINT fk_charges_plan FOREIGN KEY (plan_id) REFERENCES subscription.plans (id) ON DELETE RESTRICT,
        CONSTRAINT chk_charges_kind CHECK (kind IN ('initial', 'renewal', 'change')),
        CONSTRAINT chk_charges_status CHECK (status IN ('pending', 'paid', 'void')),
        CONSTRAINT chk_charges_amount CHECK (amount > 0 AND credit_after >= 0),
        CONSTRAINT chk_charges_cycle CHECK (billing_cycle IN ('monthly', 'yearly'))
      )`);
    await q.query('CREATE UNIQUE INDEX uq_charges_reference ON subscription.charges (reference)');
    await q.query(
      'CREATE INDEX ix_charges_subscription ON subscription.charges (subscription_id, created_at)',
    );

    await q.query(`
      CREATE TABLE subscription.listing_usage (
        product_id uuid NOT NULL,
        owner_id uuid NOT NULL,
        active boolean NOT NULL,
        last_event_at timestamptz NOT NULL,
        CONSTRAINT pk_listing_usage PRIMARY KEY (product_id)
      )`);
    await q.query(
      'CREATE INDEX ix_listing_usage_owner ON subscription.listing_usage (owner_id) WHERE active',
    );
    await q.query(`
      CREATE TABLE subscription.rental_usage (
        rental_id uuid NOT NULL,
        owner_id uuid NOT NULL,
        renter_id uuid NOT NULL,
        accepted_at timestamptz NOT NULL,
        CONSTRAINT pk_rental_usage PRIMARY KEY (rental_id)
      )`);
    await q.query('CREATE INDEX ix_rental_usage_owner ON subscription.rental_usage (owner_id, accepted_at)');

    await createEventTables(q, 'subscription');
    await createIdempotencyTable(q, 'subscription');
  }

  async down(q: QueryRunner): Promise<void> {
    await dropIdempotencyTable(q, 'subscription');
    await dropEventTables(q, 'subscription');
    await q.query('DROP TABLE subscription.rental_usage');
    await q.query('DROP TABLE subscription.listing_usage');
    await q.query('DROP TABLE subscription.charges');
    await q.query('DROP TABLE subscription.subscriptions');
    await q.query('DROP TABLE subscription.plans');
    await q.query('DROP SCHEMA subscription');
  }
}
