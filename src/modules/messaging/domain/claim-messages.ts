/**
 * The system messages a damage claim on the deposit (payment's Claim* events) posts in the rental's
 * conversation. Amounts are minor units; shown with their currency, never converted.
 */
export type ClaimMilestone = 'filed' | 'accepted' | 'disputed' | 'resolved' | 'withdrawn';
export const CLAIM_MILESTONES: readonly ClaimMilestone[] = [
  'filed',
  'accepted',
  'disputed',
  'resolved',
  'withdrawn',
];

export interface ClaimFacts {
  amount: number;
  currency: string;
  awarded: number | null;
}

const money = (minor: number, currency: string) => `${(minor / 100).toFixed(2)} ${currency}`;

export function claimMessageFor(
  milestone: ClaimMilestone,
  facts: ClaimFacts,
): { event: `claim.${ClaimMilestone}`; body: string } {
  const event = `claim.${milestone}` as const;
  const claimed = money(facts.amount, facts.currency);
  switch (milestone) {
    case 'filed':
      return {
        event,
        body: `The owner filed a damage claim of ${claimed} against the deposit. The renter can accept or dispute it.`,
      };
    case 'accepted':
      return {
        event,
        body: `The renter accepted the damage claim: ${claimed} is taken from the deposit, the rest released.`,
      };
    case 'disputed':
      return { event, body: 'The renter disputed the damage claim: the OneSociety team will decide.' };
    case 'resolved':
      return {
        event,
        body: `The OneSociety team settled the damage claim: ${money(facts.awarded ?? 0, facts.currency)} of ${claimed} is taken from the deposit, the rest released.`,
      };
    case 'withdrawn':
      return { event, body: 'The owner withdrew the damage claim.' };
  }
}
