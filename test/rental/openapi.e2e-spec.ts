import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import type { Access, Operation } from '../support/openapi-assertions';
import { expectDocumentedOperation, expectIdempotencyKey } from '../support/openapi-assertions';

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
  ] as [string, string, string, Access, string[]][])(
    '%s %s is documented as %s',
    (path, method, operationId, authenticated, problems) => {
      expectDocumentedOperation(op(path, method), {
        tag: 'rental',
        operationId,
        access: authenticated,
        problems,
      });
    },
  );

  it('documents the Idempotency-Key header on booking', () => {
    expectIdempotencyKey(op('/rentals', 'post'));
  });
});
