import { signInternalCall, verifyInternalCall } from './internal-signature';

const SECRET = 'unit-test-secret-that-is-long-enough-for-hmac';
const PATH = '/internal/v1/contracts/catalog.CatalogApi/findProduct';
const BODY = '{"args":["p1"]}';

describe('internal call signatures', () => {
  const now = Date.UTC(2026, 11, 7, 12);

  it('accepts its own signature of the same path and body', () => {
    expect(verifyInternalCall(SECRET, signInternalCall(SECRET, PATH, BODY, now), PATH, BODY, now)).toBe(true);
  });

  it.each([
    ['another body', PATH, '{"args":["p2"]}', now],
    ['another path', '/internal/v1/contracts/rental.RentalApi/findRental', BODY, now],
    ['six minutes later (a replay)', PATH, BODY, now + 360_000],
  ])('refuses it for %s', (_case, path, body, at) => {
    expect(verifyInternalCall(SECRET, signInternalCall(SECRET, PATH, BODY, now), path, body, at)).toBe(false);
  });

  it.each([undefined, '', 't=1,v1=zz', ['t=1,v1=00']])('refuses a malformed header %j', (header) => {
    expect(verifyInternalCall(SECRET, header, PATH, BODY, now)).toBe(false);
  });
});
