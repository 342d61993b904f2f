import { DomainError } from '../../../platform/errors/domain-error';
import type { ProductStatus } from '../contracts/catalog-api';
import type { ListingCommand, ListingFacts, OwnerSettableStatus } from './listing-status';
import {
  countsAgainstQuota,
  MODERATOR_ACTIONS,
  nextListingStatus,
  OWNER_SETTABLE_STATUSES,
  PRODUCT_STATUSES,
} from './listing-status';

/** The outcome as a short string: the next status, or the refusal's code. */
function outcome(facts: ListingFacts, command: ListingCommand): string {
  try {
    return nextListingStatus(facts, command);
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

const TAKEN_DOWN = 'CATALOG.LISTING_TAKEN_DOWN';
const NOT_AWAITING = 'CATALOG.LISTING_NOT_AWAITING_APPROVAL';

/**
 * Every state a listing can really be in: an active listing was listed and carries no takedown; a
 * hidden one carries one; a draft or paused one never does (owners cannot leave a takedown for
 * them); a pending one may be a first publication, a re-publication, or a resubmitted takedown.
 */
const STATES: [string, ListingFacts][] = [
  ['a new draft', { status: 'draft', everListed: false, takenDown: false }],
  ['a draft once listed', { status: 'draft', everListed: true, takenDown: false }],
  ['an active listing', { status: 'active', everListed: true, takenDown: false }],
  ['a paused listing never listed', { status: 'paused', everListed: false, takenDown: false }],
  ['a paused listing', { status: 'paused', everListed: true, takenDown: false }],
  [
    'a first publication awaiting approval',
    { status: 'pending_approval', everListed: false, takenDown: false },
  ],
  [
    'a resubmitted takedown, never listed',
    { status: 'pending_approval', everListed: false, takenDown: true },
  ],
  ['a resubmitted takedown', { status: 'pending_approval', everListed: true, takenDown: true }],
  ['a listing hidden before it was listed', { status: 'hidden', everListed: false, takenDown: true }],
  ['a hidden listing', { status: 'hidden', everListed: true, takenDown: true }],
];

/**
 * What an owner's request yields, per state: [draft, active, paused] with approval mode off, then
 * [draft, active, paused] with it on. Written out from the issue, not from the implementation.
 */
const OWNER_TABLE: Record<string, [string, string, string, string, string, string]> = {
  'a new draft': ['draft', 'active', 'paused', 'draft', 'pending_approval', 'paused'],
  'a draft once listed': ['draft', 'active', 'paused', 'draft', 'active', 'paused'],
  'an active listing': ['draft', 'active', 'paused', 'draft', 'active', 'paused'],
  'a paused listing never listed': ['draft', 'active', 'paused', 'draft', 'pending_approval', 'paused'],
  'a paused listing': ['draft', 'active', 'paused', 'draft', 'active', 'paused'],
  // Approval mode turned off while it waited: asking again publishes it.
  'a first publication awaiting approval': [
    'draft',
    'active',
    'paused',
    'draft',
    'pending_approval',
    'paused',
  ],
  'a resubmitted takedown, never listed': [
    TAKEN_DOWN,
    'pending_approval',
    TAKEN_DOWN,
    TAKEN_DOWN,
    'pending_approval',
    TAKEN_DOWN,
  ],
  'a resubmitted takedown': [
    TAKEN_DOWN,
    'pending_approval',
    TAKEN_DOWN,
    TAKEN_DOWN,
    'pending_approval',
    TAKEN_DOWN,
  ],
  'a listing hidden before it was listed': [
    TAKEN_DOWN,
    'pending_approval',
    TAKEN_DOWN,
    TAKEN_DOWN,
    'pending_approval',
    TAKEN_DOWN,
  ],
  'a hidden listing': [
    TAKEN_DOWN,
    'pending_approval',
    TAKEN_DOWN,
    TAKEN_DOWN,
    'pending_approval',
    TAKEN_DOWN,
  ],
};

/** What a moderator's action yields, per state: [hide, approve, reject]. */
const MODERATOR_TABLE: Record<string, [string, string, string]> = {
  'a new draft': ['hidden', NOT_AWAITING, NOT_AWAITING],
  'a draft once listed': ['hidden', NOT_AWAITING, NOT_AWAITING],
  'an active listing': ['hidden', NOT_AWAITING, NOT_AWAITING],
  'a paused listing never listed': ['hidden', NOT_AWAITING, NOT_AWAITING],
  'a paused listing': ['hidden', NOT_AWAITING, NOT_AWAITING],
  'a first publication awaiting approval': ['hidden', 'active', 'hidden'],
  'a resubmitted takedown, never listed': ['hidden', 'active', 'hidden'],
  'a resubmitted takedown': ['hidden', 'active', 'hidden'],
  'a listing hidden before it was listed': ['hidden', NOT_AWAITING, NOT_AWAITING],
  'a hidden listing': ['hidden', NOT_AWAITING, NOT_AWAITING],
};

const ownerCases = STATES.flatMap(([name, facts]) =>
  [false, true].flatMap((approvalRequired) =>
    OWNER_SETTABLE_STATUSES.map((status, i) => {
      const expected = OWNER_TABLE[name][(approvalRequired ? 3 : 0) + i];
      return [name, status, approvalRequired, expected, facts] as const;
    }),
  ),
);

const moderatorCases = STATES.flatMap(([name, facts]) =>
  MODERATOR_ACTIONS.map((action, i) => [name, action, MODERATOR_TABLE[name][i], facts] as const),
);

describe('listing status', () => {
  it('covers every status in the states above', () => {
    expect(new Set(STATES.map(([, f]) => f.status))).toEqual(new Set(PRODUCT_STATUSES));
    expect(ownerCases).toHaveLength(STATES.length * 6);
    expect(moderatorCases).toHaveLength(STATES.length * 3);
  });

  it.each(ownerCases)(
    '%s, owner asks for %s (approval mode %s): %s',
    (_, status, approvalRequired, expected, facts) => {
      expect(outcome(facts, { by: 'owner', status: status as OwnerSettableStatus, approvalRequired })).toBe(
        expected,
      );
    },
  );

  it.each(moderatorCases)('%s, moderator does %s: %s', (_, action, expected, facts) => {
    expect(outcome(facts, { by: 'moderator', action })).toBe(expected);
  });

  it('names the status it refused from, for the problem document', () => {
    const hidden: ListingFacts = { status: 'hidden', everListed: true, takenDown: true };
    expect(() =>
      nextListingStatus(hidden, { by: 'owner', status: 'paused', approvalRequired: false }),
    ).toThrow(expect.objectContaining({ kind: 'conflict', details: { listingStatus: 'hidden' } }));
    const active: ListingFacts = { status: 'active', everListed: true, takenDown: false };
    expect(() => nextListingStatus(active, { by: 'moderator', action: 'approve' })).toThrow(
      expect.objectContaining({ kind: 'conflict', details: { listingStatus: 'active' } }),
    );
  });

  it('never lets an owner take a listing under a takedown anywhere but back to review', () => {
    for (const [, facts] of STATES.filter(([, f]) => f.takenDown))
      for (const status of OWNER_SETTABLE_STATUSES)
        for (const approvalRequired of [false, true]) {
          const next = outcome(facts, { by: 'owner', status, approvalRequired });
          expect([TAKEN_DOWN, 'pending_approval']).toContain(next);
        }
  });

  it.each([
    ['draft', false],
    ['active', true],
    ['paused', false],
    ['pending_approval', true],
    ['hidden', false],
  ] as [ProductStatus, boolean][])('%s takes a plan slot: %s', (status, slot) => {
    expect(countsAgainstQuota(status)).toBe(slot);
  });
});
