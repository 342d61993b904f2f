import type { Response } from 'supertest';

/**
 * The answer to an id that is not a UUID, wherever it was sent (path, query or body): a 422 problem
 * whose only error names that field, as any other validation failure does.
 */
export function expectMalformedId(res: Response, field: string): void {
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect({ status: res.status, code: res.body.code, errors: res.body.errors }).toEqual({
    status: 422,
    code: 'VALIDATION.FAILED',
    errors: [{ field, message: `${field} must be a UUID` }],
  });
}
