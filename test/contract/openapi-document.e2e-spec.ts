import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '../support/test-app';

const COMMITTED = join(process.cwd(), 'openapi.json');

/** Pretty, stable JSON: the committed file diffs cleanly in review. */
export const serialize = (document: unknown) => `${JSON.stringify(document, null, 2)}\n`;

describe('the OpenAPI contract', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('matches the committed openapi.json (run `npm run openapi` to accept a change)', async () => {
    const res = await t.http.get('/docs-json');
    expect(res.status).toBe(200);
    const current = serialize(res.body);
    if (process.env.UPDATE_OPENAPI === '1') writeFileSync(COMMITTED, current);
    expect(current).toEqual(readFileSync(COMMITTED, 'utf8'));
  });
});
