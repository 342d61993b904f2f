import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { SanctionKind } from '../domain/trust-vocabulary';
import { SANCTION_KINDS, sqlList } from '../domain/trust-vocabulary';

/**
 * A moderator's sanction on a user. A suspension restricts until `endsAt`, a ban until lifted, a
 * warning never. Rows are never deleted: lifting one sets `liftedAt`, so the history stays.
 */
@Entity({ schema: 'trust', name: 'sanctions' })
@Index('ix_sanctions_user', ['userId', 'createdAt', 'id'])
@Index('ix_sanctions_expiring', ['endsAt'], {
  where: `kind = 'suspension' AND lifted_at IS NULL AND expired_at IS NULL`,
})
@Check('chk_sanctions_kind', `kind IN (${sqlList(SANCTION_KINDS)})`)
@Check('chk_sanctions_ends', `(kind = 'suspension') = (ends_at IS NOT NULL)`)
@Check('chk_sanctions_ends_after_start', 'ends_at IS NULL OR ends_at > starts_at')
@Check('chk_sanctions_lift', `(lifted_at IS NULL) OR kind <> 'warning'`)
@Check('chk_sanctions_lift_note', 'lift_note IS NULL OR lifted_at IS NOT NULL')
@Check('chk_sanctions_expired', `expired_at IS NULL OR (kind = 'suspension' AND lifted_at IS NULL)`)
@Check('chk_sanctions_text_length', 'char_length(reason) <= 2000 AND char_length(lift_note) <= 2000')
export class SanctionEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_sanctions' })
  id: string;

  @Column('uuid')
  userId: string;

  @Column('text')
  kind: SanctionKind;

  /** Shown to the user: why. */
  @Column('text')
  reason: string;

  @Column('uuid', { nullable: true })
  reportId: string | null;

  /** The moderator; null when no one in particular (a job). */
  @Column('uuid', { nullable: true })
  imposedBy: string | null;

  @Column('timestamptz')
  startsAt: Date;

  @Column('timestamptz', { nullable: true })
  endsAt: Date | null;

  @Column('timestamptz', { nullable: true })
  liftedAt: Date | null;

  @Column('uuid', { nullable: true })
  liftedBy: string | null;

  /** The moderator's note on lifting (for other moderators; the user is not shown it). */
  @Column('text', { nullable: true })
  liftNote: string | null;

  /**
   * When the expiry of this suspension was dealt with (the user reinstated, or told of what still
   * restricts them): the expiry job's mark, so each end is handled once.
   */
  @Column('timestamptz', { nullable: true })
  expiredAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
