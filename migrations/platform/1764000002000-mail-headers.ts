import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Extra header lines of a message (a notification's RFC 8058 List-Unsubscribe pair), kept while it
 * waits to be sent and scrubbed with the bodies once it is: the link inside works without a login.
 */
export class MailHeaders1764000002000 implements MigrationInterface {
  name = 'MailHeaders1764000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE mail.messages ADD COLUMN headers jsonb');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE mail.messages DROP COLUMN headers');
  }
}
