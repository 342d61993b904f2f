import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * An owner's connected account at the gateway and its state as the gateway last told it
 * (`account.updated` webhooks, the sandbox's onboarding page). One per owner.
 */
@Entity({ schema: 'payment', name: 'connected_accounts' })
@Index('uq_connected_accounts_gateway', ['gatewayAccountId'], { unique: true })
export class ConnectedAccountEntity {
  /** identity's user id; no foreign key across schemas. */
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_connected_accounts' })
  userId: string;

  @Column('text')
  gatewayAccountId: string;

  @Column('boolean', { default: false })
  detailsSubmitted: boolean;

  @Column('boolean', { default: false })
  chargesEnabled: boolean;

  @Column('boolean', { default: false })
  payoutsEnabled: boolean;

  @Column('text', { array: true, default: () => "'{}'" })
  requirementsDue: string[];

  @Column('text', { nullable: true })
  disabledReason: string | null;

  /** When the gateway said what is stored: an older word (a late webhook) never overrides it. */
  @Column('timestamptz', { nullable: true })
  stateObservedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
