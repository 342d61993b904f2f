import type { Middleware } from 'openapi-fetch' with { 'resolution-mode': 'import' };
import { openApiConformance } from './openapi-conformance';

/**
 * For clients built on fetch (the typed client): checks every answer against the OpenAPI document,
 * as test/support/contract-http does for supertest, and fails the call that received a mismatch.
 */
export const conformanceMiddleware: Middleware = {
  async onResponse({ request, response }) {
    const url = new URL(request.url);
    const problems = openApiConformance().check({
      method: request.method,
      url: url.pathname,
      status: response.status,
      contentType: (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase(),
      text: await response.clone().text(),
    });
    if (problems.length > 0) {
      throw new Error(`The answer does not match the OpenAPI document:\n  ${problems.join('\n  ')}`);
    }
    return response;
  },
};
