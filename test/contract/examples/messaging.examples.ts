import { newInquiry } from '../../support/messaging.factory';
import type { ExampleFixtures, ExampleWorld } from './example-fixture';

/** A fresh renter's inquiry about the shared product: the renter and the conversation's id. */
async function inquiry(world: ExampleWorld) {
  const { renter, conversation } = await newInquiry(world.t, (await world.product()).id);
  return { auth: renter.auth, ids: { id: conversation.id } };
}

export const messagingExamples: ExampleFixtures = {
  messaging_openConversation: async (world) => ({
    auth: (await world.person()).auth,
    ids: { productId: (await world.product()).id },
  }),
  messaging_listConversations: async (world) => ({ auth: (await inquiry(world)).auth }),
  messaging_getConversation: inquiry,
  messaging_markConversationRead: inquiry,
  messaging_postMessage: inquiry,
  messaging_listMessages: inquiry,
};
