import { createTestApp, type TestApp } from '../support/test-app';
import { type Operation, fetchDocument, operationsOf } from './support/api-document';
import { BOLA_REGISTRY, type BolaEntry, type Exposure, Fixtures } from './support/bola';
import { changedTables, snapshotDatabase } from './support/db-snapshot';
import { describeResponse, HARDENING_ENV, isProblem, send } from './support/http';
import { answerOf } from '../support/contract-http';
import { openApiConformance } from '../support/openapi-conformance';

/**
 * What someone else gets: signed in (intruder), and without a token when the route needs one.
 * `caller-scoped` requests succeed for anyone (they act on the caller's own relation): 'success'.
 */
const INTRUDER_STATUS: Record<Exposure, number | 'success'> = {
  private: 404,
  'public-read': 200,
  admin: 403,
  capability: 404,
  'caller-scoped': 'success',
};
/** The status as the expectation states it: any 2xx reads as 'success' where that is what is expected. */
const asExpected = (status: number, expected: number | 'success') =>
  expected === 'success' && status >= 200 && status < 300 ? 'success' : status;

const cases = Object.entries(BOLA_REGISTRY).flatMap(([key, entries]) =>
  entries.map((entry): [string, string, BolaEntry] => [key, entry.name, entry]),
);

/**
 * OWASP API1 as a matrix: every operation of the served OpenAPI document that names a resource in
 * its path is tried on a resource made through the API by its owner, by another signed-in user and
 * anonymously, with a request the owner may make (the control proves it), and the database must be
 * exactly as before the refused calls (every table of every schema: row counts and an md5 of the rows).
 */
describe('hardening: object-level authorization matrix (OWASP API1)', () => {
  let t: TestApp;
  let fixtures: Fixtures;
  let operations: Operation[];
  let requests = 0;

  beforeAll(async () => {
    t = await createTestApp(HARDENING_ENV);
    fixtures = new Fixtures(t);
    const document = await fetchDocument(t.http);
    operations = operationsOf(document).filter((op) => op.pathParams.length > 0);
  });
  afterAll(async () => {
    const covered = new Set(cases.map(([key]) => key));
    console.log(
      `BOLA matrix: ${operations.filter((op) => covered.has(op.key)).length}/${operations.length} operations ` +
        `with a path parameter, ${cases.length} resources, ${requests} refused-or-public requests`,
    );
    await t.close();
  });

  it('has a resource registered for every operation with a path parameter', () => {
    const missing = operations
      .filter((op) => !BOLA_REGISTRY[op.key])
      .map((op) => `register a resource for ${op.key} in test/hardening/support/bola`);
    expect(missing).toEqual([]);
  });

  it('registers only operations the document has', () => {
    const known = new Set(operations.map((op) => op.key));
    expect(Object.keys(BOLA_REGISTRY).filter((key) => !known.has(key))).toEqual([]);
  });

  it.each(cases)('%s: %s', async (key, _name, entry) => {
    const op = operations.find((o) => o.key === key);
    if (!op) throw new Error(`${key} is not in the document`);
    const resource = await entry.setup(fixtures);
    await fixtures.drain();
    const intruder = resource.intruder ?? (await fixtures.user('Intruder'));
    const intruderParams = (await resource.intruderParams?.(intruder)) ?? resource.params;
    const request = {
      params: resource.params,
      query: resource.query,
      body: entry.exposure === 'capability' ? resource.intruderBody : resource.body,
    };
    const callerScoped = entry.exposure === 'caller-scoped';
    if (callerScoped && !resource.ownerState)
      throw new Error(`${key}: a caller-scoped case needs ownerState`);
    const ownerBefore = await resource.ownerState?.();
    let before = await snapshotDatabase(t.db);

    const asIntruder = await send(t.http, op, { ...request, params: intruderParams, headers: intruder.auth });
    // A caller-scoped request may change the intruder's own rows; only the owner's must stay as they were.
    if (callerScoped) before = await snapshotDatabase(t.db);
    const anonymousStatus = op.isPublic ? INTRUDER_STATUS[entry.exposure] : 401;
    const asAnonymous = await send(t.http, op, request);
    requests += 2;
    expect([
      asExpected(asIntruder.status, INTRUDER_STATUS[entry.exposure]),
      asExpected(asAnonymous.status, anonymousStatus),
    ]).toEqual([INTRUDER_STATUS[entry.exposure], anonymousStatus]);
    expect(await resource.ownerState?.()).toEqual(ownerBefore);
    for (const res of [asIntruder, asAnonymous]) {
      if (res.status >= 400)
        expect({ problem: isProblem(res), res: describeResponse(res) }).toMatchObject({ problem: true });
    }
    expect(changedTables(before, await snapshotDatabase(t.db))).toEqual([]);
    expect([
      ...openApiConformance().check(answerOf(asIntruder)),
      ...openApiConformance().check(answerOf(asAnonymous)),
    ]).toEqual([]);

    // The control: the same request from the owner succeeds, so the refusal was about who asked.
    const asOwner = await send(t.http, op, {
      params: resource.params,
      query: resource.query,
      body: resource.body,
      headers: resource.owner.auth,
    });
    expect({
      status: asOwner.status < 300 ? 'success' : asOwner.status,
      res: describeResponse(asOwner),
    }).toMatchObject({
      status: 'success',
    });
    // What the owner got is what the document promises (statuses, shapes and bounds).
    expect(openApiConformance().check(answerOf(asOwner))).toEqual([]);
  });
});
