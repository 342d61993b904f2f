import {
  counterpartOf,
  inquiryParties,
  rentalConversationParties,
  roleOf,
} from './conversation-participants';

const renter = '11111111-1111-4111-8111-111111111111';
const owner = '22222222-2222-4222-8222-222222222222';
const stranger = '33333333-3333-4333-8333-333333333333';

describe('roleOf / counterpartOf', () => {
  const parties = { renterId: renter, ownerId: owner };
  it.each([
    [renter, 'renter', owner],
    [owner, 'owner', renter],
    [stranger, null, null],
  ])('%s is %s and talks to %s', (user, role, other) => {
    expect(roleOf(parties, user)).toBe(role);
    expect(counterpartOf(parties, user)).toBe(other);
  });
});

describe('inquiryParties', () => {
  const product = (
    over: Partial<{
      ownerId: string;
      deleted: boolean;
      status: 'draft' | 'active' | 'paused' | 'pending_approval' | 'hidden';
    }>,
  ) => ({
    ownerId: owner,
    deleted: false,
    status: 'active' as const,
    ...over,
  });
  it.each([
    ['an active product', product({}), renter, { renterId: renter, ownerId: owner }],
    ['a paused product', product({ status: 'paused' }), renter, { renterId: renter, ownerId: owner }],
    ['a product that does not exist', null, renter, 'not_found'],
    ['a deleted product', product({ deleted: true }), renter, 'not_found'],
    ["someone else's draft", product({ status: 'draft' }), renter, 'not_found'],
    ['a product awaiting approval', product({ status: 'pending_approval' }), renter, 'not_found'],
    ['a product a moderator hid', product({ status: 'hidden' }), renter, 'not_found'],
    ['their own hidden product', product({ status: 'hidden' }), owner, 'self'],
    ['their own product', product({}), owner, 'self'],
    ['their own draft', product({ status: 'draft' }), owner, 'self'],
  ])('asking about %s', (_, p, asker, expected) => {
    expect(inquiryParties(p, asker)).toEqual(expected);
  });
});

describe('rentalConversationParties', () => {
  const rental = { renterId: renter, ownerId: owner };
  it.each([
    ['the renter', rental, renter, { renterId: renter, ownerId: owner }],
    ['the owner', rental, owner, { renterId: renter, ownerId: owner }],
    ['a stranger', rental, stranger, 'not_found'],
    ['anyone, for an unknown rental', null, renter, 'not_found'],
    ['a party of a rental with oneself', { renterId: owner, ownerId: owner }, owner, 'self'],
  ])('%s', (_, r, caller, expected) => {
    expect(rentalConversationParties(r, caller)).toEqual(expected);
  });
});
