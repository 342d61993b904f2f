import { decideRenewal, depositHeldAt, holdExpiresAt, renewalKey } from './deposit-renewal';

const HOUR = 3_600_000;
const policy = { validityDays: 7, leadHours: 60 };
const heldSince = new Date('2026-03-01T10:00:00Z');
const at = (hours: number) => new Date(heldSince.getTime() + hours * HOUR);

describe('deposit hold renewal', () => {
  it('expires the hold AUTHORIZATION_VALIDITY_DAYS after it was placed', () => {
    expect(holdExpiresAt(heldSince, policy)).toEqual(at(7 * 24));
    expect(holdExpiresAt(heldSince, { validityDays: 30, leadHours: 60 })).toEqual(at(30 * 24));
  });

  it('waits until DEPOSIT_RENEWAL_LEAD_HOURS before the lapse, then renews', () => {
    const due = 7 * 24 - 60; // 4.5 days: also inside Visa's 4 days 18 hours for merchant-initiated holds
    expect(
      decideRenewal({ now: at(due - 0.001), heldSince, policy, failedAttempts: 0, lastAttemptAt: null }),
    ).toEqual({
      kind: 'wait',
      until: at(due),
    });
    expect(
      decideRenewal({ now: at(due), heldSince, policy, failedAttempts: 0, lastAttemptAt: null }),
    ).toEqual({
      kind: 'renew',
      attempt: 1,
    });
    // Lapsed already (the job was down): still replaced while the rental runs.
    expect(
      decideRenewal({ now: at(8 * 24), heldSince, policy, failedAttempts: 0, lastAttemptAt: null }),
    ).toEqual({
      kind: 'renew',
      attempt: 1,
    });
  });

  it('retries a refused renewal RENEWAL_RETRY_HOURS later, three attempts in all', () => {
    const first = at(7 * 24 - 60);
    expect(
      decideRenewal({ now: at(7 * 24 - 49), heldSince, policy, failedAttempts: 1, lastAttemptAt: first }),
    ).toEqual({
      kind: 'wait',
      until: at(7 * 24 - 48),
    });
    expect(
      decideRenewal({ now: at(7 * 24 - 48), heldSince, policy, failedAttempts: 1, lastAttemptAt: first }),
    ).toEqual({
      kind: 'renew',
      attempt: 2,
    });
    expect(
      decideRenewal({
        now: at(7 * 24 - 36),
        heldSince,
        policy,
        failedAttempts: 2,
        lastAttemptAt: at(7 * 24 - 48),
      }),
    ).toEqual({ kind: 'renew', attempt: 3 });
    expect(
      decideRenewal({
        now: at(7 * 24 + 100),
        heldSince,
        policy,
        failedAttempts: 3,
        lastAttemptAt: at(7 * 24 - 36),
      }),
    ).toEqual({ kind: 'give_up' });
  });

  it('holds the deposit from the request through the inspection window, and while a claim is pending', () => {
    expect(['requested', 'accepted', 'active', 'returned'].every((s) => depositHeldAt(s as never))).toBe(
      true,
    );
    expect(['completed', 'cancelled', 'declined', 'expired'].some((s) => depositHeldAt(s as never))).toBe(
      false,
    );
    expect(depositHeldAt('completed', true)).toBe(true);
  });

  it('derives keys from the reference, the generation and the attempt', () => {
    expect(renewalKey('rental-r1', 1, 1)).toBe('rental-r1-deposit-renew-1-1');
    expect(renewalKey('rental-r1', 2, 3)).toBe('rental-r1-deposit-renew-2-3');
  });
});
