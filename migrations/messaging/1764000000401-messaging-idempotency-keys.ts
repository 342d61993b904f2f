import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  createIdempotencyTable,
  dropIdempotencyTable,
} from '../../src/platform/idempotency/idempotency-table.migration';

/** Chat clients retry sends on flaky networks: an Idempotency-Key keeps a retry from posting twice. */
export class MessagingIdempotencyKeys1764000000401 implements MigrationInterface {
  name = 'MessagingIdempotencyKeys1764000000401';

  async up(q: QueryRunner): Promise<void> {
    await createIdempotencyTable(q, 'messaging');
  }

  async down(q: QueryRunner): Promise<void> {
    await dropIdempotencyTable(q, 'messaging');
  }
}
