import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ApiKeyScope } from '../domain/integration-vocabulary';
import { API_KEY_SCOPES, sqlList } from '../domain/integration-vocabulary';

/** A third party an admin let in: what its keys may do, and whether it is still let in. */
@Entity({ schema: 'integration', name: 'api_clients' })
@Index('ix_api_clients_created', ['createdAt', 'id'])
@Check('chk_api_clients_name', 'char_length(name) BETWEEN 1 AND 100')
@Check(
  'chk_api_clients_scopes',
  `cardinality(scopes) >= 1 AND scopes <@ ARRAY[${sqlList(API_KEY_SCOPES)}]::text[]`,
)
@Check('chk_api_clients_rate_limit', 'rate_limit_per_minute BETWEEN 1 AND 100000')
@Check('chk_api_clients_revoked', '(revoked_at IS NULL) = (revoked_by IS NULL)')
export class ApiClientEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_api_clients' })
  id: string;

  @Column('text')
  name: string;

  @Column('text', { array: true })
  scopes: ApiKeyScope[];

  /** Null: the configured default (API_KEY_RATE_LIMIT_PER_MINUTE). */
  @Column('integer', { nullable: true })
  rateLimitPerMinute: number | null;

  /** The admin who created it (identity's user id; no foreign key across schemas). */
  @Column('uuid')
  createdBy: string;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;

  @Column('uuid', { nullable: true })
  revokedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
