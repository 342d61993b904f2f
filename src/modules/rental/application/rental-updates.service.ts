import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TrustApi } from '../../trust';
import type { RentalStatus } from '../contracts/rental-api';
import type { RentalActor } from '../domain/rental-lifecycle';
import { isFinal } from '../domain/rental-lifecycle';
import { RentalErrors } from '../domain/rental.errors';
import type { RentalRecord } from '../persistence/rental-row';
import { RentalRepository } from '../persistence/rental.repository';
import { RentalTransitions } from './rental-transitions';

export interface RentalUpdate {
  status?: RentalStatus;
  notes?: string | null;
}

const ATTEMPTS = 3;

/** PUT /rentals/:id for its renter or owner: a status change, a notes change, or both. */
@Injectable()
export class RentalUpdatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rentals: RentalRepository,
    private readonly transitions: RentalTransitions,
    private readonly trust: TrustApi,
  ) {}

  /**
   * Optimistic: read, decide, then update only if the version is unchanged. When a concurrent
   * change wins, decide again on what it left, so two racing transitions can never both apply
   * (the loser gets a 409 if its move is no longer legal, or a no-op if it asked for what is now
   * the status).
   */
  async update(
    userId: string,
    rentalId: string,
    update: RentalUpdate,
    now = new Date(),
  ): Promise<RentalRecord> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const rental = await this.rentals.findById(rentalId);
      const actor = rental ? partyOf(rental, userId) : null;
      if (!rental || !actor) throw RentalErrors.rentalNotFound();

      const moves = update.status !== undefined && update.status !== rental.status;
      const renotes = update.notes !== undefined && update.notes !== rental.notes;
      const transition = moves ? { to: update.status as RentalStatus, actor, actorId: userId } : null;
      if (transition) this.transitions.assertAllowed(rental, transition);
      // Accepting makes a new commitment, which a suspended owner (whose access token lives on for
      // minutes) may not; everything else (declining, handing over, returning) may go on.
      if (transition?.to === 'accepted' && (await this.trust.isRestricted(userId)))
        throw RentalErrors.accountRestricted();
      // Nor with a renter suspended since their request.
      if (transition?.to === 'accepted' && (await this.trust.isRestricted(rental.renterId)))
        throw RentalErrors.renterUnavailable();
      if (!transition && renotes && isFinal(rental.status)) throw RentalErrors.closed(rental.status);
      if (!transition && !renotes) return rental;

      const updated = await this.dataSource.transaction((manager) =>
        this.transitions.apply(manager, rental, transition, renotes ? { notes: update.notes } : {}, now),
      );
      if (updated) return updated;
    }
    throw RentalErrors.concurrentChange();
  }
}

export function partyOf(rental: RentalRecord, userId: string): Exclude<RentalActor, 'system'> | null {
  if (rental.renterId === userId) return 'renter';
  if (rental.ownerId === userId) return 'owner';
  return null;
}
