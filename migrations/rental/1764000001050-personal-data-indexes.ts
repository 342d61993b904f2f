import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The personal-data export and the erasure find the blocks a person created by `created_by`. */
export class RentalPersonalDataIndexes1764000001050 implements MigrationInterface {
  name = 'RentalPersonalDataIndexes1764000001050';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX ix_blocks_created_by ON rental.blocks (created_by)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX rental.ix_blocks_created_by');
  }
}
