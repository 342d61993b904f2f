import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createEventTables, dropEventTables } from '../../src/platform/events/event-tables.migration';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

// Written out, not imported: a migration states what the database held when it ran, so a kind
// added later comes with a migration of its own.
const NOTIFICATION_CATEGORIES = ['booking', 'messages', 'reviews', 'reminders', 'money', 'security'];
const NOTIFICATION_KINDS = [
  'rental.requested',
  'rental.accepted',
  'rental.declined',
  'rental.expired',
  'rental.cancelled',
  'rental.handed-over',
  'rental.returned',
  'rental.completed',
  'review.published',
  'payment.failed',
  'payment.refunded',
  'payment.payout-sent',
  'claim.filed',
  'claim.accepted',
  'claim.disputed',
  'claim.resolved',
  'claim.withdrawn',
  'message.received',
  'reminder.request-expiring',
  'reminder.rental-starting',
  'reminder.review-closing',
];

/**
 * The notification context: what each person was told (the in-app feed, and the record that an
 * event was handled for them: unique per event and recipient), their preferences, the messages
 * waiting to be told in one digest, its own picture of rentals' dates (for reminders) and the
 * reminders already sent (unique per kind, rental and recipient). Its outbox carries its mail
 * requests.
 */
export class CreateNotification1764000002100 implements MigrationInterface {
  name = 'CreateNotification1764000002100';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA IF NOT EXISTS notification');
    await q.query(`
      CREATE TABLE notification.notifications (
        id uuid NOT NULL,
        event_id uuid NOT NULL,
        recipient_id uuid NOT NULL,
        kind text NOT NULL,
        category text NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        link text NOT NULL,
        subject_id uuid,
        other_id uuid,
        other_name text,
        in_app boolean NOT NULL,
        emailed boolean NOT NULL,
        read_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_notifications PRIMARY KEY (id),
        CONSTRAINT uq_notifications_event_recipient UNIQUE (event_id, recipient_id),
        CONSTRAINT chk_notifications_kind CHECK (kind IN (${list(NOTIFICATION_KINDS)})),
        CONSTRAINT chk_notifications_category CHECK (category IN (${list(NOTIFICATION_CATEGORIES)}))
      )`);
    // The feed, newest first (keyset on created_at, id), and its unread count.
    await q.query(`CREATE INDEX ix_notifications_feed ON notification.notifications
      (recipient_id, created_at DESC, id DESC) WHERE in_app`);
    await q.query(`CREATE INDEX ix_notifications_unread ON notification.notifications (recipient_id)
      WHERE in_app AND read_at IS NULL`);
    await q.query('CREATE INDEX ix_notifications_created ON notification.notifications (created_at)');
    // Erasure of the person a notification names (their name leaves others' feeds).
    await q.query(`CREATE INDEX ix_notifications_other ON notification.notifications (other_id)
      WHERE other_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE notification.preferences (
        user_id uuid NOT NULL,
        category text NOT NULL,
        email boolean NOT NULL,
        in_app boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_preferences PRIMARY KEY (user_id, category),
        CONSTRAINT chk_preferences_category CHECK (category IN (${list(NOTIFICATION_CATEGORIES)})),
        CONSTRAINT chk_preferences_mandatory_email CHECK (category NOT IN ('money', 'security') OR email)
      )`);
    await q.query(`
      CREATE TABLE notification.message_digests (
        id uuid NOT NULL,
        recipient_id uuid NOT NULL,
        conversation_id uuid NOT NULL,
        sender_id uuid NOT NULL,
        product_id uuid NOT NULL,
        rental_id uuid,
        message_count integer NOT NULL DEFAULT 1,
        first_at timestamptz NOT NULL,
        last_at timestamptz NOT NULL,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_message_digests PRIMARY KEY (id),
        CONSTRAINT chk_message_digests_count CHECK (message_count >= 1)
      )`);
    // One open digest per recipient and conversation: the messages of a burst gather in it.
    await q.query(`CREATE UNIQUE INDEX uq_message_digests_open ON notification.message_digests
      (recipient_id, conversation_id) WHERE sent_at IS NULL`);
    await q.query(`CREATE INDEX ix_message_digests_due ON notification.message_digests (first_at)
      WHERE sent_at IS NULL`);
    await q.query('CREATE INDEX ix_message_digests_created ON notification.message_digests (created_at)');
    await q.query(`
      CREATE TABLE notification.rental_schedules (
        rental_id uuid NOT NULL,
        product_id uuid NOT NULL,
        renter_id uuid NOT NULL,
        owner_id uuid NOT NULL,
        status text NOT NULL,
        start_date date NOT NULL,
        end_date date NOT NULL,
        requested_at timestamptz NOT NULL,
        completed_at timestamptz,
        last_event_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_rental_schedules PRIMARY KEY (rental_id)
      )`);
    await q.query(
      'CREATE INDEX ix_rental_schedules_status ON notification.rental_schedules (status, start_date)',
    );
    await q.query(`
      CREATE TABLE notification.reminders (
        id uuid NOT NULL,
        kind text NOT NULL,
        rental_id uuid NOT NULL,
        recipient_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_reminders PRIMARY KEY (id),
        CONSTRAINT uq_reminders_once UNIQUE (kind, rental_id, recipient_id)
      )`);
    await createEventTables(q, 'notification');
  }

  async down(q: QueryRunner): Promise<void> {
    await dropEventTables(q, 'notification');
    await q.query('DROP TABLE notification.reminders');
    await q.query('DROP TABLE notification.rental_schedules');
    await q.query('DROP TABLE notification.message_digests');
    await q.query('DROP TABLE notification.preferences');
    await q.query('DROP TABLE notification.notifications');
    await q.query('DROP SCHEMA notification');
  }
}
