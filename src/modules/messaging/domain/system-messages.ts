/**
 * The system messages the rentals context's lifecycle produces in a rental's conversation.
 * `event` is a stable key clients can localise; `body` is the English fallback.
 */
export type RentalMilestone =
  'requested' | 'accepted' | 'declined' | 'cancelled' | 'expired' | 'handed_over' | 'returned' | 'completed';

export const RENTAL_MILESTONES: readonly RentalMilestone[] = [
  'requested',
  'accepted',
  'declined',
  'cancelled',
  'expired',
  'handed_over',
  'returned',
  'completed',
];

export interface MilestoneFacts {
  startDate: string;
  /** Exclusive, as rentals store it. */
  endDate: string;
  cancelledBy: 'renter' | 'owner' | null;
}

export interface SystemMessage {
  event: `rental.${RentalMilestone}`;
  body: string;
}

const DAY_MS = 86_400_000;

/** The last day of the stay, for people: rentals keep the end date exclusive. */
export function lastDayOf(endDateExclusive: string): string {
  return new Date(Date.parse(`${endDateExclusive}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
}

function stay(facts: MilestoneFacts): string {
  const last = lastDayOf(facts.endDate);
  const days = Math.round((Date.parse(facts.endDate) - Date.parse(facts.startDate)) / DAY_MS);
  const range = last === facts.startDate ? facts.startDate : `${facts.startDate} to ${last}`;
  return `${range} (${days} ${days === 1 ? 'day' : 'days'})`;
}

export function systemMessageFor(milestone: RentalMilestone, facts: MilestoneFacts): SystemMessage {
  const event = `rental.${milestone}` as const;
  switch (milestone) {
    case 'requested':
      return { event, body: `Rental requested for ${stay(facts)}.` };
    case 'accepted':
      return { event, body: `The owner accepted the rental for ${stay(facts)}.` };
    case 'declined':
      return { event, body: 'The owner declined the rental request.' };
    case 'cancelled':
      return {
        event,
        body:
          facts.cancelledBy === null
            ? 'The rental was cancelled.'
            : `The ${facts.cancelledBy} cancelled the rental.`,
      };
    case 'expired':
      return { event, body: 'The rental request expired without an answer from the owner.' };
    case 'handed_over':
      return { event, body: 'The owner handed the item over. Enjoy the rental!' };
    case 'returned':
      return { event, body: 'The item was returned.' };
    case 'completed':
      return { event, body: 'The rental is complete. You can now review each other.' };
  }
}
