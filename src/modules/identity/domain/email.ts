/**
 * Emails are compared case-insensitively; we store the lowercased form so the unique index is
 * the whole rule (the database also checks the column is lowercase).
 */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
