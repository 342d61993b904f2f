import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { SanctionKind } from '../domain/trust-vocabulary';
import { SANCTION_KINDS, sqlList } from '../domain/trust-vocabulary';

/**
 * A moderator's sanction on a user. A suspension restricts until `endsAt`, a ban until lifted, a
 * warning never. Rows are never deleted: lifting one sets `liftedAt`, so the history stays.
 */
@Entity({ schema: 'trust', name: 'sanctions' })
@Index('ix_sanctions_user', ['userId', 'createdAt'])
@Index('ix_sanctions_expiring', ['endsAt'], { where: `kind = 'suspension' AND lifted_at IS NULL` })
@Check('chk_sanctions_kind', `kind IN (${sqlList(SANCTION_KINDS)})`)
@Check('chk_sanctions_ends', `(kind = 'suspension') = (ends_at IS NOT NULL)`)
@Check('chk_sanctions_ends_after_start', 'ends_at IS NULL OR ends_at > starts_at')
@Check('chk_sanctions_lift', `(lifted_at IS NULL) OR kind <> 'warning'`)
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

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
