import { ipPrefix, sessionClient, sessionUserAgent } from './session-client';

describe('ipPrefix', () => {
  it.each([
    ['203.0.113.7', '203.0.113.0/24'],
    ['10.1.2.255', '10.1.2.0/24'],
    [' 127.0.0.1 ', '127.0.0.0/24'],
    ['::ffff:203.0.113.7', '203.0.113.0/24'],
    ['::FFFF:198.51.100.200', '198.51.100.0/24'],
    ['0:0:0:0:0:ffff:cb00:7107', '203.0.113.0/24'],
    ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3::/48'],
    ['2001:db8::1', '2001:db8::/48'],
    ['2001:0DB8:0001:0002::', '2001:db8:1::/48'],
    ['fe80::1%eth0', 'fe80::/48'],
    ['[2001:db8:abcd::1]', '2001:db8:abcd::/48'],
    ['::1', '::/48'],
    ['0:0:1::5', '0:0:1::/48'],
    ['64:ff9b::192.0.2.33', '64:ff9b::/48'],
  ])('%s is kept as %s', (ip, prefix) => {
    expect(ipPrefix(ip)).toBe(prefix);
  });

  it.each([[''], [null], [undefined], ['not-an-ip'], ['999.1.1.1'], ['1.2.3'], ['2001:db8::g']])(
    'keeps nothing of %p',
    (ip) => {
      expect(ipPrefix(ip)).toBeNull();
    },
  );

  it('never keeps the host part', () => {
    expect(ipPrefix('203.0.113.99')).toBe(ipPrefix('203.0.113.1'));
    expect(ipPrefix('2001:db8:1:ffff::9')).toBe(ipPrefix('2001:db8:1::1'));
  });
});

describe('sessionUserAgent', () => {
  it('trims and caps at 256 characters', () => {
    expect(sessionUserAgent('  Firefox/140 ')).toBe('Firefox/140');
    expect(sessionUserAgent('x'.repeat(1000))).toHaveLength(256);
    expect(sessionUserAgent(['Safari', 'Other'])).toBe('Safari');
  });

  it('is null when absent or blank', () => {
    expect(sessionUserAgent(undefined)).toBeNull();
    expect(sessionUserAgent('   ')).toBeNull();
  });

  it('combines with the prefix', () => {
    expect(sessionClient('Curl', '::ffff:192.0.2.4')).toEqual({
      userAgent: 'Curl',
      ipPrefix: '192.0.2.0/24',
    });
  });
});
