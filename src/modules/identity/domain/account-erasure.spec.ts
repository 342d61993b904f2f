import bcrypt from 'bcryptjs';
import { ERASED_PASSWORD_HASH, erasedEmail } from './account-erasure';

describe('account erasure rules', () => {
  const id = '0B7F7A3E-5C1D-4C8E-9A52-00000000000A';

  it('gives each erased account its own undeliverable, lower-case address', () => {
    const email = erasedEmail(id);
    expect(email).toBe('deleted-0b7f7a3e-5c1d-4c8e-9a52-00000000000a@deleted.invalid');
    expect(email).toBe(email.toLowerCase()); // chk_users_email_lowercase
    expect(email.endsWith('.invalid')).toBe(true); // RFC 2606: never a real mailbox
    expect(erasedEmail('0b7f7a3e-5c1d-4c8e-9a52-00000000000b')).not.toBe(email);
  });

  it('keeps a hash no password can match', () => {
    for (const password of ['', 'correct-Horse-42', ERASED_PASSWORD_HASH, 'x'.repeat(72)])
      expect(bcrypt.compareSync(password, ERASED_PASSWORD_HASH)).toBe(false);
  });
});
