import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { NOTIFICATION_CATEGORIES, NOTIFICATION_KINDS } from '../domain/notification-kinds';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * What one person was told of one event: the in-app entry (listed while `in_app`) and the record
 * that makes it once (unique event and recipient). Read and written by notification.store.ts.
 */
@Entity({ schema: 'notification', name: 'notifications' })
@Unique('uq_notifications_event_recipient', ['eventId', 'recipientId'])
// Descending and partial: written in the migration, left alone by the schema diff.
@Index('ix_notifications_feed', { synchronize: false })
@Index('ix_notifications_unread', { synchronize: false })
@Index('ix_notifications_other', { synchronize: false })
@Index('ix_notifications_created', ['createdAt'])
@Check('chk_notifications_kind', `kind IN (${list(NOTIFICATION_KINDS)})`)
@Check('chk_notifications_category', `category IN (${list(NOTIFICATION_CATEGORIES)})`)
export class NotificationEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_notifications' }) id: string;
  @Column('uuid') eventId: string;
  @Column('uuid') recipientId: string;
  @Column('text') kind: string;
  @Column('text') category: string;
  @Column('text') title: string;
  @Column('text') body: string;
  @Column('text') link: string;
  @Column('uuid', { nullable: true }) subjectId: string | null;
  @Column('uuid', { nullable: true }) otherId: string | null;
  @Column('text', { nullable: true }) otherName: string | null;
  @Column('boolean') inApp: boolean;
  @Column('boolean') emailed: boolean;
  @Column('timestamptz', { nullable: true }) readAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

/** A person's choice for one category; what is absent is on. */
@Entity({ schema: 'notification', name: 'preferences' })
@Check('chk_preferences_category', `category IN (${list(NOTIFICATION_CATEGORIES)})`)
@Check('chk_preferences_mandatory_email', `category NOT IN ('money', 'security') OR email`)
export class NotificationPreferenceEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_preferences' }) userId: string;
  @PrimaryColumn('text', { primaryKeyConstraintName: 'pk_preferences' }) category: string;
  @Column('boolean') email: boolean;
  @Column('boolean') inApp: boolean;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

/** A conversation's messages gathered for one email; one open digest per recipient and conversation. */
@Entity({ schema: 'notification', name: 'message_digests' })
@Index('uq_message_digests_open', { synchronize: false })
@Index('ix_message_digests_due', { synchronize: false })
@Index('ix_message_digests_created', ['createdAt'])
@Check('chk_message_digests_count', 'message_count >= 1')
export class MessageDigestEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_message_digests' }) id: string;
  @Column('uuid') recipientId: string;
  @Column('uuid') conversationId: string;
  @Column('uuid') senderId: string;
  @Column('uuid') productId: string;
  @Column('uuid', { nullable: true }) rentalId: string | null;
  @Column('integer', { default: 1 }) messageCount: number;
  @Column('timestamptz') firstAt: Date;
  @Column('timestamptz') lastAt: Date;
  @Column('timestamptz', { nullable: true }) sentAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** Notification's own picture of a rental, from rental's events, for the reminders. */
@Entity({ schema: 'notification', name: 'rental_schedules' })
@Index('ix_rental_schedules_status', ['status', 'startDate'])
export class RentalScheduleEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_rental_schedules' }) rentalId: string;
  @Column('uuid') productId: string;
  @Column('uuid') renterId: string;
  @Column('uuid') ownerId: string;
  @Column('text') status: string;
  @Column('date') startDate: string;
  @Column('date') endDate: string;
  @Column('timestamptz') requestedAt: Date;
  @Column('timestamptz', { nullable: true }) completedAt: Date | null;
  @Column('timestamptz') lastEventAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

/** A reminder told: once per kind, rental and recipient. */
@Entity({ schema: 'notification', name: 'reminders' })
@Unique('uq_reminders_once', ['kind', 'rentalId', 'recipientId'])
export class ReminderEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_reminders' }) id: string;
  @Column('text') kind: string;
  @Column('uuid') rentalId: string;
  @Column('uuid') recipientId: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
