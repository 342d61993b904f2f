import type { Relation } from 'typeorm';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { DisputeStatus } from '../domain/dispute';
import { DISPUTE_STATUSES } from '../domain/dispute';
import { DisputeEntity } from './dispute.entity';
import { sqlList } from './sql-list';

/** How a status reached us: a signed webhook, a gateway answer (evidence), the sandbox. */
export type DisputeStatusSource = 'webhook' | 'gateway' | 'sandbox';

/**
 * A dispute's history: each status it reached, once (statuses only move forward, so the unique
 * index also refuses a second record of the same move by racing deliveries).
 */
@Entity({ schema: 'payment', name: 'dispute_status_changes' })
@Index('uq_dispute_status_changes', ['disputeId', 'status'], { unique: true })
@Check('chk_dispute_status_changes_status', `status IN (${sqlList(DISPUTE_STATUSES)})`)
@Check('chk_dispute_status_changes_source', `source IN ('webhook', 'gateway', 'sandbox')`)
export class DisputeStatusChangeEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_dispute_status_changes' })
  id: string;

  @Column('uuid')
  disputeId: string;

  @ManyToOne(() => DisputeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'dispute_id', foreignKeyConstraintName: 'fk_dispute_status_changes_dispute' })
  dispute?: Relation<DisputeEntity>;

  @Column('text')
  status: DisputeStatus;

  @Column('text')
  source: DisputeStatusSource;

  /** The Stripe event that told us, for webhooks. */
  @Column('text', { nullable: true })
  gatewayEventId: string | null;

  /** The admin whose evidence moved it, for gateway answers to evidence. */
  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  recordedAt: Date;
}
