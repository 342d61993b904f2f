import type { RentalStatus } from '../contracts/rental-api';
import { HOLDING_STATUSES } from '../contracts/rental-api';
import type { RentalActor } from './rental-lifecycle';
import {
  allowedTransitions,
  canTransition,
  isFinal,
  RENTAL_ACTORS,
  RENTAL_STATUSES,
} from './rental-lifecycle';

// The lifecycle, written out independently of the implementation's table.
const LEGAL = new Set([
  'requested>accepted@owner',
  'requested>declined@owner',
  'requested>cancelled@renter',
  'requested>expired@system',
  'accepted>active@owner',
  'accepted>cancelled@renter',
  'accepted>cancelled@owner',
  'active>returned@owner',
  'returned>completed@system',
  'returned>completed@owner',
]);

const every: [RentalStatus, RentalStatus, RentalActor][] = RENTAL_STATUSES.flatMap((from) =>
  RENTAL_STATUSES.flatMap((to) =>
    RENTAL_ACTORS.map((actor) => [from, to, actor] as [RentalStatus, RentalStatus, RentalActor]),
  ),
);

describe('rental lifecycle', () => {
  it('covers 8 statuses × 8 statuses × 3 actors', () => {
    expect(every).toHaveLength(192);
  });

  it.each(every)('%s → %s by %s', (from, to, actor) => {
    expect(canTransition(from, to, actor)).toBe(LEGAL.has(`${from}>${to}@${actor}`));
  });

  it.each([
    ['requested', 'owner', ['accepted', 'declined']],
    ['requested', 'renter', ['cancelled']],
    ['requested', 'system', ['expired']],
    ['accepted', 'owner', ['cancelled', 'active']],
    ['accepted', 'renter', ['cancelled']],
    ['accepted', 'system', []],
    ['active', 'owner', ['returned']],
    ['active', 'renter', []],
    ['returned', 'owner', ['completed']],
    ['returned', 'system', ['completed']],
    ['returned', 'renter', []],
    ['completed', 'owner', []],
    ['declined', 'renter', []],
  ] as [RentalStatus, RentalActor, RentalStatus[]][])(
    'from %s the %s may go to %j',
    (from, actor, allowed) => {
      expect(allowedTransitions(from, actor)).toEqual(allowed);
    },
  );

  it.each(RENTAL_STATUSES.map((s) => [s]))('%s is final exactly when nothing leaves it', (status) => {
    const final = ['declined', 'cancelled', 'expired', 'completed'].includes(status);
    expect(isFinal(status)).toBe(final);
  });

  it('never moves a rental back into a holding status (the exclusion constraint relies on it)', () => {
    for (const [from, to, actor] of every) {
      if (canTransition(from, to, actor) && HOLDING_STATUSES.includes(to)) {
        expect(HOLDING_STATUSES).toContain(from);
      }
    }
  });
});
