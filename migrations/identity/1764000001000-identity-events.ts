import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createEventTables, dropEventTables } from '../../src/platform/events/event-tables.migration';

/**
 * Identity starts publishing (UserDeleted, the emails it asks for) and handling events: its outbox
 * and inbox.
 */
export class IdentityEvents1764000001000 implements MigrationInterface {
  name = 'IdentityEvents1764000001000';

  async up(q: QueryRunner): Promise<void> {
    await createEventTables(q, 'identity');
  }

  async down(q: QueryRunner): Promise<void> {
    await dropEventTables(q, 'identity');
  }
}
