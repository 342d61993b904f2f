import { defineEvent } from '../../../platform/events/integration-event';

/**
 * A user's restriction began or changed: told once for every suspension or ban imposed, and again
 * when lifting one leaves the user restricted with a different end (the ban lifted while a
 * suspension stands, or the suspension that ended last). `until` is when the restriction as a whole
 * ends, the latest end of every standing suspension, null while any ban stands; `sanctionId` and
 * `kind` name the sanction just imposed, or after a lift the one that now decides `until` (a ban, or
 * the suspension ending last). Each event replaces what the previous one said: subscribers keep the
 * latest (events of one outbox arrive in order). Identity ends their sessions and refuses their
 * sign-ins, catalog hides their listings, and new rentals and messages are refused; rentals in
 * progress run to their end.
 */
export const UserSuspended = defineEvent<{
  userId: string;
  sanctionId: string;
  kind: 'suspension' | 'ban';
  until: string | null;
  /** See RestrictionSequence. */
  sequence: number;
}>('trust.UserSuspended');

/**
 * Nothing restricts the user any more: their last standing suspension or ban was lifted or ended
 * (the expiry job tells an ended suspension within a minute of its end). Published exactly once
 * per restriction, never while another suspension or ban still stands.
 */
export const UserReinstated = defineEvent<{
  userId: string;
  /** See RestrictionSequence. */
  sequence: number;
}>('trust.UserReinstated');

/**
 * `sequence` orders one user's UserSuspended and UserReinstated events (it grows with each, under
 * the user's sanctions lock). Events may reach a subscriber out of order (instances' clocks differ,
 * a delivery is retried later): apply one only when its sequence is above the last one applied.
 */
export type RestrictionSequence = number;

/** A moderator warned a user; nothing is restricted. */
export const UserWarned = defineEvent<{ userId: string; sanctionId: string }>('trust.UserWarned');

/**
 * A moderator took a listing down. Catalog hides it from everyone but its owner, who sees the
 * reason and may edit it and resubmit it for review.
 */
export const ListingHidden = defineEvent<{
  productId: string;
  ownerId: string;
  /** Shown to the owner. */
  reason: string;
  reportId: string | null;
}>('trust.ListingHidden');

/** A moderator removed a message or a review: kept for audit by its owner context, hidden from everyone. */
export const ContentRemoved = defineEvent<{
  targetType: 'message' | 'review';
  targetId: string;
  /** Who wrote it. */
  authorId: string;
  reportId: string | null;
}>('trust.ContentRemoved');

/** `blockerId` blocked `blockedId` (or lifted the block): neither starts anything new with the other. */
export const UserBlocked = defineEvent<{ blockerId: string; blockedId: string }>('trust.UserBlocked');
export const UserUnblocked = defineEvent<{ blockerId: string; blockedId: string }>('trust.UserUnblocked');

/** A report was dismissed or actioned: the reporter can be told. */
export const ReportResolved = defineEvent<{
  reportId: string;
  reporterId: string;
  outcome: 'dismissed' | 'actioned';
}>('trust.ReportResolved');
