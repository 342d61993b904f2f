import { QueryFailedError } from 'typeorm';

/** The unique index a statement violated, or null for any other failure. */
export function violatedUniqueIndex(error: unknown): string | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' ? (driverError.constraint ?? '') : null;
}
