import { DomainError } from '../../../platform/errors/domain-error';

const fieldError = (code: string, message: string, field: string, fieldMessage: string) =>
  new DomainError(code, 'validation', message, { errors: [{ field, message: fieldMessage }] });

export const IntegrationErrors = {
  clientNotFound: () =>
    new DomainError('INTEGRATION.CLIENT_NOT_FOUND', 'not_found', 'API client was not found'),
  keyNotFound: () => new DomainError('INTEGRATION.KEY_NOT_FOUND', 'not_found', 'API key was not found'),
  clientRevoked: () =>
    new DomainError(
      'INTEGRATION.CLIENT_REVOKED',
      'conflict',
      'The API client is revoked; it takes no new key',
    ),
  invalidCursor: (field: string) =>
    fieldError(
      'INTEGRATION.INVALID_CURSOR',
      'The cursor is not one this API returned',
      field,
      `${field} must be a cursor returned by this API`,
    ),
  /** The feed no longer holds events that old: read from the oldest cursor it names. */
  cursorExpired: (oldestCursor: string) =>
    new DomainError(
      'INTEGRATION.CURSOR_EXPIRED',
      'gone',
      'Events after this cursor are past the feed’s retention; resume from oldestCursor',
      { oldestCursor },
    ),
  unknownEventTypes: (field: string, types: string[]) =>
    fieldError(
      'INTEGRATION.UNKNOWN_EVENT_TYPE',
      `Unknown event type(s): ${types.join(', ').slice(0, 300)}`,
      field,
      `${field} must name published event types (see IntegrationEvent in the OpenAPI document)`,
    ),
  webhookNotFound: () =>
    new DomainError('INTEGRATION.WEBHOOK_NOT_FOUND', 'not_found', 'Webhook endpoint was not found'),
  webhookUrlRefused: (reason: string) =>
    fieldError(
      'INTEGRATION.WEBHOOK_URL_REFUSED',
      `The webhook URL is refused: ${reason}`,
      'url',
      `url ${reason}`,
    ),
  webhookUrlTaken: (endpointId: string) =>
    new DomainError('INTEGRATION.WEBHOOK_URL_TAKEN', 'conflict', 'An endpoint with this URL is registered', {
      endpointId,
    }),
  webhookLimitReached: (limit: number) =>
    new DomainError(
      'INTEGRATION.WEBHOOK_LIMIT_REACHED',
      'conflict',
      `A client may register at most ${limit} webhook endpoints`,
      { limit },
    ),
  deliveryNotFound: () =>
    new DomainError('INTEGRATION.DELIVERY_NOT_FOUND', 'not_found', 'Webhook delivery was not found'),
};
