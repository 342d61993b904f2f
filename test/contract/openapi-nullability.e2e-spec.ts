import { OpenApiConformance } from '../support/openapi-conformance';
import { createTestApp, type TestApp } from '../support/test-app';

type Node = Record<string, unknown>;
interface Found {
  pointer: string;
  schema: Node;
}

/** Every object in the document with its JSON pointer. */
function* nodesOf(value: unknown, pointer = '#'): Generator<Found> {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* nodesOf(item, `${pointer}/${i}`);
  } else if (value && typeof value === 'object') {
    yield { pointer, schema: value as Node };
    for (const [key, item] of Object.entries(value)) {
      yield* nodesOf(item, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
  }
}

const isNullType = (s: unknown) => !!s && typeof s === 'object' && (s as Node).type === 'null';
const claimsNull = (s: Node) =>
  (Array.isArray(s.type) && s.type.includes('null')) ||
  [s.oneOf, s.anyOf].some((list) => Array.isArray(list) && list.some(isNullType));

/**
 * Nullability the way OpenAPI 3.1 (JSON Schema 2020-12) says it, so that strict generators (Dart,
 * Kotlin, Swift) and validators read a null where the API sends one: no 3.0 `nullable` keyword, and
 * every schema that says it may be null accepts null under an independent validator.
 */
describe('nullability in the served OpenAPI document', () => {
  let t: TestApp;
  let document: Node;
  let nodes: Found[];
  beforeAll(async () => {
    t = await createTestApp();
    document = (await t.http.get('/docs-json').expect(200)).body as Node;
    nodes = [...nodesOf(document)];
  });
  afterAll(() => t.close());

  it('is an OpenAPI 3.1 document', () => {
    expect(document.openapi).toBe('3.1.0');
  });

  it('has no `nullable` keyword, which 3.1 does not know and 3.0 could not apply to a $ref', () => {
    expect(nodes.filter((n) => 'nullable' in n.schema).map((n) => n.pointer)).toEqual([]);
  });

  it('accepts null wherever a schema says null is possible (an enum that leaves null out would not)', () => {
    const conformance = new OpenApiConformance(document);
    const claimed = nodes.filter((n) => claimsNull(n.schema));
    expect(claimed.length).toBeGreaterThan(100);
    const refusing = claimed.filter((n) => !conformance.schemaAt(n.pointer)(null)).map((n) => n.pointer);
    expect(refusing).toEqual([]);
  });

  it('writes a nullable object as oneOf its reference or null, never the 3.0 `allOf` + `type: object` form', () => {
    const old = nodes.filter(
      (n) => Array.isArray(n.schema.allOf) && n.schema.allOf.length === 1 && n.schema.type === 'object',
    );
    expect(old.map((n) => n.pointer)).toEqual([]);
    const nullableRefs = nodes.filter(
      (n) => Array.isArray(n.schema.oneOf) && n.schema.oneOf.some(isNullType) && n.schema.oneOf.length === 2,
    );
    expect(nullableRefs.length).toBeGreaterThanOrEqual(16);
  });
});
