import { expectIdempotencyKey } from '../support/openapi-assertions';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

type Operation = {
  tags?: string[];
  operationId?: string;
  security?: unknown[];
  responses: Record<string, { content?: Record<string, unknown> }>;
  parameters?: { name: string; in: string }[];
};

describe('messaging: OpenAPI contract', () => {
  let t: TestApp;
  let paths: Record<string, Record<string, Operation>>;
  beforeAll(async () => {
    t = await createTestApp();
    paths = (await t.http.get('/docs-json')).body.paths;
  });
  afterAll(() => t.close());

  const base = '/api/v1/messaging/conversations';
  it.each([
    ['', 'post', 'messaging_openConversation', ['401', '404', '422'], 201],
    ['', 'get', 'messaging_listConversations', ['401', '422'], 200],
    ['/{id}', 'get', 'messaging_getConversation', ['401', '404'], 200],
    ['/{id}/read', 'post', 'messaging_markConversationRead', ['401', '404', '422'], 200],
    ['/{id}/messages', 'post', 'messaging_postMessage', ['401', '404', '422'], 201],
    ['/{id}/messages', 'get', 'messaging_listMessages', ['401', '404', '422'], 200],
  ])('%s %s is documented as %s, for signed-in participants', (path, method, operationId, problems, ok) => {
    const operation = paths[`${base}${path}`]?.[method];
    expect(operation).toBeDefined();
    expect(operation.tags).toEqual(['messaging']);
    expect(operation.operationId).toBe(operationId);
    expect(operation.security).toBeUndefined();
    expect(operation.responses[String(ok)]?.content?.['application/json']).toBeDefined();
    for (const status of problems)
      expect(operation.responses[status]?.content?.['application/problem+json']).toBeDefined();
  });

  it('documents the Idempotency-Key header on sends', () => {
    for (const path of [base, `${base}/{id}/messages`]) expectIdempotencyKey(paths[path].post);
  });
});
