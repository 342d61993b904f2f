import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** The payer's customer at the gateway (payment methods hang off it). */
@Entity({ schema: 'payment', name: 'customers' })
@Index('uq_customers_gateway', ['gatewayCustomerId'], { unique: true })
export class CustomerEntity {
  /** identity's user id; no foreign key across schemas. */
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_customers' })
  userId: string;

  @Column('text')
  gatewayCustomerId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
