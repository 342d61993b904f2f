import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The platform's mail path: the inbox of MailRequested events it has taken in (mail publishes
 * nothing, so no outbox) and one row per requested email. `event_id` is unique: however often an
 * event is redelivered, one message exists. A sent message keeps only what an operator needs
 * (template, subject, status, when); its address and bodies are scrubbed by the dispatcher.
 */
export class Mail1764000001100 implements MigrationInterface {
  name = 'Mail1764000001100';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA mail');
    await q.query(`
      CREATE TABLE mail.inbox_events (
        event_id uuid NOT NULL,
        handler text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_mail_inbox_events PRIMARY KEY (event_id, handler)
      )`);
    // What the inbox retention job walks (the other contexts build theirs in a later migration).
    await q.query('CREATE INDEX ix_mail_inbox_processed ON mail.inbox_events (processed_at)');
    await q.query(`
      CREATE TABLE mail.messages (
        id uuid NOT NULL,
        event_id uuid NOT NULL,
        user_id uuid,
        template text NOT NULL,
        locale text NOT NULL,
        recipient text,
        subject text NOT NULL,
        text_body text,
        html_body text,
        message_id text NOT NULL,
        status text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        last_error text,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_mail_messages PRIMARY KEY (id),
        CONSTRAINT uq_mail_messages_event_id UNIQUE (event_id),
        CONSTRAINT chk_mail_messages_status CHECK (status IN ('pending', 'sending', 'sent', 'stored', 'failed')),
        CONSTRAINT chk_mail_messages_attempts CHECK (attempts >= 0),
        CONSTRAINT chk_mail_messages_due CHECK (status NOT IN ('pending', 'sending') OR next_attempt_at IS NOT NULL),
        CONSTRAINT chk_mail_messages_sent_at CHECK ((status = 'sent') = (sent_at IS NOT NULL))
      )`);
    // The dispatcher's claim: due messages, oldest due first; only the few not yet sent are indexed.
    await q.query(`
      CREATE INDEX ix_mail_messages_due ON mail.messages (next_attempt_at, id)
      WHERE status IN ('pending', 'sending')`);
    // The development mailbox, newest first (keyset on created_at, id).
    await q.query(`
      CREATE INDEX ix_mail_messages_mailbox ON mail.messages (created_at DESC, id DESC)
      WHERE status = 'stored'`);
    // Retention (mail-retention.job.ts): settled messages by age.
    await q.query(`
      CREATE INDEX ix_mail_messages_settled ON mail.messages (created_at)
      WHERE status IN ('sent', 'stored', 'failed')`);
    // Erasure with the account.
    await q.query(
      'CREATE INDEX ix_mail_messages_user_id ON mail.messages (user_id) WHERE user_id IS NOT NULL',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE mail.messages');
    await q.query('DROP TABLE mail.inbox_events');
    await q.query('DROP SCHEMA mail');
  }
}
