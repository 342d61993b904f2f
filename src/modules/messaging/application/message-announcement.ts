import type { EntityManager } from 'typeorm';
import type { Outbox } from '../../../platform/events/outbox';
import { MessagePosted } from '../contracts/messaging.events';
import { audienceOf } from '../persistence/conversation-reader';

/**
 * Tells the other contexts that someone wrote (the first message of a conversation, or any later
 * one), in the message's transaction: the recipient hears of exactly the messages that exist.
 */
export async function announceMessage(
  outbox: Outbox,
  manager: EntityManager,
  conversationId: string,
  senderId: string,
  messageId: string,
): Promise<void> {
  const audience = await audienceOf(manager, conversationId, senderId);
  if (!audience) return;
  await outbox.publish(
    manager,
    'messaging',
    MessagePosted.create({
      messageId,
      conversationId,
      senderId,
      recipientId: audience.recipientId,
      productId: audience.productId,
      rentalId: audience.rentalId,
      postedAt: new Date().toISOString(),
    }),
  );
}
