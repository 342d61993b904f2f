import { parseWebhookUrl } from './webhook-url';

const strict = { allowInsecureLoopback: false };
const testing = { allowInsecureLoopback: true };

describe('webhook URLs', () => {
  it.each([
    ['https://hooks.example.com/onesociety', 'hooks.example.com', 443, null],
    ['https://hooks.example.com:8443/x?y=1', 'hooks.example.com', 8443, null],
    ['https://93.184.215.14/hook', '93.184.215.14', 443, '93.184.215.14'],
    ['https://[2606:4700:4700::1111]/hook', '2606:4700:4700::1111', 443, '2606:4700:4700::1111'],
  ])('accepts %s', (raw, host, port, literal) => {
    expect(parseWebhookUrl(raw, strict)).toEqual({
      target: { url: new URL(raw), host, port, literal },
    });
  });

  it.each([
    ['http://hooks.example.com/x', 'must use https'],
    ['ftp://hooks.example.com/x', 'must use https'],
    ['hooks.example.com/x', 'must be an absolute https:// URL'],
    ['https://user:pw@hooks.example.com/x', 'must not carry credentials'],
    ['https://hooks.example.com/x#frag', 'must not have a fragment'],
    ['https://localhost/x', 'must name a public host'],
    ['https://api.localhost/x', 'must name a public host'],
    ['https://metadata.google.internal/x', 'must name a public host'],
    ['https://printer.local/x', 'must name a public host'],
    ['https://intranet/x', 'must name a public host'],
    ['https://127.0.0.1/x', 'must not point at a loopback address'],
    ['https://2130706433/x', 'must not point at a loopback address'],
    ['https://0x7f.1/x', 'must not point at a loopback address'],
    ['https://[::1]/x', 'must not point at a loopback address'],
    ['https://[::ffff:127.0.0.1]/x', 'must not point at a loopback address'],
    ['https://169.254.169.254/latest/meta-data', 'must not point at a metadata address'],
    ['https://[fd00:ec2::254]/x', 'must not point at a metadata address'],
    ['https://10.0.0.8/x', 'must not point at a private address'],
    ['https://[fe80::1]/x', 'must not point at a link-local address'],
    ['https://224.0.0.1/x', 'must not point at a multicast address'],
    [`https://hooks.example.com/${'a'.repeat(2048)}`, 'must be at most 2048 characters'],
  ])('refuses %s: %s', (raw, problem) => {
    expect(parseWebhookUrl(raw, strict)).toEqual({ problem });
  });

  it('lets tests use a plain-http loopback receiver only when the test setting says so', () => {
    expect(parseWebhookUrl('http://127.0.0.1:4567/hook', strict)).toEqual({ problem: 'must use https' });
    expect(parseWebhookUrl('http://127.0.0.1:4567/hook', testing)).toMatchObject({
      target: { host: '127.0.0.1', port: 4567, literal: '127.0.0.1' },
    });
    expect(parseWebhookUrl('http://[::1]:4567/hook', testing)).toMatchObject({ target: { literal: '::1' } });
    // Names may use http in test mode (the sender lets them reach loopback only); internal names and
    // other private ranges stay refused.
    expect(parseWebhookUrl('http://receiver.example.test:4567/hook', testing)).toMatchObject({
      target: { host: 'receiver.example.test', literal: null },
    });
    expect(parseWebhookUrl('http://localhost:4567/hook', testing)).toEqual({
      problem: 'must name a public host',
    });
    expect(parseWebhookUrl('http://10.0.0.8/hook', testing)).toEqual({ problem: 'must use https' });
    expect(parseWebhookUrl('https://169.254.169.254/x', testing)).toEqual({
      problem: 'must not point at a metadata address',
    });
  });
});
