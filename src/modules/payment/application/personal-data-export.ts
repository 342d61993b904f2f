import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PersonalDataRegistry } from '../../../platform/privacy/personal-data';

interface MethodRow {
  id: string;
  type: string;
  brand: string | null;
  last4: string | null;
  exp_month: number | null;
  exp_year: number | null;
  wallet: string | null;
  bank_name: string | null;
  is_default: boolean;
  removed_at: Date | null;
  created_at: Date;
}

interface IntentRow {
  id: string;
  payer_id: string;
  purpose: string;
  rental_id: string | null;
  subscription_id: string | null;
  description: string;
  currency: string;
  amount: number;
  charge_amount: number;
  deposit_amount: number;
  platform_fee: number;
  payee_amount: number;
  status: string;
  payment_method_id: string | null;
  amount_captured: number;
  amount_refunded: number;
  created_at: Date;
  updated_at: Date;
}

interface RefundRow {
  intent_id: string;
  amount: number;
  currency: string;
  status: string;
  requested_at: Date;
  completed_at: Date | null;
}

interface LedgerRow {
  id: string;
  journal_type: string;
  leg: string;
  account: string;
  amount: number;
  currency: string;
  intent_id: string;
  rental_id: string | null;
  subscription_id: string | null;
  created_at: Date;
}

interface PayoutAccountRow {
  details_submitted: boolean;
  charges_enabled: boolean;
  payouts_enabled: boolean;
  requirements_due: string[];
  created_at: Date;
  updated_at: Date;
}

interface ClaimRow {
  id: string;
  rental_id: string;
  owner_id: string;
  amount: number;
  currency: string;
  description: string;
  photos: string[];
  status: string;
  awarded: number | null;
  filed_at: Date;
  settled_at: Date | null;
}

