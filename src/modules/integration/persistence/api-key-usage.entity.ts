import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ApiKeyEntity } from './api-key.entity';

/** When a key was last used (to the minute): bookkeeping kept apart from the key itself. */
@Entity({ schema: 'integration', name: 'api_key_usage' })
export class ApiKeyUsageEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_api_key_usage' })
  keyId: string;

  @ManyToOne(() => ApiKeyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'key_id', foreignKeyConstraintName: 'fk_api_key_usage_key' })
  key?: ApiKeyEntity;

  @Column('timestamptz')
  lastUsedAt: Date;
}
