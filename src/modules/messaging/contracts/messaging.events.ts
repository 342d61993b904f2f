import { defineEvent } from '../../../platform/events/integration-event';

/**
 * Someone wrote in a conversation (system messages about a rental's steps are not included: the
 * rental's own events say that). No body: who wrote to whom is enough to tell the recipient, and
 * outboxes keep events for days.
 */
export interface MessagePostedPayload {
  messageId: string;
  conversationId: string;
  senderId: string;
  recipientId: string;
  /** The listing the conversation is about. */
  productId: string;
  /** The rental the conversation is about, when it is one. */
  rentalId: string | null;
  postedAt: string;
}

export const MessagePosted = defineEvent<MessagePostedPayload>('messaging.MessagePosted');
