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
import type { ParticipantRole } from '../domain/conversation-participants';
import { ConversationEntity } from './conversation.entity';

/**
 * One row per person in a conversation: how the inbox list finds a user's conversations, and where
 * they have read up to — the (created_at, id) position of the last message read, so unread counts
 * are a range scan on the messages index.
 */
@Entity({ schema: 'messaging', name: 'conversation_participants' })
@Index('uq_conversation_participants_role', ['conversationId', 'role'], { unique: true })
@Index('ix_conversation_participants_user', ['userId'])
@Check('chk_conversation_participants_role', `role IN ('renter', 'owner')`)
@Check(
  'chk_conversation_participants_read_position',
  '(last_read_at IS NULL) = (last_read_message_id IS NULL)',
)
export class ConversationParticipantEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_conversation_participants' })
  conversationId: string;

  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_conversation_participants' })
  userId: string;

  @ManyToOne(() => ConversationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'conversation_id',
    foreignKeyConstraintName: 'fk_conversation_participants_conversation',
  })
  conversation?: Relation<ConversationEntity>;

  @Column('text')
  role: ParticipantRole;

  @Column('timestamptz', { nullable: true })
  lastReadAt: Date | null;

  @Column('uuid', { nullable: true })
  lastReadMessageId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
