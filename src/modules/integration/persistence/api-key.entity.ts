import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  Unique,
} from 'typeorm';
import { ApiClientEntity } from './api-client.entity';

/**
 * One key of a client. Only its SHA-256 is kept; `expiresAt` is set when a rotation replaced it
 * (it works until then, beside its successor), `revokedAt` when an admin ended it.
 */
@Entity({ schema: 'integration', name: 'api_keys' })
@Unique('uq_api_keys_hash', ['keyHash'])
@Index('ix_api_keys_client', ['clientId', 'createdAt'])
@Check('chk_api_keys_hash', `key_hash ~ '^[0-9a-f]{64}$'`)
export class ApiKeyEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_api_keys' })
  id: string;

  @Column('uuid')
  clientId: string;

  @ManyToOne(() => ApiClientEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'fk_api_keys_client' })
  client?: ApiClientEntity;

  @Column('character', { length: 64 })
  keyHash: string;

  /** The key's first characters (`osk_live_Ab12Cd34`), to tell keys apart; never enough to use one. */
  @Column('text')
  hint: string;

  @Column('timestamptz', { nullable: true })
  expiresAt: Date | null;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
