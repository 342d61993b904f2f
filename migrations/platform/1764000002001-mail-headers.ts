import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Extra header lines of a message (a notification's RFC 8058 List-Unsubscribe pair), kept while it
 * waits to be sent and scrubbed with the bodies once it is: the link inside works without a login.
 * And the people a message is about besides its recipient (a notification names the other side of
 * a rental): erasing one of them erases the messages not yet sent that name them.
 */
export class MailHeaders1764000002001 implements MigrationInterface {
  name = 'MailHeaders1764000002001';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE mail.messages ADD COLUMN headers jsonb');
    await q.query(`ALTER TABLE mail.messages ADD COLUMN about_user_ids uuid[] NOT NULL DEFAULT '{}'`);
    await q.query('CREATE INDEX ix_mail_messages_about ON mail.messages USING gin (about_user_ids)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX mail.ix_mail_messages_about');
    await q.query('ALTER TABLE mail.messages DROP COLUMN about_user_ids');
    await q.query('ALTER TABLE mail.messages DROP COLUMN headers');
  }
}
