import type { OpenAPIObject } from '@nestjs/swagger';

export const OPENAPI_VERSION = '3.1.0';

type Node = Record<string, unknown>;

/**
 * @nestjs/swagger writes OpenAPI 3.0 nullability: `nullable: true` beside `type`, and for a nullable
 * object `nullable: true` + `type: object` + `allOf: [$ref]`, where the `$ref` still forbids null.
 * OpenAPI 3.1 schemas are JSON Schema 2020-12, which says null plainly: `type: [T, 'null']`, and
 * `oneOf: [$ref, { type: 'null' }]` for a referenced object. Every generator and validator reads
 * those the same way, so the document is rewritten once, after it is complete.
 */
export function toOpenApi31(document: OpenAPIObject): OpenAPIObject {
  const rewritten = rewrite(document) as OpenAPIObject;
  rewritten.openapi = OPENAPI_VERSION;
  return rewritten;
}

/** Members whose values are data, not schemas: a key called `nullable` in there means nothing. */
const DATA_MEMBERS = new Set(['example', 'examples', 'default', 'enum', 'const']);

function rewrite(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewrite);
  if (!value || typeof value !== 'object') return value;
  const node = Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, DATA_MEMBERS.has(k) ? v : rewrite(v)]),
  ) as Node;
  // Only the boolean keyword: a property that happens to be named `nullable` is left alone.
  if (typeof node.nullable !== 'boolean') return node;
  const { nullable, ...schema } = node;
  return nullable ? nullableSchema(schema) : schema;
}

function nullableSchema(schema: Node): Node {
  const { allOf, type, description, ...rest } = schema;
  if (Array.isArray(allOf) && allOf.length === 1 && Object.keys(rest).length === 0) {
    // `type: object` only existed to carry `nullable`; the reference says what the object is.
    const documented = description === undefined ? {} : { description };
    return { ...documented, oneOf: [allOf[0], { type: 'null' }] };
  }
  if (allOf !== undefined || schema.oneOf !== undefined || schema.anyOf !== undefined || schema.$ref) {
    // A composition refuses null whatever `type` says: offer null beside the whole of it.
    const { description: _description, ...whole } = schema;
    return { ...(description === undefined ? {} : { description }), anyOf: [whole, { type: 'null' }] };
  }
  if (typeof type === 'string') {
    const out: Node = { ...schema, type: [type, 'null'] };
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  if (Array.isArray(type)) return type.includes('null') ? schema : { ...schema, type: [...type, 'null'] };
  return { anyOf: [schema, { type: 'null' }] };
}
