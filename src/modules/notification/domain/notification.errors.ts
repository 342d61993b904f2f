import { DomainError, NotFoundError } from '../../../platform/errors/domain-error';
import type { NotificationCategory } from './notification-kinds';

export const NotificationErrors = {
  notFound: () => new NotFoundError('NOTIFICATION.NOT_FOUND', 'The notification'),
  invalidCursor: () =>
    new DomainError('NOTIFICATION.INVALID_CURSOR', 'validation', 'The cursor is not one this list gave', {
      errors: [{ field: 'cursor', message: 'cursor must be a nextCursor of a previous page' }],
    }),
  mandatoryCategory: (category: NotificationCategory) =>
    new DomainError(
      'NOTIFICATION.CATEGORY_MANDATORY',
      'validation',
      `Emails of the ${category} category cannot be turned off`,
      { category, errors: [{ field: 'preferences', message: `${category} emails cannot be turned off` }] },
    ),
  duplicateCategory: (category: NotificationCategory) =>
    new DomainError(
      'NOTIFICATION.DUPLICATE_CATEGORY',
      'validation',
      `The ${category} category is given twice`,
      {
        category,
        errors: [{ field: 'preferences', message: `${category} is given twice` }],
      },
    ),
  invalidUnsubscribeToken: () =>
    new DomainError(
      'NOTIFICATION.INVALID_UNSUBSCRIBE_TOKEN',
      'bad_request',
      'This unsubscribe link is not valid; change your email settings in your account instead',
    ),
};
