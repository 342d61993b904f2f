import type { DisputeStatus } from './dispute';
import {
  acceptsDisputeStatus,
  awaitsEvidence,
  DISPUTE_STATUSES,
  disputeJournals,
  fundsWithdrawn,
  isDisputeClosed,
  lostDisputeSplit,
  outcomeOf,
} from './dispute';

const sum = (lines: { amount: number }[]) => lines.reduce((total, l) => total + l.amount, 0);
const money = (status: DisputeStatus, amount = 5000) => ({
  disputeId: 'd1',
  leg: 'charge' as const,
  amount,
  status,
});

describe('dispute statuses', () => {
  it('moves only forward: an inquiry may become a chargeback, nothing leaves a closed status', () => {
    expect(acceptsDisputeStatus(null, 'needs_response')).toBe(true);
    expect(acceptsDisputeStatus('warning_needs_response', 'warning_under_review')).toBe(true);
    expect(acceptsDisputeStatus('warning_under_review', 'needs_response')).toBe(true);
    expect(acceptsDisputeStatus('needs_response', 'under_review')).toBe(true);
    expect(acceptsDisputeStatus('under_review', 'lost')).toBe(true);
    expect(acceptsDisputeStatus('under_review', 'needs_response')).toBe(false);
    expect(acceptsDisputeStatus('needs_response', 'needs_response')).toBe(false);
    for (const closed of ['won', 'lost', 'warning_closed', 'prevented'] as const)
      for (const next of DISPUTE_STATUSES) expect(acceptsDisputeStatus(closed, next)).toBe(false);
  });

  it('knows which statuses are closed, take money, and wait for evidence', () => {
    expect(DISPUTE_STATUSES.filter(isDisputeClosed)).toEqual(['warning_closed', 'won', 'lost', 'prevented']);
    expect(DISPUTE_STATUSES.filter(fundsWithdrawn)).toEqual([
      'needs_response',
      'under_review',
      'won',
      'lost',
    ]);
    expect(DISPUTE_STATUSES.filter(awaitsEvidence)).toEqual(['warning_needs_response', 'needs_response']);
    expect(DISPUTE_STATUSES.map(outcomeOf)).toEqual([
      null,
      null,
      'withdrawn',
      null,
      null,
      'won',
      'lost',
      'withdrawn',
    ]);
  });
});

describe('lostDisputeSplit (who bears a lost dispute)', () => {
  it('puts an item not received or not as described on the owner, up to their unpaid share', () => {
    expect(lostDisputeSplit({ amount: 5000, reason: 'product_not_received', ownerUnpaid: 9000 })).toEqual({
      owner: 5000,
      platform: 0,
    });
    expect(lostDisputeSplit({ amount: 5000, reason: 'product_unacceptable', ownerUnpaid: 3000 })).toEqual({
      owner: 3000,
      platform: 2000,
    });
    expect(lostDisputeSplit({ amount: 5000, reason: 'product_unacceptable', ownerUnpaid: 0 })).toEqual({
      owner: 0,
      platform: 5000,
    });
    expect(lostDisputeSplit({ amount: 5000, reason: 'product_unacceptable', ownerUnpaid: -10 })).toEqual({
      owner: 0,
      platform: 5000,
    });
  });

  it('puts every other reason on the platform', () => {
    for (const reason of ['fraudulent', 'duplicate', 'general', 'credit_not_processed', 'unrecognized'])
      expect(lostDisputeSplit({ amount: 5000, reason, ownerUnpaid: 9000 })).toEqual({
        owner: 0,
        platform: 5000,
      });
  });
});

describe('disputeJournals', () => {
  it('posts nothing for an inquiry, opened or closed', () => {
    expect(disputeJournals(null, money('warning_needs_response'), null)).toEqual([]);
    expect(disputeJournals('warning_under_review', money('warning_closed'), null)).toEqual([]);
  });

  it('records a chargeback as funds withdrawn, once', () => {
    const [withdrawn, ...rest] = disputeJournals(null, money('needs_response'), null);
    expect(rest).toEqual([]);
    expect(withdrawn).toEqual({
      key: 'dispute-d1:withdrawn',
      type: 'dispute',
      leg: 'charge',
      lines: [
        { account: 'payer_funds', amount: 5000 },
        { account: 'disputed_funds', amount: -5000 },
      ],
    });
    expect(disputeJournals('needs_response', money('under_review'), null)).toEqual([]);
    // An inquiry that escalates withdraws then.
    expect(disputeJournals('warning_under_review', money('needs_response'), null).map((j) => j.key)).toEqual([
      'dispute-d1:withdrawn',
    ]);
  });

  it('reinstates a won dispute: the ledger is back where it was', () => {
    const journals = [
      ...disputeJournals(null, money('needs_response'), null),
      ...disputeJournals('needs_response', money('won'), null),
    ];
    expect(journals.map((j) => j.type)).toEqual(['dispute', 'dispute_reinstated']);
    for (const j of journals) expect(sum(j.lines)).toBe(0);
    const payer = journals.flatMap((j) => j.lines).filter((l) => l.account === 'payer_funds');
    expect(sum(payer)).toBe(0);
  });

  it('settles a lost dispute on the owner and the platform as split, balanced', () => {
    const [lost] = disputeJournals('under_review', money('lost'), { owner: 3000, platform: 2000 });
    expect(lost).toEqual({
      key: 'dispute-d1:lost',
      type: 'dispute_lost',
      leg: 'charge',
      lines: [
        { account: 'disputed_funds', amount: 5000 },
        { account: 'owner_payable', amount: -3000 },
        { account: 'dispute_losses', amount: -2000 },
      ],
    });
    const [onPlatform] = disputeJournals('under_review', money('lost'), { owner: 0, platform: 5000 });
    expect(onPlatform.lines.map((l) => l.account)).toEqual(['disputed_funds', 'dispute_losses']);
  });

  it('first seen already closed: withdraws and settles in one go; seen again: nothing', () => {
    const journals = disputeJournals(null, money('lost'), { owner: 0, platform: 5000 });
    expect(journals.map((j) => j.key)).toEqual(['dispute-d1:withdrawn', 'dispute-d1:lost']);
    expect(sum(journals.flatMap((j) => j.lines))).toBe(0);
    expect(disputeJournals('lost', money('lost'), { owner: 0, platform: 5000 })).toEqual([]);
  });
});
