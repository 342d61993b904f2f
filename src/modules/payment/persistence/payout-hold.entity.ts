import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { PayoutHoldReason } from '../domain/payout-plan';

/**
 * Keeps a rental's payout back while a claim or a dispute on it is open (lifted_at null). The
 * payout job releases nothing while one is open; claims and disputes place and lift them.
 */
@Entity({ schema: 'payment', name: 'payout_holds' })
@Index('uq_payout_holds_reference', ['rentalId', 'reason', 'reference'], { unique: true })
@Index('ix_payout_holds_open', ['rentalId'], { where: 'lifted_at IS NULL' })
@Check('chk_payout_holds_reason', `reason IN ('claim', 'dispute', 'refund')`)
export class PayoutHoldEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_payout_holds' })
  id: string;

  @Column('uuid')
  rentalId: string;

  @Column('text')
  reason: PayoutHoldReason;

  /** The claim's or dispute's own id. */
  @Column('text')
  reference: string;

  @Column('timestamptz', { default: () => 'now()' })
  placedAt: Date;

  @Column('timestamptz', { nullable: true })
  liftedAt: Date | null;
}
