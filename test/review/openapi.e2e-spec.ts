import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

type Operation = {
  tags?: string[];
  operationId?: string;
  security?: unknown[];
  responses: Record<string, { content?: Record<string, unknown> }>;
};

describe('review: OpenAPI contract', () => {
  let t: TestApp;
  let paths: Record<string, Record<string, Operation>>;
  beforeAll(async () => {
    t = await createTestApp();
    paths = (await t.http.get('/docs-json')).body.paths;
  });
  afterAll(() => t.close());

  it.each([
    ['/product-reviews', 'post', 'review_createProductReview', true, ['401', '404', '409', '422'], 201],
    ['/product-reviews', 'get', 'review_listProductReviews', false, ['404', '422'], 200],
    ['/user-reviews', 'post', 'review_createUserReview', true, ['401', '404', '409', '422'], 201],
    ['/user-reviews', 'get', 'review_listUserReviews', false, ['422'], 200],
    ['/products/{id}/review-stats', 'get', 'review_getProductReviewStats', false, ['404'], 200],
    ['/users/{id}/review-stats', 'get', 'review_getUserReviewStats', false, ['404'], 200],
  ])('%s %s is documented as %s', (path, method, operationId, authenticated, problems, ok) => {
    const operation = paths[`/api/v1/review${path}`]?.[method];
    expect(operation).toBeDefined();
    expect(operation.tags).toEqual(['review']);
    expect(operation.operationId).toBe(operationId);
    if (authenticated) expect(operation.security).toBeUndefined();
    else expect(operation.security).toEqual([]);
    expect(operation.responses[String(ok)]?.content?.['application/json']).toBeDefined();
    for (const status of problems)
      expect(operation.responses[status]?.content?.['application/problem+json']).toBeDefined();
  });
});
