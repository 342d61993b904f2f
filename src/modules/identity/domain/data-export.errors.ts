import { DomainError, NotFoundError } from '../../../platform/errors/domain-error';

export const DataExportErrors = {
  notFound: () => new NotFoundError('IDENTITY.EXPORT_NOT_FOUND', 'Data export'),
  inProgress: (exportId: string) =>
    new DomainError(
      'IDENTITY.EXPORT_IN_PROGRESS',
      'conflict',
      'An export of your data is already being prepared; it is emailed when ready',
      { exportId },
    ),
  tooMany: (retryAfterSeconds: number) =>
    new DomainError(
      'IDENTITY.EXPORT_LIMIT',
      'rate_limited',
      'Three exports a day at most: the last one is still downloadable for 7 days',
      { retryAfterSeconds },
    ),
  notReady: () =>
    new DomainError(
      'IDENTITY.EXPORT_NOT_READY',
      'conflict',
      'The export is still being prepared; try again later',
    ),
  failed: () =>
    new DomainError(
      'IDENTITY.EXPORT_FAILED',
      'conflict',
      'The export could not be prepared; request a new one',
    ),
  expired: () =>
    new DomainError(
      'IDENTITY.EXPORT_EXPIRED',
      'gone',
      'The export has expired and its document was deleted; request a new one',
    ),
};
