import type { RentalStatus } from '../contracts/rental-api';
import type { RentalActor } from './rental-lifecycle';
import { canTransition } from './rental-lifecycle';

export type Party = Exclude<RentalActor, 'system'>;

/**
 * How a rental ends when one of its parties erased their account, as that party's own move: a
 * renter's open request is withdrawn (cancelled), an owner's is declined, an accepted rental is
 * cancelled by whichever side left. A rental already under way (active, returned) cannot be
 * dropped by either side and runs its course; null then, as for rentals already over.
 */
export function endingOnErasure(
  status: RentalStatus,
  party: Party,
): { to: RentalStatus; actor: Party } | null {
  const to: RentalStatus | null =
    status === 'requested'
      ? party === 'renter'
        ? 'cancelled'
        : 'declined'
      : status === 'accepted'
        ? 'cancelled'
        : null;
  return to !== null && canTransition(status, to, party) ? { to, actor: party } : null;
}
