import { loadConfig } from '../config/app-config';
import { SecretBox } from './secret-box';

const box = (secret = 'a-test-secret-that-is-long-enough-for-hkdf-0001') =>
  new SecretBox(loadConfig({ NODE_ENV: 'test', JWT_SECRET: secret }));

describe('SecretBox', () => {
  it('opens what it sealed, and seals the same text differently each time', () => {
    const b = box();
    const one = b.seal('mail', 'ada@example.com');
    expect(one).not.toContain('ada');
    expect(b.seal('mail', 'ada@example.com')).not.toBe(one);
    expect(b.open('mail', one)).toBe('ada@example.com');
  });

  it('refuses a tampered value, another purpose and another key', () => {
    const b = box();
    const sealed = b.seal('mail', 'secret');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => b.open('mail', parts.join('.'))).toThrow();
    expect(() => b.open('totp', sealed)).toThrow();
    expect(() => box('another-secret-that-is-long-enough-for-hkdf-02').open('mail', sealed)).toThrow();
    expect(() => b.open('mail', 'not sealed')).toThrow('Not a sealed value');
  });
});
