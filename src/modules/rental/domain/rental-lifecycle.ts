import type { RentalStatus } from '../contracts/rental-api';

export type RentalActor = 'renter' | 'owner' | 'system';

export const RENTAL_STATUSES: readonly RentalStatus[] = [
  'requested',
  'accepted',
  'declined',
  'cancelled',
  'expired',
  'active',
  'returned',
  'completed',
];

export const RENTAL_ACTORS: readonly RentalActor[] = ['renter', 'owner', 'system'];

/**
 * The whole lifecycle: each allowed (from, to) and who may cause it. Anything not listed is
 * illegal. `returned → completed` is the system after the inspection window, or the owner
 * confirming the inspection earlier.
 */
const TRANSITIONS: Readonly<Record<RentalStatus, Partial<Record<RentalStatus, readonly RentalActor[]>>>> = {
  requested: {
    accepted: ['owner'],
    declined: ['owner'],
    cancelled: ['renter'],
    expired: ['system'],
  },
  accepted: {
    active: ['owner'],
    cancelled: ['renter', 'owner'],
  },
  active: {
    returned: ['owner'],
  },
  returned: {
    completed: ['system', 'owner'],
  },
  declined: {},
  cancelled: {},
  expired: {},
  completed: {},
};

export function canTransition(from: RentalStatus, to: RentalStatus, actor: RentalActor): boolean {
  return TRANSITIONS[from][to]?.includes(actor) ?? false;
}

/** The statuses `actor` may move a rental to from `from`, in lifecycle order. */
export function allowedTransitions(from: RentalStatus, actor: RentalActor): RentalStatus[] {
  return RENTAL_STATUSES.filter((to) => canTransition(from, to, actor));
}

/** No way out: the rental's story is over. */
export function isFinal(status: RentalStatus): boolean {
  return RENTAL_ACTORS.every((actor) => allowedTransitions(status, actor).length === 0);
}