interface PayoutRow {
  id: string;
  rental_id: string;
  status: string;
  amount: number;
  currency: string;
  release_after: Date;
  transferred_at: Date | null;
  paid_out_at: Date | null;
  created_at: Date;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Payment's section of a person's data export: payment methods as they would recognise them
 * (brand, last four digits, expiry: never a gateway id or token), the payments they made or
 * received, refunds, their payout account's state and payouts, and the ledger lines naming them. Amounts in minor units with the currency.
 * As a payee (owner) they see amounts only, not the payer's method, as in the API.
 */
@Injectable()
export class PaymentPersonalDataExport implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: PersonalDataRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.registerExporter('payment', (userId) => this.export(userId));
  }

  async export(userId: string): Promise<Record<string, unknown>> {
    const [methods, intents, refunds, ledger, payoutAccounts, payouts, claims] = await Promise.all([
      this.dataSource.query<MethodRow[]>(
        `SELECT id, type, brand, last4, exp_month, exp_year, wallet, bank_name, is_default, removed_at, created_at
         FROM payment.payment_methods WHERE user_id = $1 ORDER BY created_at, id`,
        [userId],
      ),
      this.dataSource.query<IntentRow[]>(
        `SELECT i.id, i.payer_id, i.purpose, i.rental_id, i.subscription_id, i.description, i.currency,
                i.amount, i.charge_amount, i.deposit_amount, i.platform_fee, i.payee_amount, i.status,
                i.payment_method_id, i.created_at, i.updated_at,
                coalesce(sum(l.amount_captured), 0)::int AS amount_captured,
                coalesce(sum(l.amount_refunded) FILTER (WHERE l.kind = 'charge'), 0)::int AS amount_refunded
         FROM payment.payment_intents i LEFT JOIN payment.payment_legs l ON l.intent_id = i.id
         WHERE i.payer_id = $1 OR i.payee_id = $1
         GROUP BY i.id ORDER BY i.created_at, i.id`,
        [userId],
      ),
      this.dataSource.query<RefundRow[]>(
        // The cancellation policy's refunds (gateway operations) and admins' refunds, together.
        `SELECT * FROM (
           SELECT o.intent_id, o.amount, i.currency, o.status, o.requested_at, o.completed_at, o.idempotency_key AS k
           FROM payment.gateway_operations o JOIN payment.payment_intents i ON i.id = o.intent_id
           WHERE o.action = 'refund' AND (i.payer_id = $1 OR i.payee_id = $1)
           UNION ALL
           SELECT r.intent_id, r.amount, r.currency, r.status, r.created_at, r.completed_at, r.id::text
           FROM payment.refunds r JOIN payment.payment_intents i ON i.id = r.intent_id
           WHERE i.payer_id = $1 OR i.payee_id = $1) refunds
         ORDER BY requested_at, k`,
        [userId],
      ),
      this.dataSource.query<LedgerRow[]>(
        `SELECT id, journal_type, leg, account, amount, currency, intent_id, rental_id, subscription_id, created_at
         FROM payment.ledger_entries WHERE payer_id = $1 OR payee_id = $1 ORDER BY created_at, id`,
        [userId],
      ),
      // The payout account as the owner sees it: its state, never the gateway's account id.
      this.dataSource.query<PayoutAccountRow[]>(
        `SELECT details_submitted, charges_enabled, payouts_enabled, requirements_due, created_at, updated_at
         FROM payment.connected_accounts WHERE user_id = $1`,
        [userId],
      ),
      this.dataSource.query<PayoutRow[]>(
        `SELECT id, rental_id, status, amount, currency, release_after, transferred_at, paid_out_at, created_at
         FROM payment.payouts WHERE owner_id = $1 ORDER BY created_at, id`,
        [userId],
      ),
      // Damage claims they filed (owner) or answered (renter).
      this.dataSource.query<ClaimRow[]>(
        `SELECT id, rental_id, owner_id, amount, currency, description, photos, status, awarded, filed_at, settled_at
         FROM payment.claims WHERE owner_id = $1 OR renter_id = $1 ORDER BY filed_at, id`,
        [userId],
      ),
    ]);
    return {
      paymentMethods: methods.map((m) => ({
        id: m.id,
        type: m.type,
        brand: m.brand,
        last4: m.last4,
        expMonth: m.exp_month,
        expYear: m.exp_year,
        wallet: m.wallet,
        bankName: m.bank_name,
        isDefault: m.is_default,
        removedAt: iso(m.removed_at),
        createdAt: iso(m.created_at),
      })),
      paymentIntents: intents.map((i) => {
        const role = i.payer_id === userId ? 'payer' : 'payee';
        return {
          id: i.id,
          role,
          purpose: i.purpose,
          rentalId: i.rental_id,
          subscriptionId: i.subscription_id,
          description: i.description,
          status: i.status,
          currency: i.currency,
          amount: i.amount,
          breakdown: {
            charge: i.charge_amount,
            deposit: i.deposit_amount,
            platformFee: i.platform_fee,
            ownerPayout: i.payee_amount,
          },
          amountCaptured: i.amount_captured,
          amountRefunded: i.amount_refunded,
          paymentMethodId: role === 'payer' ? i.payment_method_id : null,
          createdAt: iso(i.created_at),
          updatedAt: iso(i.updated_at),
        };
      }),
      refunds: refunds.map((r) => ({
        paymentIntentId: r.intent_id,
        amount: r.amount,
        currency: r.currency,
        status: r.status,
        requestedAt: iso(r.requested_at),
        completedAt: iso(r.completed_at),
      })),
      payoutAccount:
        payoutAccounts.map((a) => ({
          detailsSubmitted: a.details_submitted,
          chargesEnabled: a.charges_enabled,
          payoutsEnabled: a.payouts_enabled,
          requirementsDue: a.requirements_due,
          createdAt: iso(a.created_at),
          updatedAt: iso(a.updated_at),
        }))[0] ?? null,
      payouts: payouts.map((p) => ({
        id: p.id,
        rentalId: p.rental_id,
        status: p.status,
        amount: p.amount,
        currency: p.currency,
        releaseAfter: iso(p.release_after),
        transferredAt: iso(p.transferred_at),
        paidOutAt: iso(p.paid_out_at),
        createdAt: iso(p.created_at),
      })),
      damageClaims: claims.map((c) => ({
        id: c.id,
        role: c.owner_id === userId ? 'owner' : 'renter',
        rentalId: c.rental_id,
        amount: c.amount,
        currency: c.currency,
        description: c.description,
        photos: c.photos,
        status: c.status,
        awarded: c.awarded,
        filedAt: iso(c.filed_at),
        settledAt: iso(c.settled_at),
      })),
      ledgerEntries: ledger.map((e) => ({
        id: e.id,
        journalType: e.journal_type,
        leg: e.leg,
        account: e.account,
        amount: e.amount,
        currency: e.currency,
        paymentIntentId: e.intent_id,
        rentalId: e.rental_id,
        subscriptionId: e.subscription_id,
        createdAt: iso(e.created_at),
      })),
    };
  }
}
