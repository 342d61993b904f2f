import { DomainError } from '../../../platform/errors/domain-error';

export const MessagingErrors = {
  conversationNotFound: () =>
    new DomainError('MESSAGING.CONVERSATION_NOT_FOUND', 'not_found', 'Conversation was not found'),
  messageNotFound: () =>
    new DomainError('MESSAGING.MESSAGE_NOT_FOUND', 'not_found', 'Message was not found in this conversation'),
  productNotFound: () => new DomainError('MESSAGING.PRODUCT_NOT_FOUND', 'not_found', 'Product was not found'),
  rentalNotFound: () => new DomainError('MESSAGING.RENTAL_NOT_FOUND', 'not_found', 'Rental was not found'),
  selfConversation: () =>
    new DomainError(
      'MESSAGING.SELF_CONVERSATION',
      'validation',
      'You cannot open a conversation with yourself',
    ),
  /** The caller blocked the other person (one the other blocked is never told: not found). */
  blocked: () =>
    new DomainError(
      'MESSAGING.BLOCKED',
      'forbidden',
      'You blocked this person: lift the block to write to them',
    ),
  /** The caller is suspended or banned (trust): they cannot start or write conversations meanwhile. */
  accountRestricted: () =>
    new DomainError(
      'MESSAGING.ACCOUNT_RESTRICTED',
      'forbidden',
      'Your account is restricted: you cannot send messages at the moment',
    ),
  targetRequired: () =>
    new DomainError('MESSAGING.TARGET_REQUIRED', 'validation', 'Give exactly one of rentalId or productId', {
      errors: [{ field: 'rentalId', message: 'exactly one of rentalId or productId is required' }],
    }),
  invalidCursor: () =>
    new DomainError('MESSAGING.INVALID_CURSOR', 'validation', 'The cursor is malformed', {
      errors: [{ field: 'before', message: 'before must be a cursor returned by this API' }],
    }),
  invalidContent: (messages: { field: string; message: string }[]) =>
    new DomainError('MESSAGING.INVALID_MESSAGE', 'validation', 'The message is invalid', {
      errors: messages,
    }),
};
