import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Database-wide extensions the contexts rely on (exclusion constraints, trigram search). */
export class Extensions1764000000000 implements MigrationInterface {
  name = 'Extensions1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE EXTENSION IF NOT EXISTS btree_gist');
    await q.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP EXTENSION IF EXISTS pg_trgm');
    await q.query('DROP EXTENSION IF EXISTS btree_gist');
  }
}
