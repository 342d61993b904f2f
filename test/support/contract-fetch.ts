import type { Middleware } from 'openapi-fetch' with { 'resolution-mode': 'import' };
import { openApiConformance } from './openapi-conformance';

/**
 * For clients built on fetch (the typed client, the zod client): checks an answer against the
 * OpenAPI document, as test/support/contract-http does for supertest, and throws on a mismatch so
 * the call that received it fails.
 */
export async function assertFetchAnswerConforms(request: Request, response: Response): Promise<void> {
  const problems = openApiConformance().check({
    method: request.method,
    url: new URL(request.url).pathname,
    status: response.status,
    contentType: (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase(),
    text: await response.clone().text(),
  });
  if (problems.length > 0) {
    throw new Error(`The answer does not match the OpenAPI document:\n  ${problems.join('\n  ')}`);
  }
}

/** The same check as an openapi-fetch middleware. */
export const conformanceMiddleware: Middleware = {
  async onResponse({ request, response }) {
    await assertFetchAnswerConforms(request, response);
    return response;
  },
};
