import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventBus } from '../../../platform/events/event-bus';
import { UserDeleted } from '../../identity';
import type { UserDeletedPayload } from '../../identity';
import type { IntegrationEvent } from '../../../platform/events/integration-event';
import { endingOnErasure } from '../domain/party-erasure';
import type { RentalRow } from '../persistence/rental-row';
import { RENTAL_COLUMNS, toRentalRecord } from '../persistence/rental-row';
import { partyOf } from './rental-updates.service';
import { RentalTransitions } from './rental-transitions';

/**
 * A party erased their account. Identity refused while a rental of theirs was unfinished, but an
 * access token outlives the erasure by minutes, so a request made meanwhile can be open: it ends
 * as their own move (withdrawn, declined), with its usual event, history row and released dates.
 * Finished rentals stay for the other party and the books, with ids only: the notes, which either
 * side may have filled with a phone number or an address, are cleared, as are the reasons of their
 * calendar blocks and their stored Idempotency-Key answers (which hold whole rental bodies).
 */
@Injectable()
export class RentalUserErasureSubscriber implements OnModuleInit {
  constructor(
    private readonly bus: EventBus,
    private readonly transitions: RentalTransitions,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe(UserDeleted, {
      name: 'rental.erase-deleted-user',
      inbox: 'rental',
      handle: (event, manager) => this.erase(event, manager),
    });
  }

  async erase(event: IntegrationEvent<UserDeletedPayload>, manager: EntityManager): Promise<void> {
    const { userId } = event.payload;
    const now = new Date();
    const open: RentalRow[] = await manager.query(
      `SELECT ${RENTAL_COLUMNS} FROM rental.rentals r
       WHERE (r.renter_id = $1 OR r.owner_id = $1) AND r.status IN ('requested', 'accepted')
       ORDER BY r.id FOR UPDATE`,
      [userId],
    );
    for (const row of open) {
      const rental = toRentalRecord(row);
      const ending = endingOnErasure(rental.status, partyOf(rental, userId) as 'renter' | 'owner');
      // Locked above, so the version still holds and the move applies.
      if (ending) await this.transitions.apply(manager, rental, { ...ending, actorId: userId }, {}, now);
    }
    await manager.query(
      `UPDATE rental.rentals SET notes = NULL, version = version + 1, updated_at = $2
       WHERE (renter_id = $1 OR owner_id = $1) AND notes IS NOT NULL`,
      [userId, now],
    );
    await manager.query(
      'UPDATE rental.blocks SET reason = NULL WHERE created_by = $1 AND reason IS NOT NULL',
      [userId],
    );
    await manager.query('DELETE FROM rental.idempotency_keys WHERE user_id = $1', [userId]);
  }
}
