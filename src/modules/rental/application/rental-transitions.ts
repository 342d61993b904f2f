import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Outbox } from '../../../platform/events/outbox';
import type { RentalStatus } from '../contracts/rental-api';
import type { CancellationOutcome } from '../domain/cancellation-policy';
import { refundOnCancellation } from '../domain/cancellation-policy';
import type { RentalActor } from '../domain/rental-lifecycle';
import { allowedTransitions, canTransition } from '../domain/rental-lifecycle';
import { RentalErrors } from '../domain/rental.errors';
import type { RentalRecord } from '../persistence/rental-row';
import type { RentalChanges } from '../persistence/rental.repository';
import { RentalRepository } from '../persistence/rental.repository';
import { eventForEnteredStatus } from './rental-events';

export interface Transition {
  to: RentalStatus;
  actor: RentalActor;
  /** Null for the system. */
  actorId: string | null;
}

/**
 * Moves one rental to a new status inside the caller's transaction: the lifecycle decides, the
 * row changes only if nobody changed it since it was read (its version), and the history row
 * and the integration event commit with it.
 */
@Injectable()
export class RentalTransitions {
  constructor(
    private readonly rentals: RentalRepository,
    private readonly outbox: Outbox,
  ) {}

  /** Throws RENTAL.ILLEGAL_TRANSITION (409, with the allowed statuses) when the lifecycle says no. */
  assertAllowed(rental: RentalRecord, transition: Transition): void {
    if (!canTransition(rental.status, transition.to, transition.actor)) {
      throw RentalErrors.illegalTransition(
        rental.status,
        transition.to,
        transition.actor,
        allowedTransitions(rental.status, transition.actor),
      );
    }
  }

  /** The updated rental, or null when its version moved on meanwhile (the caller re-reads). */
  async apply(
    manager: EntityManager,
    rental: RentalRecord,
    transition: Transition | null,
    extra: { notes?: string | null },
    now: Date,
  ): Promise<RentalRecord | null> {
    const changes: RentalChanges = { ...extra };
    let refund: (CancellationOutcome & { by: 'renter' | 'owner' }) | null = null;
    if (transition) {
      this.assertAllowed(rental, transition);
      changes.status = transition.to;
      if (transition.to === 'cancelled') {
        refund = cancellationRefund(rental, transition.actor, now);
        changes.cancelledBy = refund.by;
        changes.cancellationRefund = refund.amount;
      }
      if (transition.to === 'returned') changes.returnedAt = now;
      if (transition.to === 'completed') changes.completedAt = now;
    }
    const updated = await this.rentals.updateAtVersion(manager, rental.id, rental.version, changes, now);
    if (!updated || !transition) return updated;
    await this.rentals.insertHistory(manager, rental.id, {
      fromStatus: rental.status,
      toStatus: transition.to,
      actorRole: transition.actor,
      actorId: transition.actorId,
      changedAt: now.toISOString(),
    });
    await this.outbox.publish(
      manager,
      'rental',
      eventForEnteredStatus(updated, rental.status, transition.actorId, now, refund),
    );
    return updated;
  }
}

/**
 * The refund of cancelling `rental` now, decided here, inside the transaction that cancels it, so
 * the amount stored, the one published in RentalCancelled and the one payment refunds are one.
 * The lifecycle lets only the renter and the owner cancel, and only from requested or accepted.
 */
function cancellationRefund(
  rental: RentalRecord,
  actor: RentalActor,
  now: Date,
): CancellationOutcome & { by: 'renter' | 'owner' } {
  if (actor === 'system' || (rental.status !== 'requested' && rental.status !== 'accepted'))
    throw new Error(`The lifecycle let ${actor} cancel a ${rental.status} rental`);
  const outcome = refundOnCancellation({
    policy: rental.cancellationPolicy,
    startDate: rental.startDate,
    subtotal: rental.quote.subtotal,
    platformFee: rental.quote.platformFee,
    from: rental.status,
    by: actor,
    at: now,
  });
  return { ...outcome, by: actor };
}
