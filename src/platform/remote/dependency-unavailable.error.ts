import { DomainError } from '../errors/domain-error';

/** Another process's context did not answer in time, or answered that it cannot: a 503 naming it. */
export class DependencyUnavailableError extends DomainError {
  constructor(context: string, reason: string) {
    super(
      'DEPENDENCY_UNAVAILABLE',
      'unavailable',
      `The ${context} service is unavailable; try again shortly`,
      {
        context,
        retryAfterSeconds: 5,
      },
    );
    this.cause = reason;
  }
}
