import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { signUp } from '../support/identity.factory';
import { createTestApp, type TestApp } from '../support/test-app';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);

// The one place a test may be skipped: a fresh machine without Debian's chromium package.
// .ci/run installs it, so CI always runs this.
const browserIt = haveChromium ? it : it.skip;

describe(`Swagger UI in a real browser${haveChromium ? '' : ` (skipped: no Chromium at ${CHROMIUM}; apt-get install chromium)`}`, () => {
  let t: TestApp;
  let browser: Browser | undefined;
  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  browserIt('authorizes with a signup token and runs "try it out" on GET /api/v1/auth/profile', async () => {
    const user = await signUp(t.http);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const page = await browser.newPage();
    await page.goto(`${await t.app.getUrl()}/docs`);

    await page.locator('.auth-wrapper button.authorize').click();
    // The dialog lists each scheme (bearer, then integrators' apiKey): authorize the bearer one.
    const bearer = page.locator('.modal-ux form').filter({ hasText: 'bearer (http, Bearer)' });
    await bearer.locator('input[type=text]').fill(user.accessToken);
    await bearer.locator('button.modal-btn.authorize').click();
    await page.locator('.modal-ux button.btn-done').first().click();

    const operation = page.locator('#operations-identity-auth_getProfile');
    await operation.locator('.opblock-summary').click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    await operation.getByRole('button', { name: 'Execute' }).click();

    const status = operation.locator('.live-responses-table tr.response .response-col_status').first();
    await status.waitFor({ timeout: 15_000 });
    expect((await status.textContent())?.trim()).toBe('200');
    await expect(
      operation.locator('.live-responses-table .microlight').first().textContent(),
    ).resolves.toContain(user.email);
  });
});
