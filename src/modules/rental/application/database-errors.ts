import { QueryFailedError } from 'typeorm';

const OVERLAP_CONSTRAINTS = new Set(['ex_rentals_no_overlap', 'ex_holds_no_overlap']);

const driverError = (error: unknown) =>
  error instanceof QueryFailedError ? (error.driverError as { code?: string; constraint?: string }) : null;

/** PostgreSQL refused the write because the dates are already held (exclusion violation). */
export function isOverlapViolation(error: unknown): boolean {
  const cause = driverError(error);
  return cause?.code === '23P01' && OVERLAP_CONSTRAINTS.has(cause.constraint ?? '');
}

/**
 * Two transactions inserting conflicting holds at the same instant can each wait for the other;
 * PostgreSQL then aborts one with a deadlock (40P01). Retrying it is safe: it runs again from
 * scratch and meets the winner's committed row as a plain overlap.
 */
export function isRetryableConflict(error: unknown): boolean {
  const code = driverError(error)?.code;
  return code === '40P01' || code === '40001';
}

export async function withConflictRetry<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isRetryableConflict(error)) throw error;
    }
  }
}
