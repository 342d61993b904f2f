import { decideRelease, paidOutJournal, transferJournal, transferKey } from './payout-plan';

const at = (iso: string) => new Date(iso);
const facts = (overrides: Partial<Parameters<typeof decideRelease>[0]> = {}) => ({
  now: at('2026-03-03T10:00:00Z'),
  releaseAfter: at('2026-03-03T10:00:00Z'),
  openHolds: 0,
  ownerCanReceivePayouts: true,
  owed: 9000,
  moneyInFlight: false,
  ...overrides,
});

describe('decideRelease', () => {
  it('releases what is owed at its release time exactly', () => {
    expect(decideRelease(facts())).toEqual({ kind: 'release', amount: 9000 });
  });

  it('waits until the release time, even a millisecond before', () => {
    expect(decideRelease(facts({ now: at('2026-03-03T09:59:59.999Z') }))).toEqual({
      kind: 'wait',
      for: 'release_time',
    });
  });

  it('never releases while a claim or dispute holds it, whatever else', () => {
    expect(decideRelease(facts({ openHolds: 1 }))).toEqual({ kind: 'wait', for: 'hold' });
    expect(decideRelease(facts({ openHolds: 1, now: at('2026-03-01T00:00:00Z') }))).toEqual({
      kind: 'wait',
      for: 'hold',
    });
    expect(decideRelease(facts({ openHolds: 2, owed: 0 }))).toEqual({ kind: 'wait', for: 'hold' });
  });

  it('waits for money still moving at the gateway before judging what is owed', () => {
    expect(decideRelease(facts({ moneyInFlight: true, owed: 0 }))).toEqual({ kind: 'wait', for: 'capture' });
  });

  it('has nothing to send when the ledger owes nothing (refunded in full)', () => {
    expect(decideRelease(facts({ owed: 0 }))).toEqual({ kind: 'nothing_owed' });
    expect(decideRelease(facts({ owed: 0, ownerCanReceivePayouts: false }))).toEqual({
      kind: 'nothing_owed',
    });
  });

  it('waits for an owner who cannot receive payouts yet', () => {
    expect(decideRelease(facts({ ownerCanReceivePayouts: false }))).toEqual({
      kind: 'wait',
      for: 'onboarding',
    });
  });

  it('sends only what is still owed after a partial refund', () => {
    expect(decideRelease(facts({ owed: 2500 }))).toEqual({ kind: 'release', amount: 2500 });
  });
});

describe('transferKey', () => {
  it('derives the key from the rental and the step, with a suffix per refused attempt', () => {
    expect(transferKey('r1', 'charge', 0)).toBe('rental-r1-charge-transfer');
    expect(transferKey('r1', 'charge', 2)).toBe('rental-r1-charge-transfer-2');
    expect(transferKey('r1', 'deposit', 0)).toBe('rental-r1-deposit-transfer');
  });
});

describe('payout journals', () => {
  const sum = (lines: { amount: number }[]) => lines.reduce((total, l) => total + l.amount, 0);

  it('balance, keyed by the payout so posting twice posts once', () => {
    const transfer = transferJournal('p1', 'charge', 9000);
    const paid = paidOutJournal('p1', 'charge', 9000);
    expect(sum(transfer.lines)).toBe(0);
    expect(sum(paid.lines)).toBe(0);
    expect(transfer).toMatchObject({ key: 'payout-p1:transferred', type: 'transfer' });
    expect(paid).toMatchObject({ key: 'payout-p1:paid-out', type: 'payout' });
    expect(transfer.lines).toEqual([
      { account: 'owner_payable', amount: -9000 },
      { account: 'owner_transferred', amount: 9000 },
    ]);
  });
});
