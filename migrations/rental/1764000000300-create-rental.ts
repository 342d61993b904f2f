import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createEventTables, dropEventTables } from '../../src/platform/events/event-tables.migration';
import {
  createIdempotencyTable,
  dropIdempotencyTable,
} from '../../src/platform/idempotency/idempotency-table.migration';

const HOLDING = `('requested', 'accepted', 'active')`;

/**
 * Rentals, their history, owner blocks, and the holds that make double booking impossible.
 *
 * Two exclusion constraints carry the guarantee, both checked by PostgreSQL itself:
 * - ex_rentals_no_overlap: no two holding rentals of a product overlap (held range = stay + buffer).
 * - ex_holds_no_overlap: rental.holds has one row per holding rental and one per owner block,
 *   written by triggers in the same statement as the rental or block, so nothing can hold dates
 *   without a hold row. Its exclusion makes a block and a holding rental (or two blocks) unable to
 *   overlap. It is race-free at any isolation level: an exclusion index sees uncommitted
 *   conflicting entries and makes the later inserter wait for the earlier one's outcome, then
 *   fail with 23P01 (or, in a rare simultaneous insert, one of them gets a deadlock error, 40P01,
 *   which the application retries).
 */
export class CreateRental1764000000300 implements MigrationInterface {
  name = 'CreateRental1764000000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA IF NOT EXISTS rental');
    await q.query(`
      CREATE TABLE rental.rentals (
        id uuid NOT NULL,
        product_id uuid NOT NULL,
        renter_id uuid NOT NULL,
        owner_id uuid NOT NULL,
        start_date date NOT NULL,
        end_date date NOT NULL,
        buffer_days integer NOT NULL,
        period daterange NOT NULL,
        status text NOT NULL,
        notes text,
        currency char(3) NOT NULL,
        rental_days integer NOT NULL,
        subtotal bigint NOT NULL,
        platform_fee bigint NOT NULL,
        deposit bigint NOT NULL,
        total bigint NOT NULL,
        respond_by timestamptz NOT NULL,
        returned_at timestamptz,
        completed_at timestamptz,
        cancelled_by text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_rentals PRIMARY KEY (id),
        CONSTRAINT chk_rentals_status CHECK (status IN
          ('requested', 'accepted', 'declined', 'cancelled', 'expired', 'active', 'returned', 'completed')),
        CONSTRAINT chk_rentals_dates CHECK (end_date > start_date AND buffer_days >= 0),
        CONSTRAINT chk_rentals_period CHECK (period = daterange(start_date, end_date + buffer_days, '[)')),
        CONSTRAINT chk_rentals_parties CHECK (renter_id <> owner_id),
        CONSTRAINT chk_rentals_quote CHECK (rental_days = end_date - start_date AND subtotal >= 0
          AND platform_fee >= 0 AND deposit >= 0 AND total = subtotal + platform_fee + deposit),
        CONSTRAINT chk_rentals_cancelled_by CHECK ((status = 'cancelled') = (cancelled_by IS NOT NULL)
          AND (cancelled_by IS NULL OR cancelled_by IN ('renter', 'owner'))),
        CONSTRAINT chk_rentals_returned_at CHECK ((status IN ('returned', 'completed')) = (returned_at IS NOT NULL)),
        CONSTRAINT chk_rentals_completed_at CHECK ((status = 'completed') = (completed_at IS NOT NULL)),
        CONSTRAINT ex_rentals_no_overlap EXCLUDE USING gist (product_id WITH =, period WITH &&)
          WHERE (status IN ${HOLDING})
      )`);
    await q.query('CREATE INDEX ix_rentals_renter ON rental.rentals (renter_id, created_at)');
    await q.query('CREATE INDEX ix_rentals_owner ON rental.rentals (owner_id, created_at)');
    // The scheduled jobs' work lists stay small (only open requests, only returned rentals).
    await q.query(
      `CREATE INDEX ix_rentals_open_requests ON rental.rentals (respond_by, start_date) WHERE status = 'requested'`,
    );
    await q.query(
      `CREATE INDEX ix_rentals_returned ON rental.rentals (returned_at) WHERE status = 'returned'`,
    );

    await q.query(`
      CREATE TABLE rental.rental_history (
        id uuid NOT NULL,
        rental_id uuid NOT NULL,
        from_status text,
        to_status text NOT NULL,
        actor_id uuid,
        actor_role text NOT NULL,
        changed_at timestamptz NOT NULL,
        CONSTRAINT pk_rental_history PRIMARY KEY (id),
        CONSTRAINT fk_rental_history_rental FOREIGN KEY (rental_id) REFERENCES rental.rentals (id) ON DELETE CASCADE,
        CONSTRAINT chk_rental_history_actor CHECK (actor_role IN ('renter', 'owner', 'system')
          AND (actor_role = 'system') = (actor_id IS NULL))
      )`);
    await q.query('CREATE INDEX ix_rental_history_rental ON rental.rental_history (rental_id, changed_at)');

    await q.query(`
      CREATE TABLE rental.blocks (
        id uuid NOT NULL,
        product_id uuid NOT NULL,
        created_by uuid NOT NULL,
        start_date date NOT NULL,
        end_date date NOT NULL,
        period daterange NOT NULL,
        reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_blocks PRIMARY KEY (id),
        CONSTRAINT chk_blocks_dates CHECK (end_date > start_date),
        CONSTRAINT chk_blocks_period CHECK (period = daterange(start_date, end_date, '[)'))
      )`);
    await q.query('CREATE INDEX ix_blocks_product ON rental.blocks (product_id, start_date)');

    await q.query(`
      CREATE TABLE rental.holds (
        id uuid NOT NULL,
        product_id uuid NOT NULL,
        period daterange NOT NULL,
        rental_id uuid,
        block_id uuid,
        CONSTRAINT pk_holds PRIMARY KEY (id),
        CONSTRAINT fk_holds_rental FOREIGN KEY (rental_id) REFERENCES rental.rentals (id) ON DELETE CASCADE,
        CONSTRAINT fk_holds_block FOREIGN KEY (block_id) REFERENCES rental.blocks (id) ON DELETE CASCADE,
        CONSTRAINT chk_holds_source CHECK (num_nonnulls(rental_id, block_id) = 1 AND id = coalesce(rental_id, block_id)),
        CONSTRAINT ex_holds_no_overlap EXCLUDE USING gist (product_id WITH =, period WITH &&)
      )`);
    await q.query('CREATE INDEX ix_holds_rental ON rental.holds (rental_id)');
    await q.query('CREATE INDEX ix_holds_block ON rental.holds (block_id)');

    // A rental holds its dates exactly while its status is a holding one: the row appears with the
    // rental and disappears in the same statement that moves it out (declined, cancelled...).
    await q.query(`
      CREATE FUNCTION rental.sync_rental_hold() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          IF (OLD.status IN ${HOLDING}) = (NEW.status IN ${HOLDING})
             AND OLD.period = NEW.period AND OLD.product_id = NEW.product_id THEN
            RETURN NULL;
          END IF;
          DELETE FROM rental.holds WHERE id = OLD.id;
        END IF;
        IF NEW.status IN ${HOLDING} THEN
          INSERT INTO rental.holds (id, product_id, period, rental_id)
          VALUES (NEW.id, NEW.product_id, NEW.period, NEW.id);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER trg_rentals_sync_hold AFTER INSERT OR UPDATE OF status, period, product_id
      ON rental.rentals FOR EACH ROW EXECUTE FUNCTION rental.sync_rental_hold()`);
    await q.query(`
      CREATE FUNCTION rental.sync_block_hold() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          DELETE FROM rental.holds WHERE id = OLD.id;
        END IF;
        INSERT INTO rental.holds (id, product_id, period, block_id)
        VALUES (NEW.id, NEW.product_id, NEW.period, NEW.id);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER trg_blocks_sync_hold AFTER INSERT OR UPDATE OF period, product_id
      ON rental.blocks FOR EACH ROW EXECUTE FUNCTION rental.sync_block_hold()`);

    await createEventTables(q, 'rental');
    await createIdempotencyTable(q, 'rental');
  }

  async down(q: QueryRunner): Promise<void> {
    await dropIdempotencyTable(q, 'rental');
    await dropEventTables(q, 'rental');
    await q.query('DROP TRIGGER trg_blocks_sync_hold ON rental.blocks');
    await q.query('DROP TRIGGER trg_rentals_sync_hold ON rental.rentals');
    await q.query('DROP FUNCTION rental.sync_block_hold()');
    await q.query('DROP FUNCTION rental.sync_rental_hold()');
    await q.query('DROP TABLE rental.holds');
    await q.query('DROP TABLE rental.blocks');
    await q.query('DROP TABLE rental.rental_history');
    await q.query('DROP TABLE rental.rentals');
    await q.query('DROP SCHEMA rental');
  }
}
