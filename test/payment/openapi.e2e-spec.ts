import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import type { Operation } from '../support/openapi-assertions';
import {
  expectDocumentedOperation,
  expectIdempotencyKey,
  operationsTagged,
} from '../support/openapi-assertions';

describe('payment: OpenAPI contract', () => {
  let t: TestApp;
  let paths: Record<string, Record<string, Operation>>;
  beforeAll(async () => {
    t = await createTestApp();
    paths = (await t.http.get('/docs-json')).body.paths;
  });
  afterAll(() => t.close());

  const op = (path: string, method: string) => paths[`/api/v1${path}`]?.[method];

  it.each([
    ['/payment/payment-methods', 'post', 'payment_addPaymentMethod', true, ['401', '409', '422']],
    ['/payment/payment-methods', 'get', 'payment_listPaymentMethods', true, ['401']],
    ['/payment/payment-methods/{id}/default', 'put', 'payment_setDefaultPaymentMethod', true, ['401', '404']],
    ['/payment/payment-methods/{id}', 'delete', 'payment_deletePaymentMethod', true, ['401', '404']],
    ['/payment/payment-intents', 'post', 'payment_createPaymentIntent', true, ['401', '404', '409', '422']],
    ['/payment/payment-intents', 'get', 'payment_listPaymentIntents', true, ['401', '422']],
    ['/payment/payment-intents/{id}', 'get', 'payment_getPaymentIntent', true, ['401', '404']],
    [
      '/payment/payment-intents/{id}/confirm',
      'post',
      'payment_confirmPaymentIntent',
      true,
      ['401', '404', '409', '422'],
    ],
    ['/payment/webhooks/stripe', 'post', 'payment_receiveStripeWebhook', false, ['422', '503']],
    [
      '/payment/sandbox/payment-intents/{gatewayIntentId}/authenticate',
      'post',
      'payment_authenticateSandboxPayment',
      false,
      ['404', '409'],
    ],
    ['/payment/connect/account', 'post', 'payment_createConnectAccount', true, ['401', '409', '503']],
    ['/payment/connect/account', 'get', 'payment_getConnectAccount', true, ['401', '404']],
    ['/payment/connect/onboarding-link', 'post', 'payment_createOnboardingLink', true, ['401', '409', '503']],
    ['/payment/connect/dashboard-link', 'post', 'payment_createDashboardLink', true, ['401', '404', '409']],
    ['/payment/payouts', 'get', 'payment_listPayouts', true, ['401', '422']],
    [
      '/payment/rentals/{rentalId}/breakdown',
      'get',
      'payment_getRentalBreakdown',
      true,
      ['401', '404', '422'],
    ],
    [
      '/payment/sandbox/connect/accounts/{accountId}/onboarding',
      'post',
      'payment_completeSandboxOnboarding',
      false,
      ['404', '410', '422'],
    ],
    ['/payment/sandbox/disputes', 'post', 'payment_openSandboxDispute', true, ['401', '404', '409', '422']],
    [
      '/payment/rentals/{rentalId}/claims',
      'post',
      'payment_fileClaim',
      true,
      ['400', '401', '403', '404', '409', '422'],
    ],
    ['/payment/claims/{claimId}', 'get', 'payment_getClaim', true, ['401', '404', '422']],
    ['/payment/claims/{claimId}/accept', 'post', 'payment_acceptClaim', true, ['401', '403', '404', '409']],
    ['/payment/claims/{claimId}/dispute', 'post', 'payment_disputeClaim', true, ['401', '403', '404', '409']],
    [
      '/payment/claims/{claimId}/withdraw',
      'post',
      'payment_withdrawClaim',
      true,
      ['401', '403', '404', '409'],
    ],
  ] as [string, string, string, boolean, string[]][])(
    '%s %s is documented as %s',
    (path, method, operationId, authenticated, problems) => {
      expectDocumentedOperation(op(path, method), {
        tag: 'payment',
        operationId,
        access: authenticated,
        problems,
      });
    },
  );

  it.each([
    ['/payment/payment-methods', 'post'],
    ['/payment/payment-intents', 'post'],
    ['/payment/payment-intents/{id}/confirm', 'post'],
  ])('documents the Idempotency-Key header on %s %s', (path, method) => {
    expectIdempotencyKey(op(path, method));
  });

  it('has every payment route in the list above', () => {
    const documented = operationsTagged(paths, 'payment');
    expect(documented.length).toBe(23);
  });

  it('publishes the money policy with the payment intents', () => {
    const description = (op('/payment/payment-intents', 'post') as Operation & { description: string })
      .description;
    expect(description).toContain('deposit hold is released');
    expect(description).toContain("the share of the subtotal the listing's cancellation policy gives");
  });
});
