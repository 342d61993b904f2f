import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import type { Operation } from '../support/openapi-assertions';
import {
  expectDocumentedOperation,
  expectIdempotencyKey,
  operationsTagged,
} from '../support/openapi-assertions';

describe('subscription: OpenAPI contract', () => {
  let t: TestApp;
  let paths: Record<string, Record<string, Operation>>;
  beforeAll(async () => {
    t = await createTestApp();
    paths = (await t.http.get('/docs-json')).body.paths;
  });
  afterAll(() => t.close());

  const op = (path: string, method: string) => paths[`/api/v1${path}`]?.[method];

  it.each([
    ['/subscription/plans', 'get', 'subscription_listPlans', false, []],
    ['/subscription/plans/{id}', 'get', 'subscription_getPlan', false, ['404']],
    [
      '/subscription/subscriptions',
      'post',
      'subscription_createSubscription',
      true,
      ['401', '404', '409', '422'],
    ],
    ['/subscription/subscriptions', 'get', 'subscription_listSubscriptions', true, ['401', '422']],
    ['/subscription/subscriptions/{id}', 'get', 'subscription_getSubscription', true, ['401', '404']],
    [
      '/subscription/subscriptions/{id}/plan',
      'put',
      'subscription_changePlan',
      true,
      ['401', '404', '409', '422'],
    ],
    [
      '/subscription/subscriptions/{id}/cancel',
      'put',
      'subscription_cancelSubscription',
      true,
      ['401', '404', '409'],
    ],
    [
      '/subscription/subscriptions/{id}/usage',
      'get',
      'subscription_getSubscriptionUsage',
      true,
      ['401', '404'],
    ],
    ['/subscription/usage', 'get', 'subscription_getMyUsage', true, ['401']],
  ] as [string, string, string, boolean, string[]][])(
    '%s %s is documented as %s',
    (path, method, operationId, authenticated, problems) => {
      expectDocumentedOperation(op(path, method), {
        tag: 'subscription',
        operationId,
        access: authenticated,
        problems,
      });
    },
  );

  it.each([
    ['/subscription/subscriptions', 'post'],
    ['/subscription/subscriptions/{id}/plan', 'put'],
  ])('documents the Idempotency-Key header on %s %s', (path, method) => {
    expectIdempotencyKey(op(path, method));
  });

  it('has every subscription route in the list above', () => {
    const documented = operationsTagged(paths, 'subscription');
    expect(documented.length).toBe(9);
  });

  it('documents the proration formula on plan changes', () => {
    const description = (
      op('/subscription/subscriptions/{id}/plan', 'put') as Operation & { description: string }
    ).description;
    expect(description).toContain('round(current price × f)');
  });
});
