import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';

/** One try of a delivery, as the endpoint's delivery log shows it. */
@Entity({ schema: 'integration', name: 'webhook_attempts' })
@Index('ix_webhook_attempts_delivery', ['deliveryId', 'attemptedAt'])
export class WebhookAttemptEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_webhook_attempts' })
  id: string;

  @Column('uuid')
  deliveryId: string;

  @ManyToOne(() => WebhookDeliveryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'delivery_id', foreignKeyConstraintName: 'fk_webhook_attempts_delivery' })
  delivery?: WebhookDeliveryEntity;

  @Column('timestamptz')
  attemptedAt: Date;

  @Column('integer')
  durationMs: number;

  /** The HTTP status the endpoint answered; null when none came (refused address, timeout, reset). */
  @Column('integer', { nullable: true })
  statusCode: number | null;

  @Column('text', { nullable: true })
  error: string | null;

  /** The start of the endpoint's answer (at most 500 characters), to debug it. */
  @Column('text', { nullable: true })
  responseExcerpt: string | null;
}
