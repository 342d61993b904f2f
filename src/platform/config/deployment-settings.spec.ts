import 'reflect-metadata';
import { loadConfig } from './app-config';
import { CONTEXT_NAMES } from './contexts';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const split = {
  CONTEXTS: 'identity,catalog',
  CONTEXT_URLS: CONTEXT_NAMES.filter((c) => c !== 'identity' && c !== 'catalog')
    .map((c) => `${c}=http://rest:3000/`)
    .join(','),
  INTERNAL_API_SECRET: SECRET,
  NATS_URL: 'nats://nats:4222',
};

describe('deployment settings', () => {
  it('hosts every context by default (the monolith)', () => {
    const config = loadConfig({});
    expect(config.hostedContexts).toEqual([...CONTEXT_NAMES]);
    expect(config.isSplit).toBe(false);
  });

  it('hosts the contexts CONTEXTS names, in canonical order, and knows where the others are', () => {
    const config = loadConfig({ ...split, CONTEXTS: ' catalog , identity ' });
    expect(config.hostedContexts).toEqual(['identity', 'catalog']);
    expect(config.isSplit).toBe(true);
    expect(config.contextUrl('rental')).toBe('http://rest:3000');
  });

  it.each([
    ['an unknown context', { CONTEXTS: 'identity,shipping' }, 'CONTEXTS: unknown context shipping'],
    [
      'a URL for an unknown context',
      { CONTEXT_URLS: 'shipping=http://x:1' },
      'CONTEXT_URLS: unknown context',
    ],
    ['a URL that is not http', { CONTEXT_URLS: 'rental=ftp://x' }, 'is not an http(s) URL'],
    [
      'a context served nowhere',
      { CONTEXT_URLS: 'rental=http://rest:3000' },
      'CONTEXT_URLS must name the process serving messaging',
    ],
    ['no shared secret', { INTERNAL_API_SECRET: undefined }, 'INTERNAL_API_SECRET is required'],
    [
      'a short secret',
      { INTERNAL_API_SECRET: 'short' },
      'INTERNAL_API_SECRET must be at least 32 characters',
    ],
    ['no NATS', { NATS_URL: undefined }, 'NATS_URL is required when CONTEXTS is not all'],
  ])('refuses a split with %s, in one line naming the problem', (_case, change, message) => {
    expect(() => loadConfig({ ...split, ...change })).toThrow(message);
  });
});
