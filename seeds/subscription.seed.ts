import type { DataSource } from 'typeorm';

interface PlanSeed {
  id: string;
  code: string;
  name: string;
  description: string;
  currency: string;
  monthlyPrice: number;
  yearlyPrice: number;
  maxActiveListings: number | null;
  maxRentalsPerMonth: number | null;
  features: string[];
  sortOrder: number;
}

/**
 * The plan catalog. The subscription migration inserts these rows in every environment (plans
 * are reference data); this seed keeps an existing database in step when the catalog changes.
 * Prices are minor units; a null limit is unlimited; yearly is ten months' price.
 */
export const PLANS: PlanSeed[] = [
  {
    id: '0b7f7a3e-5c1d-4c8e-9a52-000000000001',
    code: 'free',
    name: 'Free',
    description: 'List a few things and try the marketplace.',
    currency: 'EUR',
    monthlyPrice: 0,
    yearlyPrice: 0,
    maxActiveListings: 5,
    maxRentalsPerMonth: 5,
    features: ['Up to 5 active listings', 'Up to 5 accepted rentals a month'],
    sortOrder: 0,
  },
  {
    id: '0b7f7a3e-5c1d-4c8e-9a52-000000000002',
    code: 'basic',
    name: 'Basic',
    description: 'For regular lenders.',
    currency: 'EUR',
    monthlyPrice: 999,
    yearlyPrice: 9990,
    maxActiveListings: 25,
    maxRentalsPerMonth: 50,
    features: [
      'Up to 25 active listings',
      'Up to 50 accepted rentals a month',
      'Two months free when paid yearly',
    ],
    sortOrder: 1,
  },
  {
    id: '0b7f7a3e-5c1d-4c8e-9a52-000000000003',
    code: 'pro',
    name: 'Pro',
    description: 'For rental shops and power lenders.',
    currency: 'EUR',
    monthlyPrice: 2999,
    yearlyPrice: 29990,
    maxActiveListings: null,
    maxRentalsPerMonth: null,
    features: ['Unlimited active listings', 'Unlimited accepted rentals', 'Priority support'],
    sortOrder: 2,
  },
];

/** Idempotent: inserts missing plans and updates changed ones by code; returns how many rows changed. */
export async function seedPlans(dataSource: DataSource): Promise<number> {
  let changed = 0;
  for (const p of PLANS) {
    const rows: unknown[] = await dataSource.query(
      `INSERT INTO subscription.plans AS p (id, code, name, description, currency, monthly_price, yearly_price,
         max_active_listings, max_rentals_per_month, features, sort_order)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description,
         currency = EXCLUDED.currency, monthly_price = EXCLUDED.monthly_price, yearly_price = EXCLUDED.yearly_price,
         max_active_listings = EXCLUDED.max_active_listings, max_rentals_per_month = EXCLUDED.max_rentals_per_month,
         features = EXCLUDED.features, sort_order = EXCLUDED.sort_order, active = true, updated_at = now()
       WHERE (p.name, p.description, p.currency, p.monthly_price, p.yearly_price, p.max_active_listings,
              p.max_rentals_per_month, p.features, p.sort_order, p.active)
         IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.description, EXCLUDED.currency, EXCLUDED.monthly_price,
              EXCLUDED.yearly_price, EXCLUDED.max_active_listings, EXCLUDED.max_rentals_per_month,
              EXCLUDED.features, EXCLUDED.sort_order, true)
       RETURNING p.id`,
      [
        p.id,
        p.code,
        p.name,
        p.description,
        p.currency,
        p.monthlyPrice,
        p.yearlyPrice,
        p.maxActiveListings,
        p.maxRentalsPerMonth,
        p.features,
        p.sortOrder,
      ],
    );
    changed += rows.length;
  }
  return changed;
}
