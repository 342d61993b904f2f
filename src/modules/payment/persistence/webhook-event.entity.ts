import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** Each Stripe event id, recorded in the same transaction as its effect: a redelivery finds it and does nothing. */
@Entity({ schema: 'payment', name: 'webhook_events' })
@Check('chk_webhook_events_outcome', `outcome IN ('applied', 'ignored')`)
export class WebhookEventEntity {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'pk_webhook_events' })
  eventId: string;

  @Column('text')
  type: string;

  @Column('text', { nullable: true })
  objectId: string | null;

  @Column('text')
  outcome: 'applied' | 'ignored';

  @Column('timestamptz')
  gatewayCreatedAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  receivedAt: Date;
}
