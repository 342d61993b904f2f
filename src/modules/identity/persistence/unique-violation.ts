/** The unique constraint a write broke (PostgreSQL 23505), or null for any other error. */
export function uniqueViolationOf(error: unknown): string | null {
  const driverError = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
  return driverError?.code === '23505' ? (driverError.constraint ?? '') : null;
}
