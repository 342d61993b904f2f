import type { RentalStatus } from '../contracts/rental-api';
import { endingOnErasure } from './party-erasure';

describe('endingOnErasure', () => {
  it("withdraws the renter's open request and declines the owner's", () => {
    expect(endingOnErasure('requested', 'renter')).toEqual({ to: 'cancelled', actor: 'renter' });
    expect(endingOnErasure('requested', 'owner')).toEqual({ to: 'declined', actor: 'owner' });
  });

  it('cancels an accepted rental as whichever side left', () => {
    expect(endingOnErasure('accepted', 'renter')).toEqual({ to: 'cancelled', actor: 'renter' });
    expect(endingOnErasure('accepted', 'owner')).toEqual({ to: 'cancelled', actor: 'owner' });
  });

  it.each(['active', 'returned', 'completed', 'declined', 'cancelled', 'expired'] as RentalStatus[])(
    'leaves a %s rental as it is',
    (status) => {
      expect(endingOnErasure(status, 'renter')).toBeNull();
      expect(endingOnErasure(status, 'owner')).toBeNull();
    },
  );
});
