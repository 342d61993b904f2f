import type { RentalMilestone } from './system-messages';
import { lastDayOf, RENTAL_MILESTONES, systemMessageFor } from './system-messages';

const facts = { startDate: '2026-03-01', endDate: '2026-03-04', cancelledBy: null };

describe('systemMessageFor', () => {
  it.each<[RentalMilestone, Partial<typeof facts> | { cancelledBy: 'renter' | 'owner' }, string]>([
    ['requested', {}, 'Rental requested for 2026-03-01 to 2026-03-03 (3 days).'],
    ['requested', { endDate: '2026-03-02' }, 'Rental requested for 2026-03-01 (1 day).'],
    ['accepted', {}, 'The owner accepted the rental for 2026-03-01 to 2026-03-03 (3 days).'],
    ['declined', {}, 'The owner declined the rental request.'],
    ['cancelled', { cancelledBy: 'renter' }, 'The renter cancelled the rental.'],
    ['cancelled', { cancelledBy: 'owner' }, 'The owner cancelled the rental.'],
    ['cancelled', {}, 'The rental was cancelled.'],
    ['expired', {}, 'The rental request expired without an answer from the owner.'],
    ['handed_over', {}, 'The owner handed the item over. Enjoy the rental!'],
    ['returned', {}, 'The item was returned.'],
    ['completed', {}, 'The rental is complete. You can now review each other.'],
  ])('%s %j', (milestone, over, body) => {
    expect(systemMessageFor(milestone, { ...facts, ...over })).toEqual({
      event: `rental.${milestone}`,
      body,
    });
  });

  it('has a message for every milestone', () => {
    for (const m of RENTAL_MILESTONES) expect(systemMessageFor(m, facts).body.length).toBeGreaterThan(0);
  });

  it.each([
    ['2026-03-04', '2026-03-03'],
    ['2026-03-01', '2026-02-28'],
    ['2024-03-01', '2024-02-29'],
    ['2027-01-01', '2026-12-31'],
  ])('the last day before %s is %s', (end, last) => {
    expect(lastDayOf(end)).toBe(last);
  });
});
