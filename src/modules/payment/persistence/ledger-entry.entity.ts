import type { Relation } from 'typeorm';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import type { JournalType, LedgerAccount } from '../domain/ledger';
import { JOURNAL_TYPES, LEDGER_ACCOUNTS } from '../domain/ledger';
import type { LegKind } from '../domain/payment-intent';
import { PaymentIntentEntity } from './payment-intent.entity';
import { sqlList } from './sql-list';

/**
 * One line of a balanced journal. Append-only: the migration's triggers refuse UPDATE, DELETE and
 * TRUNCATE, and a deferred constraint trigger refuses a journal whose lines do not sum to zero.
 */
@Entity({ schema: 'payment', name: 'ledger_entries' })
@Index('uq_ledger_entries_journal_account', ['journalKey', 'account'], { unique: true })
@Index('ix_ledger_entries_intent', ['intentId'])
@Index('ix_ledger_entries_rental', ['rentalId'])
@Index('ix_ledger_entries_payer', ['payerId', 'createdAt'])
@Index('ix_ledger_entries_payee', ['payeeId', 'createdAt'])
@Check('chk_ledger_entries_amount', 'amount <> 0')
@Check('chk_ledger_entries_account', `account IN (${sqlList(LEDGER_ACCOUNTS)})`)
@Check('chk_ledger_entries_journal_type', `journal_type IN (${sqlList(JOURNAL_TYPES)})`)
@Check('chk_ledger_entries_leg', `leg IN ('charge', 'deposit')`)
export class LedgerEntryEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_ledger_entries' })
  id: string;

  @Column('text')
  journalKey: string;

  @Column('text')
  journalType: JournalType;

  @Column('text')
  leg: LegKind;

  @Column('text')
  account: LedgerAccount;

  @Column('integer')
  amount: number;

  @Column('char', { length: 3 })
  currency: string;

  @Column('uuid')
  intentId: string;

  @ManyToOne(() => PaymentIntentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'intent_id', foreignKeyConstraintName: 'fk_ledger_entries_intent' })
  intent?: Relation<PaymentIntentEntity>;

  @Column('uuid', { nullable: true })
  rentalId: string | null;

  @Column('uuid', { nullable: true })
  subscriptionId: string | null;

  @Column('uuid')
  payerId: string;

  @Column('uuid', { nullable: true })
  payeeId: string | null;

  @Column('text', { nullable: true })
  gatewayReference: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
