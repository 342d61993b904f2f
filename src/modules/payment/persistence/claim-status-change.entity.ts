import type { Relation } from 'typeorm';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { ClaimStatus } from '../domain/claim';
import { CLAIM_STATUSES } from '../domain/claim';
import { ClaimEntity } from './claim.entity';
import { sqlList } from './sql-list';

/** A claim's history: each status it reached, once (the unique index refuses a second record of a move). */
@Entity({ schema: 'payment', name: 'claim_status_changes' })
@Index('uq_claim_status_changes', ['claimId', 'status'], { unique: true })
@Check('chk_claim_status_changes_status', `status IN (${sqlList(CLAIM_STATUSES)})`)
@Check('chk_claim_status_changes_role', `actor_role IN ('owner', 'renter', 'admin')`)
@Check('chk_claim_status_changes_note', 'note IS NULL OR char_length(note) <= 2000')
export class ClaimStatusChangeEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_claim_status_changes' })
  id: string;

  @Column('uuid')
  claimId: string;

  @ManyToOne(() => ClaimEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'claim_id', foreignKeyConstraintName: 'fk_claim_status_changes_claim' })
  claim?: Relation<ClaimEntity>;

  @Column('text')
  status: ClaimStatus;

  @Column('uuid')
  actorId: string;

  @Column('text')
  actorRole: 'owner' | 'renter' | 'admin';

  /** The amount captured by this move (acceptance, resolution), else null. */
  @Column('integer', { nullable: true })
  amount: number | null;

  /** The renter's reason for disputing, the admin's for their decision. */
  @Column('text', { nullable: true })
  note: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  recordedAt: Date;
}
