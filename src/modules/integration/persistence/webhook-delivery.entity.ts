import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { DELIVERY_STATUSES, type DeliveryStatus, sqlList } from '../domain/integration-vocabulary';
import { FeedEventEntity } from './feed-event.entity';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';

/**
 * One event owed to one endpoint, until a 2xx comes back or its deadline passes. It goes with its
 * feed event when retention prunes that (the delivery log keeps the feed's window).
 */
@Entity({ schema: 'integration', name: 'webhook_deliveries' })
@Index('uq_webhook_deliveries_event', ['endpointId', 'eventId'], {
  unique: true,
  where: 'redelivery_of IS NULL',
})
@Index('ix_webhook_deliveries_due', ['nextAttemptAt'], { where: `status = 'pending'` })
@Index('ix_webhook_deliveries_resource', ['endpointId', 'resource', 'position'], {
  where: `status = 'pending'`,
})
@Index('ix_webhook_deliveries_log', ['endpointId', 'createdAt', 'id'])
@Index('ix_webhook_deliveries_position', ['position'])
@Check('chk_webhook_deliveries_status', `status IN (${sqlList(DELIVERY_STATUSES)})`)
@Check(
  'chk_webhook_deliveries_schedule',
  `(status = 'pending') = (next_attempt_at IS NOT NULL) AND (status = 'pending') = (completed_at IS NULL)`,
)
export class WebhookDeliveryEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_webhook_deliveries' })
  id: string;

  @Column('uuid')
  endpointId: string;

  @ManyToOne(() => WebhookEndpointEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'endpoint_id', foreignKeyConstraintName: 'fk_webhook_deliveries_endpoint' })
  endpoint?: WebhookEndpointEntity;

  @Column('bigint')
  position: string;

  @ManyToOne(() => FeedEventEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'position', foreignKeyConstraintName: 'fk_webhook_deliveries_event' })
  event?: FeedEventEntity;

  @Column('uuid')
  eventId: string;

  @Column('text')
  eventType: string;

  @Column('text')
  resource: string;

  @Column('text', { default: 'pending' })
  status: DeliveryStatus;

  @Column('integer', { default: 0 })
  attempts: number;

  @Column('timestamptz', { nullable: true })
  nextAttemptAt: Date | null;

  /** A worker took it until then; another may take it after (a crashed worker's attempt is retried). */
  @Column('timestamptz', { nullable: true })
  leasedUntil: Date | null;

  @Column('timestamptz')
  deadlineAt: Date;

  @Column('timestamptz', { nullable: true })
  lastAttemptAt: Date | null;

  @Column('integer', { nullable: true })
  lastStatusCode: number | null;

  @Column('text', { nullable: true })
  lastError: string | null;

  @Column('timestamptz', { nullable: true })
  completedAt: Date | null;

  /** The delivery this one repeats, for a manual redelivery. */
  @Column('uuid', { nullable: true })
  redeliveryOf: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
