export const PASSWORD_MIN_LENGTH = 10;
/** bcrypt ignores everything after 72 bytes; longer passwords would verify on their prefix alone. */
export const PASSWORD_MAX_BYTES = 72;

const CLASSES: RegExp[] = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u];

/** Returns what is wrong with a password, or an empty list when it is acceptable. */
export function passwordPolicyViolations(password: string): string[] {
  const problems: string[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    problems.push(`password must be at least ${PASSWORD_MIN_LENGTH} characters long`);
  }
  if (Buffer.byteLength(password, 'utf8') > PASSWORD_MAX_BYTES) {
    problems.push(`password must be at most ${PASSWORD_MAX_BYTES} bytes in UTF-8`);
  }
  const classes = CLASSES.filter((re) => re.test(password)).length;
  if (password.length > 0 && classes < 2) {
    problems.push('password must mix at least two of: lowercase, uppercase, digits, symbols');
  }
  return problems;
}
