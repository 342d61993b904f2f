import { CLAIM_MILESTONES, claimMessageFor } from './claim-messages';

describe('claim system messages', () => {
  it('says what was claimed and what was taken, with the currency', () => {
    const facts = { amount: 4500, currency: 'EUR', awarded: 2000 };
    expect(claimMessageFor('filed', facts).body).toContain('45.00 EUR');
    expect(claimMessageFor('resolved', facts).body).toContain('20.00 EUR of 45.00 EUR');
    for (const m of CLAIM_MILESTONES) expect(claimMessageFor(m, facts).event).toBe(`claim.${m}`);
  });
});
