import type { LegRecord } from './reconciliation';
import { compareDrift, disputeDrift, legDrift, transferDrift } from './reconciliation';

const captured: LegRecord = {
  kind: 'charge',
  amount: 11000,
  gatewayStatus: 'succeeded',
  amountCaptured: 11000,
  amountRefunded: 0,
  ledgerHeld: 0,
  ledgerCaptured: 11000,
  ledgerRefunded: 0,
};

describe('legDrift', () => {
  it('finds nothing when the row, the ledger and the gateway agree', () => {
    expect(legDrift(captured, { status: 'succeeded', amountReceived: 11000, amountRefunded: 0 })).toEqual([]);
    const held = { ...captured, kind: 'deposit' as const, gatewayStatus: 'requires_capture' as const };
    expect(
      legDrift(
        { ...held, amount: 5000, amountCaptured: 0, ledgerCaptured: 0, ledgerHeld: 5000 },
        { status: 'requires_capture', amountReceived: 0, amountRefunded: 0 },
      ),
    ).toEqual([]);
  });

  it('reports what the gateway says differently, and only what it says', () => {
    expect(legDrift(captured, { status: 'succeeded', amountReceived: 11000, amountRefunded: 500 })).toEqual([
      { kind: 'intent_refunded', item: 'charge', ours: 0, theirs: 500 },
    ]);
    expect(legDrift(captured, { status: 'succeeded', amountReceived: 11000, amountRefunded: null })).toEqual(
      [],
    );
    expect(
      legDrift(
        {
          ...captured,
          gatewayStatus: 'requires_capture',
          amountCaptured: 0,
          ledgerCaptured: 0,
          ledgerHeld: 11000,
        },
        { status: 'canceled', amountReceived: 0, amountRefunded: 0 },
      ),
    ).toEqual([{ kind: 'intent_status', item: 'charge', ours: 'requires_capture', theirs: 'canceled' }]);
    expect(legDrift(captured, null)).toEqual([
      { kind: 'intent_missing', item: 'charge', ours: 'succeeded', theirs: null },
    ]);
  });

  it('reports a row that disagrees with our own ledger', () => {
    const gateway = { status: 'succeeded' as const, amountReceived: 11000, amountRefunded: null };
    expect(legDrift({ ...captured, amountRefunded: 100 }, gateway)).toEqual([
      { kind: 'ledger_refunded', item: 'charge', ours: 100, theirs: 0 },
    ]);
    expect(legDrift({ ...captured, ledgerCaptured: 10000 }, gateway)).toEqual([
      { kind: 'ledger_captured', item: 'charge', ours: 11000, theirs: 10000 },
    ]);
    expect(legDrift({ ...captured, ledgerHeld: 11000 }, gateway)).toEqual([
      { kind: 'ledger_held', item: 'charge', ours: 0, theirs: 11000 },
    ]);
  });
});

describe('transferDrift', () => {
  it('matches transfers by id and amount, reversals included', () => {
    expect(
      transferDrift({ transferIds: ['tr_1'], ledgerTransferred: 7000 }, [
        { id: 'tr_1', amount: 9000, amountReversed: 2000 },
      ]),
    ).toEqual([]);
    expect(transferDrift({ transferIds: [], ledgerTransferred: 0 }, [])).toEqual([]);
  });

  it('reports a transfer we name that the gateway lacks, one we never recorded, and the amounts', () => {
    expect(
      transferDrift({ transferIds: ['tr_ghost'], ledgerTransferred: 9000 }, [
        { id: 'tr_1', amount: 9000, amountReversed: 0 },
      ]),
    ).toEqual([
      { kind: 'transfer_missing', item: 'tr_ghost', ours: 'tr_ghost', theirs: null },
      { kind: 'transfer_unrecorded', item: 'tr_1', ours: null, theirs: 9000 },
    ]);
    // Sent twice.
    expect(
      transferDrift({ transferIds: ['tr_1'], ledgerTransferred: 9000 }, [
        { id: 'tr_1', amount: 9000, amountReversed: 0 },
        { id: 'tr_2', amount: 9000, amountReversed: 0 },
      ]),
    ).toEqual([
      { kind: 'transfer_unrecorded', item: 'tr_2', ours: null, theirs: 9000 },
      { kind: 'transfer_amount', item: null, ours: 9000, theirs: 18000 },
    ]);
  });
});

describe('disputeDrift and compareDrift', () => {
  it('reports a dispute the gateway moved (or lost) without telling us', () => {
    expect(
      disputeDrift({ status: 'needs_response', amount: 100 }, { status: 'needs_response', amount: 100 }),
    ).toEqual([]);
    expect(disputeDrift({ status: 'needs_response', amount: 100 }, { status: 'lost', amount: 90 })).toEqual([
      { kind: 'dispute_status', item: null, ours: 'needs_response', theirs: 'lost' },
      { kind: 'dispute_amount', item: null, ours: 100, theirs: 90 },
    ]);
    expect(disputeDrift({ status: 'won', amount: 100 }, null)).toEqual([
      { kind: 'dispute_missing', item: null, ours: 'won', theirs: null },
    ]);
  });

  it('tells what appeared and what was resolved since the last check', () => {
    const a = { kind: 'intent_status' as const, item: 'charge', ours: 'a', theirs: 'b' };
    const b = { kind: 'intent_status' as const, item: 'deposit', ours: 'a', theirs: 'b' };
    const c = { kind: 'ledger_held' as const, item: 'charge', ours: 0, theirs: 1 };
    expect(compareDrift([a, b], [b, c])).toEqual({ appeared: [c], resolved: [a] });
    expect(compareDrift([a], [{ ...a, theirs: 'z' }])).toEqual({ appeared: [], resolved: [] });
  });
});
