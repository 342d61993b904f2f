import { NotFoundError } from '../../../platform/errors/domain-error';

export const SessionErrors = {
  notFound: () => new NotFoundError('IDENTITY.SESSION_NOT_FOUND', 'Session'),
};
