import { randomUUID } from 'node:crypto';
import type { SignedUpUser } from '../../support/identity.factory';
import { addPaymentMethod, drain, rentalIntent, signedWebhook } from '../../support/payment.factory';
import { onboardingLink, onboardOwner, sandboxOnboardingTarget } from '../../support/connect.factory';
import { createProduct } from '../../support/catalog.factory';
import { completeRental, createRental } from '../../support/rental.factory';
import { sandboxDispute } from '../../support/dispute.factory';
import type { ExampleFixtures, ExampleWorld } from './example-fixture';

/** A rental of a product of its own by `renter`, its events delivered so payment has its intent. */
async function rentalOf(world: ExampleWorld, renter: SignedUpUser) {
  const rental = await createRental(world.t, renter, await world.freshProduct());
  await drain(world.t);
  const intent = await rentalIntent(world.t, renter, rental.id);
  if (!intent) throw new Error(`no payment intent for rental ${rental.id}`);
  return { rental, intent };
}

async function withCard(world: ExampleWorld) {
  const user = await world.person();
  return { user, card: await addPaymentMethod(world.t, user) };
}

export const paymentExamples: ExampleFixtures = {
  payment_addPaymentMethod: async (world) => ({ auth: (await world.person()).auth }),
  payment_listPaymentMethods: async (world) => ({ auth: (await withCard(world)).user.auth }),
  payment_setDefaultPaymentMethod: async (world) => {
    const { user, card } = await withCard(world);
    return { auth: user.auth, ids: { id: card.id } };
  },
  payment_deletePaymentMethod: async (world) => {
    const { user, card } = await withCard(world);
    return { auth: user.auth, ids: { id: card.id } };
  },
  // The rental's intent exists already (payment made it when the rental was requested): 200.
  payment_createPaymentIntent: async (world) => {
    const { user } = await withCard(world);
    const { rental } = await rentalOf(world, user);
    return { auth: user.auth, ids: { rentalId: rental.id }, status: 200 };
  },
  payment_listPaymentIntents: async (world) => {
    const { user } = await withCard(world);
    await rentalOf(world, user);
    return { auth: user.auth };
  },
  payment_getPaymentIntent: async (world) => {
    const { user } = await withCard(world);
    return { auth: user.auth, ids: { id: (await rentalOf(world, user)).intent.id } };
  },
  // Requested without a card, the intent waits for one; confirming after adding a card holds it.
  payment_confirmPaymentIntent: async (world) => {
    const user = await world.person();
    const { intent } = await rentalOf(world, user);
    await addPaymentMethod(world.t, user);
    return { auth: user.auth, ids: { id: intent.id } };
  },
  payment_receiveStripeWebhook: async () => {
    const { payload, signature } = signedWebhook({
      id: `evt_${randomUUID().replaceAll('-', '')}`,
      type: 'payment_intent.succeeded',
      // A payment intent as Stripe describes one, of nobody here: acknowledged and ignored.
      object: {
        id: 'pi_unknown_to_us',
        object: 'payment_intent',
        status: 'succeeded',
        amount: 2500,
        amount_capturable: 0,
        amount_received: 2500,
        currency: 'eur',
        client_secret: 'pi_unknown_to_us_secret_x',
        last_payment_error: null,
        next_action: null,
        latest_charge: null,
      },
    });
    return {
      rawBody: payload,
      headers: { 'stripe-signature': signature, 'content-type': 'application/json' },
    };
  },
  // A card that asks for 3-D Secure: the intent's next action names the sandbox page and its secret.
  payment_authenticateSandboxPayment: async (world) => {
    const user = await world.person();
    await addPaymentMethod(world.t, user, 'pm_card_authenticationRequired');
    const { intent } = await rentalOf(world, user);
    const gatewayIntentId = /payment-intents\/([^/]+)\/authenticate$/.exec(
      intent.nextAction?.redirectUrl ?? '',
    )?.[1];
    if (!gatewayIntentId) throw new Error(`no 3-D Secure step: ${JSON.stringify(intent)}`);
    return { ids: { gatewayIntentId }, secrets: { clientSecret: intent.nextAction!.clientSecret! } };
  },
  // A first call creates the account: 201 (a repeat answers 200 with the same one).
  payment_createConnectAccount: async (world) => ({ auth: (await world.person()).auth, status: 201 }),
  payment_getConnectAccount: async (world) => {
    const owner = await world.person();
    await world.t.http.post('/api/v1/payment/connect/account').set(owner.auth).expect(201);
    return { auth: owner.auth };
  },
  payment_createOnboardingLink: async (world) => ({ auth: (await world.person()).auth }),
  // The dashboard opens once the owner's details are submitted (here: through the sandbox's page).
  payment_createDashboardLink: async (world) => {
    const owner = await world.person();
    await onboardOwner(world.t, owner);
    return { auth: owner.auth };
  },
  // An owner whose rental completed: their payout waits for its release time.
  payment_listPayouts: async (world) => {
    const owner = await world.person();
    const { user: renter } = await withCard(world);
    await completeRental(world.t, owner, renter, await createProduct(world.t, owner));
    await drain(world.t);
    return { auth: owner.auth };
  },
  payment_getRentalBreakdown: async (world) => {
    const { user } = await withCard(world);
    const { rental } = await rentalOf(world, user);
    return { auth: user.auth, ids: { rentalId: rental.id } };
  },
  // Following an onboarding link: its URL names the account and carries the link's proof.
  payment_completeSandboxOnboarding: async (world) => {
    const owner = await world.person();
    const { path, link } = sandboxOnboardingTarget((await onboardingLink(world.t, owner)).url);
    const accountId = path.split('/').at(-2)!;
    return { ids: { accountId }, secrets: { link } };
  },
  // The payer of a completed rental disputes its payment with the sandbox's trigger.
  payment_openSandboxDispute: async (world) => {
    const owner = await world.person();
    const { user } = await withCard(world);
    const rental = await completeRental(world.t, owner, user, await createProduct(world.t, owner));
    await drain(world.t);
    const intent = await rentalIntent(world.t, user, rental.id);
    return { auth: user.auth, ids: { paymentIntentId: intent!.id } };
  },
};

/** Disputes, for admins: each example on a dispute of its own (evidence moves it on). */
export const disputeExamples: ExampleFixtures = {
  admin_listDisputes: async (world) => {
    await sandboxDispute(world.t);
    return { auth: (await world.admin()).auth };
  },
  admin_getDispute: async (world) => ({
    auth: (await world.admin()).auth,
    ids: { disputeId: (await sandboxDispute(world.t)).id },
  }),
  admin_submitDisputeEvidence: async (world) => ({
    auth: (await world.admin()).auth,
    ids: { disputeId: (await sandboxDispute(world.t)).id },
  }),
};
