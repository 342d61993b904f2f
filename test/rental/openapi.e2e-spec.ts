import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

type Operation = {
  tags?: string[];
  operationId?: string;
  security?: unknown[];
  responses: Record<string, { content?: Record<string, unknown> }>;
  parameters?: { name: string; in: string }[];
};

describe('rental: OpenAPI contract', () => {
  let t: TestApp;
  let paths: Record<string, Record<string, Operation>>;
  beforeAll(async () => {
    t = await createTestApp();
    paths = (await t.http.get('/docs-json')).body.paths;
  });
  afterAll(() => t.close());

  const op = (path: string, method: string) => paths[`/api/v1${path}`]?.[method];

  it.each([
    ['/rentals', 'post', 'rental_createRental', true, ['401', '404', '409', '422']],
    ['/rentals', 'get', 'rental_listRentals', true, ['401', '422']],
    ['/rentals/{id}', 'get', 'rental_getRental', true, ['401', '404']],
    ['/rentals/{id}', 'put', 'rental_updateRental', true, ['401', '404', '409', '422']],
    ['/availability', 'post', 'rental_checkAvailability', false, ['404', '409', '422']],
    ['/products/{productId}/calendar', 'get', 'rental_getCalendar', 'optional', ['404', '422']],
    ['/products/{productId}/blocks', 'get', 'rental_listBlocks', true, ['401', '404']],
    ['/products/{productId}/blocks', 'post', 'rental_createBlock', true, ['401', '404', '409', '422']],
    ['/products/{productId}/blocks/{blockId}', 'delete', 'rental_deleteBlock', true, ['401', '404']],
  ])('%s %s is documented as %s', (path, method, operationId, authenticated, problems) => {
    const operation = op(path, method);
    expect(operation).toBeDefined();
    expect(operation.tags).toEqual(['rental']);
    expect(operation.operationId).toBe(operationId);
    // Authenticated operations inherit the document-wide bearer requirement; public ones opt out.
    // Optional auth (the owner sees their unlisted product's calendar): anonymous or bearer.
    if (authenticated === 'optional') expect(operation.security).toEqual([{}, { bearer: [] }]);
    else if (authenticated) expect(operation.security).toBeUndefined();
    else expect(operation.security).toEqual([]);
    for (const status of problems) {
      expect(operation.responses[status]?.content?.['application/problem+json']).toBeDefined();
    }
  });

  it('documents the Idempotency-Key header on booking', () => {
    expect(op('/rentals', 'post').parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]),
    );
  });
});
