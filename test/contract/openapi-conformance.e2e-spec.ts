import { type Answer, OpenApiConformance } from '../support/openapi-conformance';

/** The checker every e2e answer goes through must itself fail on each kind of mismatch. */
describe('the OpenAPI conformance check', () => {
  const problem = { $ref: '#/components/schemas/ProblemDetailsDto' };
  const conformance = new OpenApiConformance({
    openapi: '3.1.0',
    paths: {
      '/api/v1/things/{thingId}': {
        get: {
          operationId: 'Things_get',
          responses: {
            200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
            404: { content: { 'application/problem+json': { schema: problem } } },
          },
        },
        delete: { operationId: 'Things_delete', responses: { 204: { description: 'Gone' } } },
      },
      '/api/v1/things/mine': {
        get: { operationId: 'Things_mine', responses: { 200: { content: { 'text/plain': {} } } } },
      },
    },
    components: {
      schemas: {
        ProblemDetailsDto: {
          type: 'object',
          required: ['status', 'title'],
          properties: { status: { type: 'integer' }, title: { type: 'string' } },
        },
        Thing: {
          type: 'object',
          required: ['id', 'kind', 'note', 'owner'],
          properties: {
            id: { type: 'string', format: 'uuid' },
            kind: { type: 'string', enum: ['tool', 'bike'] },
            note: { type: ['string', 'null'] },
            owner: { oneOf: [{ $ref: '#/components/schemas/Owner' }, { type: 'null' }] },
          },
        },
        Owner: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
      },
    },
  });
  const thing = { id: '5f0c6a9e-4f1e-4a52-9c61-7a8f3d3c2b10', kind: 'tool', note: null, owner: null };
  const answer = (over: Partial<Answer> & { json?: unknown }): Answer => ({
    method: 'GET',
    url: `/api/v1/things/${thing.id}?x=1`,
    status: 200,
    contentType: 'application/json',
    text: JSON.stringify(over.json ?? thing),
    ...over,
  });

  it('passes an answer the document describes, nulls included, and picks the literal route first', () => {
    expect(conformance.check(answer({}))).toEqual([]);
    expect(conformance.check(answer({ json: { ...thing, owner: { name: 'Ada' } } }))).toEqual([]);
    expect(
      conformance.check(answer({ url: '/api/v1/things/mine', contentType: 'text/plain', text: 'hi' })),
    ).toEqual([]);
    expect(conformance.check(answer({ method: 'DELETE', status: 204, contentType: '', text: '' }))).toEqual(
      [],
    );
    expect(conformance.check(answer({ method: 'HEAD', text: '' }))).toEqual([]);
    const unknownRoute = { url: '/api/v1/nothing', status: 404, contentType: 'application/problem+json' };
    expect(conformance.check(answer({ ...unknownRoute, json: { status: 404, title: 'Not Found' } }))).toEqual(
      [],
    );
  });

  it.each([
    ['an undocumented status', { status: 409 }, 'does not list this status'],
    ['an undocumented content type', { contentType: 'text/html', text: '<p>' }, 'content type text/html'],
    ['null where the document forbids it', { json: { ...thing, kind: null } }, '/kind must be string'],
    ['a value outside the enum', { json: { ...thing, kind: 'boat' } }, '/kind must be equal to one of'],
    ['a malformed uuid', { json: { ...thing, id: 'x' } }, '/id must match format "uuid"'],
    [
      'a missing required field',
      { json: { id: thing.id, kind: 'tool', note: null } },
      "must have required property 'owner'",
    ],
    ['a body the document does not promise', { method: 'DELETE', status: 204, text: '{}' }, 'content type'],
    ['no body where one is promised', { text: '' }, 'promises a body'],
    [
      'a problem without its status',
      { status: 404, contentType: 'application/problem+json', json: { title: 'x' } },
      "problem's status",
    ],
    [
      'a problem whose status is not the HTTP status',
      { status: 404, contentType: 'application/problem+json', json: { status: 400, title: 'x' } },
      "problem's status",
    ],
    [
      'a problem missing a required member',
      { status: 404, contentType: 'application/problem+json', json: { status: 404 } },
      "required property 'title'",
    ],
    ['a field the document does not name', { json: { ...thing, secret: 'x' } }, 'unevaluated properties'],
    ['a body on a HEAD answer', { method: 'HEAD' }, 'HEAD answer carries a body'],
    [
      'a non-problem answer on an unknown API path',
      { url: '/api/v1/nothing', status: 404, contentType: 'text/html', text: 'x' },
      'not a problem document',
    ],
    [
      'an unexpected status on an unknown API path',
      {
        url: '/api/v1/nothing',
        status: 500,
        contentType: 'application/problem+json',
        json: { status: 500, title: 'x' },
      },
      'unexpected',
    ],
  ])('fails %s', (_why, over, message) => {
    expect(conformance.check(answer(over)).join('\n')).toContain(message);
  });
});
