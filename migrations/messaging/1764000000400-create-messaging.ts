import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createEventTables, dropEventTables } from '../../src/platform/events/event-tables.migration';

export class CreateMessaging1764000000400 implements MigrationInterface {
  name = 'CreateMessaging1764000000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA IF NOT EXISTS messaging');
    await q.query(`
      CREATE TABLE messaging.conversations (
        id uuid NOT NULL,
        product_id uuid NOT NULL,
        rental_id uuid,
        renter_id uuid NOT NULL,
        owner_id uuid NOT NULL,
        last_message_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_conversations PRIMARY KEY (id),
        CONSTRAINT chk_conversations_two_people CHECK (renter_id <> owner_id)
      )`);
    // One conversation per rental; one open inquiry per would-be renter and product.
    await q.query(
      'CREATE UNIQUE INDEX uq_conversations_rental ON messaging.conversations (rental_id) WHERE rental_id IS NOT NULL',
    );
    await q.query(
      'CREATE UNIQUE INDEX uq_conversations_inquiry ON messaging.conversations (product_id, renter_id) WHERE rental_id IS NULL',
    );
    await q.query(`
      CREATE TABLE messaging.conversation_participants (
        conversation_id uuid NOT NULL,
        user_id uuid NOT NULL,
        role text NOT NULL,
        last_read_at timestamptz,
        last_read_message_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_conversation_participants PRIMARY KEY (conversation_id, user_id),
        CONSTRAINT fk_conversation_participants_conversation FOREIGN KEY (conversation_id)
          REFERENCES messaging.conversations (id) ON DELETE CASCADE,
        CONSTRAINT chk_conversation_participants_role CHECK (role IN ('renter', 'owner')),
        CONSTRAINT chk_conversation_participants_read_position
          CHECK ((last_read_at IS NULL) = (last_read_message_id IS NULL))
      )`);
    await q.query(
      'CREATE UNIQUE INDEX uq_conversation_participants_role ON messaging.conversation_participants (conversation_id, role)',
    );
    await q.query(
      'CREATE INDEX ix_conversation_participants_user ON messaging.conversation_participants (user_id)',
    );
    await q.query(`
      CREATE TABLE messaging.messages (
        id uuid NOT NULL,
        conversation_id uuid NOT NULL,
        sender_id uuid,
        type text NOT NULL,
        body text,
        attachment_url text,
        attachment_name text,
        attachment_size integer,
        attachment_mime_type text,
        system_event text,
        actor_id uuid,
        created_at timestamptz NOT NULL,
        CONSTRAINT pk_messages PRIMARY KEY (id),
        CONSTRAINT fk_messages_conversation FOREIGN KEY (conversation_id)
          REFERENCES messaging.conversations (id) ON DELETE CASCADE,
        CONSTRAINT chk_messages_type CHECK (type IN ('text', 'image', 'file', 'system')),
        CONSTRAINT chk_messages_sender CHECK ((type = 'system') = (sender_id IS NULL)),
        CONSTRAINT chk_messages_body_length CHECK (char_length(body) <= 4000),
        CONSTRAINT chk_messages_content CHECK (CASE type
          WHEN 'text' THEN body IS NOT NULL AND attachment_url IS NULL
          WHEN 'system' THEN body IS NOT NULL AND system_event IS NOT NULL AND attachment_url IS NULL
          ELSE attachment_url IS NOT NULL AND attachment_name IS NOT NULL AND attachment_size IS NOT NULL
            AND attachment_mime_type IS NOT NULL END),
        CONSTRAINT chk_messages_attachment_url CHECK (attachment_url LIKE 'https://%'),
        CONSTRAINT chk_messages_attachment_size CHECK (attachment_size BETWEEN 1 AND 26214400)
      )`);
    // Serves both the keyset pages and the unread counts (a range scan after the read position).
    await q.query(
      'CREATE INDEX ix_messages_conversation_position ON messaging.messages (conversation_id, created_at, id)',
    );
    await createEventTables(q, 'messaging');
  }

  async down(q: QueryRunner): Promise<void> {
    await dropEventTables(q, 'messaging');
    await q.query('DROP TABLE messaging.messages');
    await q.query('DROP TABLE messaging.conversation_participants');
    await q.query('DROP TABLE messaging.conversations');
    await q.query('DROP SCHEMA messaging');
  }
}
