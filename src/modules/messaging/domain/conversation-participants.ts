/**
 * Who may talk to whom. A conversation is always between exactly two people: the (would-be)
 * renter and the product's owner. Anyone else must not even learn it exists (404, not 403).
 */
export type ParticipantRole = 'renter' | 'owner';

export interface ConversationParties {
  renterId: string;
  ownerId: string;
}

/** The caller's role in a conversation, or null when they are not part of it. */
export function roleOf(parties: ConversationParties, userId: string): ParticipantRole | null {
  if (userId === parties.renterId) return 'renter';
  if (userId === parties.ownerId) return 'owner';
  return null;
}

export function counterpartOf(parties: ConversationParties, userId: string): string | null {
  const role = roleOf(parties, userId);
  if (role === 'renter') return parties.ownerId;
  if (role === 'owner') return parties.renterId;
  return null;
}

export type OpenRefusal = 'not_found' | 'self';

export interface InquiryTarget {
  ownerId: string;
  deleted: boolean;
  /**
   * Drafts, listings awaiting approval and listings a moderator hid are visible to their owner
   * only, so others cannot ask about them.
   */
  status: 'draft' | 'active' | 'paused' | 'pending_approval' | 'hidden';
}

const OWNER_ONLY: readonly InquiryTarget['status'][] = ['draft', 'pending_approval', 'hidden'];

/** An inquiry is a would-be renter asking a product's owner; its parties, or why not. */
export function inquiryParties(
  product: InquiryTarget | null,
  askerId: string,
): ConversationParties | OpenRefusal {
  if (!product || product.deleted) return 'not_found';
  if (product.ownerId === askerId) return 'self';
  if (OWNER_ONLY.includes(product.status)) return 'not_found';
  return { renterId: askerId, ownerId: product.ownerId };
}

export interface RentalParties {
  renterId: string;
  ownerId: string;
}

/** A rental conversation's parties; only the rental's renter or owner may open it. */
export function rentalConversationParties(
  rental: RentalParties | null,
  callerId: string,
): ConversationParties | OpenRefusal {
  if (!rental) return 'not_found';
  if (rental.renterId === rental.ownerId) return 'self';
  if (roleOf(rental, callerId) === null) return 'not_found';
  return { renterId: rental.renterId, ownerId: rental.ownerId };
}
