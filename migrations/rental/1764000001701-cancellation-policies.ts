import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cancellation policies (#15 item 4): each rental keeps the policy its listing had when it was
 * requested, and a cancelled rental keeps what its renter got back of the charge.
 *
 * Rentals booked before policies existed get `flexible` (catalog's default for every existing
 * listing, the most generous tiers). Rentals already cancelled get the refund the rule of their
 * day gave: everything when the owner cancelled or nothing had been accepted (the holds were
 * released), the subtotal when the renter cancelled an accepted rental.
 */
export class RentalCancellationPolicies1764000001701 implements MigrationInterface {
  name = 'RentalCancellationPolicies1764000001701';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE rental.rentals
        ADD COLUMN cancellation_policy text NOT NULL DEFAULT 'flexible',
        ADD COLUMN cancellation_refund bigint`);
    // Every new rental names its policy: no default once the existing ones have theirs.
    await q.query('ALTER TABLE rental.rentals ALTER COLUMN cancellation_policy DROP DEFAULT');
    await q.query(`
      UPDATE rental.rentals r
      SET cancellation_refund = CASE
        WHEN r.cancelled_by = 'renter' AND EXISTS (
          SELECT 1 FROM rental.rental_history h WHERE h.rental_id = r.id AND h.to_status = 'accepted'
        ) THEN r.subtotal
        ELSE r.subtotal + r.platform_fee
      END
      WHERE r.status = 'cancelled'`);
    await q.query(`
      ALTER TABLE rental.rentals
        ADD CONSTRAINT chk_rentals_cancellation_policy
          CHECK (cancellation_policy IN ('flexible', 'moderate', 'strict')),
        ADD CONSTRAINT chk_rentals_cancellation_refund
          CHECK ((status = 'cancelled') = (cancellation_refund IS NOT NULL)
            AND (cancellation_refund IS NULL OR cancellation_refund BETWEEN 0 AND subtotal + platform_fee))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE rental.rentals
        DROP CONSTRAINT chk_rentals_cancellation_refund,
        DROP CONSTRAINT chk_rentals_cancellation_policy,
        DROP COLUMN cancellation_refund,
        DROP COLUMN cancellation_policy`);
  }
}
