/**
 * What went wrong, in terms every context shares. The HTTP layer maps each kind to a status;
 * domains never speak HTTP.
 */
export type DomainErrorKind =
  | 'validation'
  /** Well-formed, but names nothing usable (an unknown single-use token): 400, not a field error. */
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  /** It existed and is no more (an expired link or download): retrying will not help. */
  | 'gone'
  /** More bytes than the operation accepts (an upload over its limit): 413. */
  | 'too_large'
  /** A body in a format the operation does not read (JSON where a file upload is expected): 415. */
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable';

/** A broken business rule, with a stable code clients can switch on (`IDENTITY.EMAIL_TAKEN`). */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    message: string,
    /** Extra members for the problem document (conflicting ranges, allowed transitions...). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(code: string, what: string) {
    super(code, 'not_found', `${what} was not found`);
  }
}

export function assertUnreachable(value: never): never {
  throw new Error(`Unhandled case: ${String(value)}`);
}
