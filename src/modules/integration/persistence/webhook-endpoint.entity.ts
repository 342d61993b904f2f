import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { DISABLED_REASONS, type DisabledReason, sqlList } from '../domain/integration-vocabulary';
import { ApiClientEntity } from './api-client.entity';

/**
 * Where a client wants events pushed. The signing secrets are sealed (SecretBox): the worker needs
 * them in clear to sign, so a hash would not do. During a rotation the previous secret signs too,
 * until `previousSecretExpiresAt`.
 */
@Entity({ schema: 'integration', name: 'webhook_endpoints' })
@Index('uq_webhook_endpoints_url', ['clientId', 'url'], { unique: true })
@Check('chk_webhook_endpoints_url', 'char_length(url) BETWEEN 1 AND 2048')
@Check('chk_webhook_endpoints_description', 'char_length(description) <= 200')
@Check('chk_webhook_endpoints_types', 'cardinality(event_types) BETWEEN 1 AND 100')
@Check(
  'chk_webhook_endpoints_disabled',
  `enabled = (disabled_reason IS NULL) AND (disabled_reason IS NULL) = (disabled_at IS NULL)
          AND (disabled_reason IS NULL OR disabled_reason IN (${sqlList(DISABLED_REASONS)}))`,
)
@Check(
  'chk_webhook_endpoints_previous_secret',
  '(previous_secret_sealed IS NULL) = (previous_secret_expires_at IS NULL)',
)
export class WebhookEndpointEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_webhook_endpoints' })
  id: string;

  @Column('uuid')
  clientId: string;

  @ManyToOne(() => ApiClientEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'fk_webhook_endpoints_client' })
  client?: ApiClientEntity;

  @Column('text')
  url: string;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('text', { array: true })
  eventTypes: string[];

  @Column('text')
  secretSealed: string;

  @Column('text', { nullable: true })
  previousSecretSealed: string | null;

  @Column('timestamptz', { nullable: true })
  previousSecretExpiresAt: Date | null;

  @Column('boolean', { default: true })
  enabled: boolean;

  @Column('text', { nullable: true })
  disabledReason: DisabledReason | null;

  @Column('timestamptz', { nullable: true })
  disabledAt: Date | null;

  /** Since when every attempt failed (null after a success): past the retry window it is disabled. */
  @Column('timestamptz', { nullable: true })
  failingSince: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
