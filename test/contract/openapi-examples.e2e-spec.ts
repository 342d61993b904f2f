import sharp from 'sharp';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WEBHOOK_SECRET } from '../support/payment.factory';
import { createTestApp, type TestApp } from '../support/test-app';
import { catalogExamples } from './examples/catalog.examples';
import type { OpenApiDocument } from './examples/compose-example';
import { composeExampleRequest } from './examples/compose-example';
import { exampleViolations } from './examples/example-conformance';
import type { ExampleFixtures, PreparedExample } from './examples/example-fixture';
import { ExampleWorld } from './examples/example-fixture';
import { identityExamples } from './examples/identity.examples';
import { integrationExamples } from './examples/integration.examples';
import { messagingExamples } from './examples/messaging.examples';
import { claimExamples } from './examples/claim.examples';
import { disputeExamples, paymentExamples } from './examples/payment.examples';
import { notificationExamples } from './examples/notification.examples';
import { platformExamples } from './examples/platform.examples';
import { rentalExamples } from './examples/rental.examples';
import { reviewExamples } from './examples/review.examples';
import { subscriptionExamples } from './examples/subscription.examples';
import { sanctionExamples, trustExamples } from './examples/trust.examples';

const FIXTURES: ExampleFixtures = {
  ...platformExamples,
  ...identityExamples,
  ...catalogExamples,
  ...rentalExamples,
  ...messagingExamples,
  ...reviewExamples,
  ...paymentExamples,
  ...disputeExamples,
  ...claimExamples,
  ...subscriptionExamples,
  ...trustExamples,
  ...sanctionExamples,
  ...integrationExamples,
  ...notificationExamples,
};

type Answer = { status: number; headers: Record<string, string>; text: string };

/**
 * Every example of the served document, sent as a reader would send it (Swagger UI's "Try it out":
 * parameter and property examples, ids swapped for real ones), must get the documented answer. An
 * example that the app refuses is a wrong document, whatever the code does.
 */
describe('the OpenAPI examples', () => {
  let t: TestApp;
  let document: OpenApiDocument;
  let world: ExampleWorld;
  let dataDir: string;
  /** The file an upload example attaches: a small JPEG, made here (no fixture file to keep). */
  let photo: Buffer;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'openapi-examples-'));
    photo = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#3366cc' } })
      .jpeg()
      .toBuffer();
    t = await createTestApp({
      DATA_DIR: dataDir,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      EVENTS_RELAY_INTERVAL_MS: '0',
      MAIL_DISPATCH_INTERVAL_MS: '0',
      WEBHOOK_DISPATCH_INTERVAL_MS: '0',
      JOBS_ENABLED: 'false',
    });
    document = (await t.http.get('/docs-json').expect(200)).body;
    world = new ExampleWorld(t);
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const operations = () =>
    Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
    );

  it('has a fixture for every operation, and none for an operation that is gone', () => {
    const documented = operations().map(({ operation }) => operation.operationId!);
    expect(documented.filter((id) => !FIXTURES[id])).toEqual([]);
    expect(Object.keys(FIXTURES).filter((id) => !documented.includes(id))).toEqual([]);
  });

  it('documents examples that keep to their own schemas (lengths, patterns, enums, formats)', () => {
    const violationsOf = exampleViolations(document);
    const violations = operations().flatMap(({ path, method, operation }) =>
      violationsOf(path, method).map((v) => `${operation.operationId}: ${v}`),
    );
    expect(violations).toEqual([]);
  });

  // t.http checks every answer's body against its documented schema too, failing the request. One
  // test sends every example in turn, since fixtures build on one world: about 10 s alone, several
  // times that on a machine busy with other test files, hence its own timeout.
  it('answers each example request with its documented success status, content type and body', async () => {
    const failures: string[] = [];
    for (const { path, method, operation } of operations()) {
      const id = operation.operationId!;
      const successes = Object.keys(operation.responses)
        .filter((s) => /^2\d\d$/.test(s))
        .sort();
      try {
        const prepared = await FIXTURES[id](world);
        const expected = String(prepared.status ?? successes[0]);
        if (!successes.includes(expected)) throw new Error(`${expected} is not a documented success`);
        const res = await send(path, method, prepared);
        const mediaTypes = Object.keys(operation.responses[expected].content ?? {});
        const contentType = res.headers['content-type']?.split(';')[0];
        if (String(res.status) !== expected || contentType !== mediaTypes[0])
          failures.push(
            `${id}: ${res.status} ${contentType ?? '(no content type)'} ${res.text.slice(0, 400)}`,
          );
      } catch (error) {
        failures.push(`${id}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  async function send(path: string, method: string, prepared: PreparedExample): Promise<Answer> {
    const example = composeExampleRequest(document, path, method, {
      ids: prepared.ids ?? {},
      secrets: prepared.secrets,
    });
    const req = t.http[method as 'get'](example.url).set({
      ...example.headers,
      ...prepared.auth,
      ...prepared.headers,
    });
    if (example.form) {
      for (const [name, value] of Object.entries(example.form.fields)) req.field(name, value);
      for (const name of example.form.files)
        req.attach(name, photo, { filename: 'example.jpg', contentType: 'image/jpeg' });
      return req as unknown as Promise<Answer>;
    }
    const body = prepared.rawBody ?? example.body;
    return (body === undefined ? req : req.send(body as object)) as unknown as Promise<Answer>;
  }
});
