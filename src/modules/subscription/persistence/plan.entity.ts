import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity({ schema: 'subscription', name: 'plans' })
@Index('uq_plans_code', ['code'], { unique: true })
@Check('chk_plans_code', `code ~ '^[a-z][a-z0-9_]*$'`)
@Check('chk_plans_prices', 'monthly_price >= 0 AND yearly_price >= 0')
@Check(
  'chk_plans_limits',
  '(max_active_listings IS NULL OR max_active_listings >= 0) AND (max_rentals_per_month IS NULL OR max_rentals_per_month >= 0)',
)
@Check('chk_plans_currency', `currency ~ '^[A-Z]{3}$'`)
export class PlanEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_plans' })
  id: string;

  @Column('text')
  code: string;

  @Column('text')
  name: string;

  @Column('text')
  description: string;

  @Column('char', { length: 3 })
  currency: string;

  @Column('integer')
  monthlyPrice: number;

  @Column('integer')
  yearlyPrice: number;

  /** null: unlimited. */
  @Column('integer', { nullable: true })
  maxActiveListings: number | null;

  /** Rentals accepted as owner per billing period; null: unlimited. */
  @Column('integer', { nullable: true })
  maxRentalsPerMonth: number | null;

  @Column('text', { array: true, default: () => "'{}'" })
  features: string[];

  @Column('integer')
  sortOrder: number;

  @Column('boolean', { default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
