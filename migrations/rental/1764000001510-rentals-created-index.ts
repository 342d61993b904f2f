import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The operator-wide rentals list (RentalApi.listRentals, for integrators) walks every rental newest
 * first by (created_at, id). Built CONCURRENTLY, so outside a transaction: bookings go on meanwhile;
 * a build cut short leaves an invalid index, which a rerun drops first.
 */
export class RentalsCreatedIndex1764000001510 implements MigrationInterface {
  name = 'RentalsCreatedIndex1764000001510';
  readonly transaction = false as const;

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX CONCURRENTLY IF EXISTS rental.ix_rentals_created');
    await q.query('CREATE INDEX CONCURRENTLY ix_rentals_created ON rental.rentals (created_at, id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS rental.ix_rentals_created');
  }
}
