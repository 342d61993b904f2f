import type { GatewayStatus } from './payment-intent';
import type { LegSnapshot } from './ledger';
import { journalsFor } from './ledger';

const snap = (status: GatewayStatus, over: Partial<LegSnapshot> = {}): LegSnapshot => ({
  gatewayIntentId: 'pi_1',
  kind: 'charge',
  amount: 11000,
  gatewayStatus: status,
  amountCaptured: 0,
  amountRefunded: 0,
  ...over,
});
const split = { ownerPayout: 10000, platformFee: 1000 };
const sum = (lines: { amount: number }[]) => lines.reduce((s, l) => s + l.amount, 0);

describe('journalsFor', () => {
  it('posts an authorization hold', () => {
    const [j] = journalsFor('rental', snap('requires_action'), snap('requires_capture'), split);
    expect(j).toMatchObject({ key: 'pi_1:authorized', type: 'authorization' });
    expect(j.lines).toEqual([
      { account: 'payer_funds', amount: -11000 },
      { account: 'held_charge', amount: 11000 },
    ]);
  });

  it('turns a held charge into owner payout and platform fee on capture', () => {
    const [j] = journalsFor(
      'rental',
      snap('requires_capture'),
      snap('succeeded', { amountCaptured: 11000 }),
      split,
    );
    expect(j.lines).toEqual([
      { account: 'held_charge', amount: -11000 },
      { account: 'owner_payable', amount: 10000 },
      { account: 'platform_fee', amount: 1000 },
    ]);
  });

  it('releases a held deposit back to the payer', () => {
    const before = snap('requires_capture', { kind: 'deposit', amount: 5000 });
    const [j] = journalsFor('rental', before, { ...before, gatewayStatus: 'canceled' }, split);
    expect(j.lines).toEqual([
      { account: 'held_deposit', amount: -5000 },
      { account: 'payer_funds', amount: 5000 },
    ]);
  });

  it('takes a refund from the owner payout first, then from the fee', () => {
    const captured = snap('succeeded', { amountCaptured: 11000 });
    const partial = journalsFor('rental', captured, { ...captured, amountRefunded: 10000 }, split)[0];
    expect(partial.lines).toEqual([
      { account: 'owner_payable', amount: -10000 },
      { account: 'payer_funds', amount: 10000 },
    ]);
    const rest = journalsFor(
      'rental',
      { ...captured, amountRefunded: 10000 },
      { ...captured, amountRefunded: 11000 },
      split,
    )[0];
    expect(rest.key).toBe('pi_1:refunded-11000');
    expect(rest.lines).toEqual([
      { account: 'platform_fee', amount: -1000 },
      { account: 'payer_funds', amount: 1000 },
    ]);
  });

  it('charges a subscription at once into subscription revenue', () => {
    const [j] = journalsFor(
      'subscription',
      snap('none'),
      snap('succeeded', { amountCaptured: 900, amount: 900 }),
      split,
    );
    expect(j.lines).toEqual([
      { account: 'payer_funds', amount: -900 },
      { account: 'subscription_revenue', amount: 900 },
    ]);
  });

  it('posts nothing for moves that hold no money, or for the same state twice', () => {
    expect(journalsFor('rental', snap('none'), snap('requires_payment_method'), split)).toEqual([]);
    expect(journalsFor('rental', snap('requires_action'), snap('canceled'), split)).toEqual([]);
    expect(journalsFor('rental', snap('requires_capture'), snap('requires_capture'), split)).toEqual([]);
  });

  it('keeps every journal balanced', () => {
    const moves: [LegSnapshot, LegSnapshot][] = [
      [snap('none'), snap('requires_capture')],
      [snap('requires_capture'), snap('succeeded', { amountCaptured: 8000 })],
      [snap('requires_capture'), snap('canceled')],
      [
        snap('succeeded', { amountCaptured: 11000 }),
        snap('succeeded', { amountCaptured: 11000, amountRefunded: 10500 }),
      ],
    ];
    for (const [before, after] of moves)
      for (const j of journalsFor('rental', before, after, split)) expect(sum(j.lines)).toBe(0);
  });
});
