import type { ProductStatus } from '../contracts/catalog-api';
import { CatalogErrors } from './catalog.errors';

/** Every status a listing can be in; owners choose among the first three, moderation decides the rest. */
export const PRODUCT_STATUSES: readonly ProductStatus[] = [
  'draft',
  'active',
  'paused',
  'pending_approval',
  'hidden',
];

/** What an owner may ask for. `active` on a listing that must be looked at first yields pending_approval. */
export const OWNER_SETTABLE_STATUSES = ['draft', 'active', 'paused'] as const;
export type OwnerSettableStatus = (typeof OWNER_SETTABLE_STATUSES)[number];

export type ModeratorAction = 'hide' | 'approve' | 'reject';
export const MODERATOR_ACTIONS: readonly ModeratorAction[] = ['hide', 'approve', 'reject'];

/** What the rules need to know of a listing besides its status. */
export interface ListingFacts {
  status: ProductStatus;
  /** It was active at least once: approval mode reviews a first publication only. */
  everListed: boolean;
  /**
   * A moderator's takedown stands: the listing was hidden (or rejected) and no moderator has
   * approved it since. It holds through a resubmission, so the owner cannot slip out of review by
   * going back to draft and publishing again.
   */
  takenDown: boolean;
}

export type ListingCommand =
  | { by: 'owner'; status: OwnerSettableStatus; approvalRequired: boolean }
  | { by: 'moderator'; action: ModeratorAction };

/**
 * The listing's status after `command`, or a DomainError saying why not:
 * - an owner moves freely between draft, active and paused, except that asking for `active` puts
 *   the listing in pending_approval when a moderator must look first (a standing takedown, or the
 *   first publication while LISTINGS_REQUIRE_APPROVAL is on); once approved, pausing and
 *   reactivating need no approval again;
 * - a taken-down listing (hidden, or resubmitted and pending) can only be resubmitted (`active`),
 *   edited or deleted by its owner: going back to draft or paused would end up outside review;
 * - a moderator may hide a listing in any status (again: a newer reason replaces the older), and
 *   approve or reject only one awaiting approval.
 */
export function nextListingStatus(facts: ListingFacts, command: ListingCommand): ProductStatus {
  if (command.by === 'moderator') {
    if (command.action === 'hide') return 'hidden';
    if (facts.status !== 'pending_approval') throw CatalogErrors.listingNotAwaitingApproval(facts.status);
    return command.action === 'approve' ? 'active' : 'hidden';
  }
  const takenDown = facts.takenDown || facts.status === 'hidden';
  if (command.status !== 'active') {
    if (takenDown) throw CatalogErrors.listingTakenDown(facts.status);
    return command.status;
  }
  const mustBeReviewed = takenDown || (command.approvalRequired && !facts.everListed);
  return mustBeReviewed ? 'pending_approval' : 'active';
}

/**
 * Statuses that take a slot of the owner's plan (ListingQuota). A listing awaiting approval holds
 * its slot, so approving it can never take the owner past their plan; hidden ones hold none (they
 * take one again when resubmitted).
 */
export const countsAgainstQuota = (status: ProductStatus): boolean =>
  status === 'active' || status === 'pending_approval';
