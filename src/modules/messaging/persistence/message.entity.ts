import type { Relation } from 'typeorm';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { MessageType } from '../domain/message-content';
import { ConversationEntity } from './conversation.entity';

/** A message as written (never trimmed or sanitised). `system` ones have no sender. */
@Entity({ schema: 'messaging', name: 'messages' })
@Index('ix_messages_conversation_position', ['conversationId', 'createdAt', 'id'])
@Check('chk_messages_type', `type IN ('text', 'image', 'file', 'system')`)
@Check('chk_messages_sender', `(type = 'system') = (sender_id IS NULL)`)
@Check('chk_messages_body_length', 'char_length(body) <= 4000')
@Check(
  'chk_messages_content',
  `CASE type WHEN 'text' THEN body IS NOT NULL AND attachment_url IS NULL ` +
    `WHEN 'system' THEN body IS NOT NULL AND system_event IS NOT NULL AND attachment_url IS NULL ` +
    `ELSE attachment_url IS NOT NULL AND attachment_name IS NOT NULL AND attachment_size IS NOT NULL ` +
    `AND attachment_mime_type IS NOT NULL END`,
)
@Check('chk_messages_attachment_url', `attachment_url LIKE 'https://%'`)
@Check('chk_messages_attachment_size', 'attachment_size BETWEEN 1 AND 26214400')
export class MessageEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_messages' })
  id: string;

  @Column('uuid')
  conversationId: string;

  @ManyToOne(() => ConversationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'conversation_id', foreignKeyConstraintName: 'fk_messages_conversation' })
  conversation?: Relation<ConversationEntity>;

  @Column('uuid', { nullable: true })
  senderId: string | null;

  @Column('text')
  type: MessageType;

  @Column('text', { nullable: true })
  body: string | null;

  @Column('text', { nullable: true })
  attachmentUrl: string | null;

  @Column('text', { nullable: true })
  attachmentName: string | null;

  @Column('integer', { nullable: true })
  attachmentSize: number | null;

  @Column('text', { nullable: true })
  attachmentMimeType: string | null;

  /** For system messages: the stable key of what happened (`rental.accepted`). */
  @Column('text', { nullable: true })
  systemEvent: string | null;

  /** For system messages: who caused it, whose unread count it does not raise. */
  @Column('uuid', { nullable: true })
  actorId: string | null;

  /** Assigned under the conversation's row lock: commit order equals (created_at, id) order. */
  @Column('timestamptz')
  createdAt: Date;

  /**
   * When a moderator removed it (trust.ContentRemoved). The row stays, for the audit and its
   * author's data export; every participant's read leaves it out.
   */
  @Column('timestamptz', { nullable: true })
  removedAt: Date | null;
}
