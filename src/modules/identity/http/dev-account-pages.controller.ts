import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../../platform/auth/decorators';
import { AppConfig } from '../../../platform/config/app-config';
import { DomainError } from '../../../platform/errors/domain-error';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

interface PageSpec {
  title: string;
  intro: string;
  /** Inputs beside the token, as HTML. */
  fields: string;
  button: string;
  endpoint: string;
  /** A JS expression building the request body from `token` and the form. */
  body: string;
}

/**
 * Stand-ins for the web app's two pages that email links open (`<PUBLIC_WEB_URL>/verify-email` and
 * `/reset-password`), so that on a fresh `npm start` a newcomer can click the link in the
 * development mailbox and finish the flow. Development only, with the mailbox (never in
 * production). Opening a page changes nothing: only its button posts the token to the API, so a
 * mail client that prefetches links cannot spend them.
 */
@ApiExcludeController()
@Public()
@Controller()
export class DevAccountPagesController {
  constructor(private readonly config: AppConfig) {}

  @Get('verify-email')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  verifyEmail(@Query('token') token: unknown): string {
    return this.page(token, {
      title: 'Confirm your email address',
      intro: 'Confirm that this address is yours.',
      fields: '',
      button: 'Confirm my address',
      endpoint: '/api/v1/auth/email-verification',
      body: '{ token }',
    });
  }

  @Get('reset-password')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  resetPassword(@Query('token') token: unknown): string {
    return this.page(token, {
      title: 'Choose a new password',
      intro: 'At least 10 characters, mixing two of: lowercase, uppercase, digits, symbols.',
      fields: '<p><input id="password" type="password" autocomplete="new-password" required></p>',
      button: 'Set my new password',
      endpoint: '/api/v1/auth/password-reset/confirm',
      body: "{ token, newPassword: document.getElementById('password').value }",
    });
  }

  private page(token: unknown, spec: PageSpec): string {
    if (!this.config.DEV_MAILBOX_ENABLED)
      throw new DomainError('MAIL.MAILBOX_DISABLED', 'not_found', 'The development pages are disabled');
    // The token is spliced into the page only once it is known to be 43 base64url characters.
    const valid = typeof token === 'string' && TOKEN.test(token);
    const form = valid
      ? `<form id="f">${spec.fields}<button>${spec.button}</button></form><p id="out"></p>
<script>
const token = '${token as string}';
document.getElementById('f').addEventListener('submit', async (e) => {
  e.preventDefault();
  const res = await fetch('${spec.endpoint}', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(${spec.body}) });
  const out = document.getElementById('out');
  out.textContent = res.ok ? 'Done.' : ((await res.json()).detail ?? 'Refused (' + res.status + ')');
});
</script>`
      : '<p>This link is malformed: copy it whole from the email.</p>';
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${spec.title}</title></head>
<body style="font-family: sans-serif; max-width: 32rem; margin: 3rem auto">
<h1>${spec.title}</h1><p>${spec.intro}</p>${form}
<p><small>OneSociety development page, standing in for the web app.</small></p></body></html>`;
  }
}
