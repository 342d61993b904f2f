import { onboardingLink, sandboxOnboardingTarget } from '../../../support/connect.factory';
import { sandboxClaim, sandboxReturnedRental } from '../../../support/claim.factory';
import { sandboxDispute } from '../../../support/dispute.factory';
import type { BolaRegistry } from './types';

const authenticationTarget = (redirectUrl: string | null | undefined): string => {
  const match = /payment-intents\/([^/]+)\/authenticate/.exec(redirectUrl ?? '');
  if (!match) throw new Error(`no sandbox authentication URL in ${redirectUrl}`);
  return match[1];
};

/** Payment methods, payment intents and the sandbox's 3-D Secure page. */
export const PAYMENT: BolaRegistry = {
  'PUT /api/v1/payment/payment-methods/{id}/default': [
    {
      name: 'making a saved card the default',
      exposure: 'private',
      setup: async (f) => {
        const owner = await f.user();
        await f.paymentMethod(owner, 'pm_card_visa');
        const second = await f.paymentMethod(owner, 'pm_card_mastercard');
        return { owner, params: { id: second.id } };
      },
    },
  ],
  'DELETE /api/v1/payment/payment-methods/{id}': [
    {
      name: 'removing a saved card',
      exposure: 'private',
      setup: async (f) => {
        const owner = await f.user();
        const method = await f.paymentMethod(owner);
        return { owner, params: { id: method.id } };
      },
    },
  ],
  'GET /api/v1/payment/payment-intents/{id}': [
    {
      name: "a rental's payment (payer)",
      exposure: 'private',
      setup: async (f) => {
        const { renter, intent } = await f.rentalWithIntent('pm_card_visa');
        return { owner: renter, params: { id: intent.id } };
      },
    },
    {
      name: "a rental's payment (payee)",
      exposure: 'private',
      setup: async (f) => {
        const { owner, intent } = await f.rentalWithIntent('pm_card_visa');
        return { owner, params: { id: intent.id } };
      },
    },
  ],
  'POST /api/v1/payment/payment-intents/{id}/confirm': [
    {
      name: 'paying a rental that waits for a payment method',
      exposure: 'private',
      setup: async (f) => {
        const { renter, intent } = await f.rentalWithIntent(null);
        const method = await f.paymentMethod(renter);
        return { owner: renter, params: { id: intent.id }, body: { paymentMethodId: method.id } };
      },
    },
    {
      // The payee sees the intent, but only its payer may pay it.
      name: "the payee confirming the payer's payment",
      exposure: 'private',
      setup: async (f) => {
        const { owner, renter, intent } = await f.rentalWithIntent(null);
        await f.paymentMethod(owner);
        const method = await f.paymentMethod(renter);
        return {
          owner: renter,
          intruder: owner,
          params: { id: intent.id },
          body: { paymentMethodId: method.id },
        };
      },
    },
  ],
  'POST /api/v1/payment/sandbox/payment-intents/{gatewayIntentId}/authenticate': [
    {
      name: "completing another payer's 3-D Secure",
      exposure: 'capability',
      setup: async (f) => {
        const { renter, intent } = await f.rentalWithIntent('pm_card_authenticationRequired');
        const gatewayIntentId = authenticationTarget(intent.nextAction?.redirectUrl);
        return {
          owner: renter,
          params: { gatewayIntentId },
          body: { clientSecret: intent.nextAction?.clientSecret, outcome: 'succeed' },
          intruderBody: { clientSecret: `${gatewayIntentId}_secret_guessed0000`, outcome: 'succeed' },
        };
      },
    },
  ],
  'GET /api/v1/payment/rentals/{rentalId}/breakdown': [
    {
      name: "a rental's money (renter)",
      exposure: 'private',
      setup: async (f) => {
        const { renter, rental } = await f.rentalWithIntent('pm_card_visa');
        return { owner: renter, params: { rentalId: rental.id } };
      },
    },
    {
      name: "a rental's money and payout (owner)",
      exposure: 'private',
      setup: async (f) => {
        const { owner, rental } = await f.rentalWithIntent('pm_card_visa');
        return { owner, params: { rentalId: rental.id } };
      },
    },
  ],
  'POST /api/v1/payment/sandbox/connect/accounts/{accountId}/onboarding': [
    {
      name: "completing another owner's payout onboarding",
      exposure: 'capability',
      setup: async (f) => {
        const owner = await f.user('Owner');
        const { path, link } = sandboxOnboardingTarget((await onboardingLink(f.t, owner)).url);
        return {
          owner,
          params: { accountId: path.split('/').at(-2)! },
          body: { link, outcome: 'complete' },
          intruderBody: { link: `${link.split('.')[0]}.guessedguessedguessed`, outcome: 'complete' },
        };
      },
    },
  ],
  'GET /api/v1/admin/disputes/{disputeId}': [
    {
      name: 'a dispute with its history, for admins',
      exposure: 'admin',
      setup: async (f) => ({ owner: await f.admin(), params: { disputeId: (await sandboxDispute(f.t)).id } }),
    },
  ],
  'POST /api/v1/admin/disputes/{disputeId}/evidence': [
    {
      name: "answering a renter's dispute",
      exposure: 'admin',
      setup: async (f) => ({
        owner: await f.admin(),
        params: { disputeId: (await sandboxDispute(f.t)).id },
        body: { text: 'The renter collected the item and returned it in good order.' },
      }),
    },
  ],
  'POST /api/v1/payment/rentals/{rentalId}/claims': [
    {
      name: "filing a claim against another owner's deposit",
      exposure: 'private',
      setup: async (f) => {
        const { owner, rental } = await sandboxReturnedRental(f.t);
        return {
          owner,
          params: { rentalId: rental.id },
          body: { amount: 100, currency: rental.quote.currency, description: 'Dent' },
        };
      },
    },
  ],
  'GET /api/v1/payment/claims/{claimId}': [
    {
      name: 'a damage claim (owner)',
      exposure: 'private',
      setup: async (f) => {
        const { owner, claim } = await sandboxClaim(f.t);
        return { owner, params: { claimId: claim.id } };
      },
    },
    {
      name: 'a damage claim (renter)',
      exposure: 'private',
      setup: async (f) => {
        const { renter, claim } = await sandboxClaim(f.t);
        return { owner: renter, params: { claimId: claim.id } };
      },
    },
  ],
  'POST /api/v1/payment/claims/{claimId}/accept': [
    {
      name: "accepting another renter's claim",
      exposure: 'private',
      setup: async (f) => {
        const { renter, claim } = await sandboxClaim(f.t);
        return { owner: renter, params: { claimId: claim.id }, body: {} };
      },
    },
  ],
  'POST /api/v1/payment/claims/{claimId}/dispute': [
    {
      name: "disputing another renter's claim",
      exposure: 'private',
      setup: async (f) => {
        const { renter, claim } = await sandboxClaim(f.t);
        return { owner: renter, params: { claimId: claim.id }, body: { note: 'Not me.' } };
      },
    },
  ],
  'POST /api/v1/payment/claims/{claimId}/withdraw': [
    {
      name: "withdrawing another owner's claim",
      exposure: 'private',
      setup: async (f) => {
        const { owner, claim } = await sandboxClaim(f.t);
        return { owner, params: { claimId: claim.id }, body: {} };
      },
    },
  ],
  'POST /api/v1/admin/claims/{claimId}/resolution': [
    {
      name: 'settling a disputed claim',
      exposure: 'admin',
      setup: async (f) => ({
        owner: await f.admin(),
        params: { claimId: (await sandboxClaim(f.t, { disputed: true })).claim.id },
        body: { amount: 0, note: 'No evidence of damage.' },
      }),
    },
  ],
  'POST /api/v1/admin/payment-intents/{intentId}/refunds': [
    {
      name: 'refunding a payment',
      exposure: 'admin',
      setup: async (f) => ({
        owner: await f.admin(),
        params: { intentId: (await sandboxClaim(f.t)).intentId },
        body: { amount: 100, reason: 'Goodwill.' },
      }),
    },
  ],
  'GET /api/v1/admin/payment-intents/{intentId}/refunds': [
    {
      name: "a payment's refunds",
      exposure: 'admin',
      setup: async (f) => ({
        owner: await f.admin(),
        params: { intentId: (await sandboxClaim(f.t)).intentId },
      }),
    },
  ],
};
