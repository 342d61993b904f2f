import { createTestApp, type TestApp } from '../support/test-app';
import { HARDENING_ENV } from './support/http';

const ALLOWED = 'https://app.onesociety.dev';
const EVIL = 'https://evil.example';

const preflight = (t: TestApp, origin: string) =>
  t.http
    .options('/api/v1/rentals')
    .set('Origin', origin)
    .set('Access-Control-Request-Method', 'POST')
    .set('Access-Control-Request-Headers', 'authorization,content-type');

/** Browsers may call the API cross-origin only from the configured allow-list (CORS_ORIGINS). */
describe('hardening: CORS allow-list', () => {
  describe('with no CORS_ORIGINS (the default)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(HARDENING_ENV);
    });
    afterAll(() => t.close());

    it('grants no origin, in a preflight or a simple request', async () => {
      for (const origin of [ALLOWED, EVIL]) {
        const pre = await preflight(t, origin);
        expect(pre.headers['access-control-allow-origin']).toBeUndefined();
        const get = await t.http.get('/health/live').set('Origin', origin);
        expect(get.headers['access-control-allow-origin']).toBeUndefined();
      }
    });
  });

  describe('with CORS_ORIGINS set', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ ...HARDENING_ENV, CORS_ORIGINS: `${ALLOWED}, https://admin.onesociety.dev` });
    });
    afterAll(() => t.close());

    it('grants a listed origin, echoing it (never *), and varies on Origin', async () => {
      const pre = await preflight(t, ALLOWED);
      expect(pre.status).toBeLessThan(300);
      expect(pre.headers['access-control-allow-origin']).toBe(ALLOWED);
      expect(String(pre.headers['access-control-allow-methods'])).toContain('POST');
      const get = await t.http.get('/health/live').set('Origin', ALLOWED);
      expect(get.headers['access-control-allow-origin']).toBe(ALLOWED);
      expect(String(get.headers.vary)).toMatch(/origin/i);
    });

    it('grants no other origin, including look-alikes', async () => {
      for (const origin of [
        EVIL,
        'https://app.onesociety.dev.evil.example',
        'http://app.onesociety.dev',
        'null',
      ]) {
        const pre = await preflight(t, origin);
        expect({ origin, allowed: pre.headers['access-control-allow-origin'] }).toEqual({
          origin,
          allowed: undefined,
        });
        const get = await t.http.get('/health/live').set('Origin', origin);
        expect(get.headers['access-control-allow-origin']).toBeUndefined();
      }
    });
  });
});
