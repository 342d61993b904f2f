import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import type { Operation, Parameter, Schema } from '../api-document';
import type { RequestParts } from '../http';
import { hostileString, longString, nestedJson } from './hostile';
import { multipartCases, type UploadSamples } from './multipart-cases';
import { sample, violations } from './schema-values';

export interface FuzzCase {
  parts: RequestParts;
  /** What makes the request invalid, for the failure message. */
  why: string;
}

const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i;
/** A client cannot put what is not valid UTF-16 (lone surrogates) into a URL. */
const encodable = (s: string) => {
  try {
    encodeURIComponent(s);
    return true;
  } catch {
    return false;
  }
};
/** Header values Node can send (visible ASCII). */
const HEADER_SAFE = /^[\x20-\x7e]*$/;

/** Every property of a body schema, with its path (nested objects and first array items included). */
function propertiesOf(
  schema: Schema,
  path: (string | number)[] = [],
  depth = 0,
): [(string | number)[], Schema][] {
  if (depth > 3) return [];
  const out: [(string | number)[], Schema][] = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    out.push([[...path, name], property]);
    if (property.properties) out.push(...propertiesOf(property, [...path, name], depth + 1));
    if (property.items?.properties) out.push(...propertiesOf(property.items, [...path, name, 0], depth + 1));
  }
  return out;
}

/** A copy of `base` with the value at `path` replaced (arrays on the way get one sampled item). */
function setAt(base: unknown, path: (string | number)[], value: unknown, schema: Schema): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  let nodeSchema: Schema = schema;
  for (const key of path.slice(0, -1)) {
    const next = typeof key === 'number' ? (nodeSchema.items ?? {}) : (nodeSchema.properties?.[key] ?? {});
    if (node[key] === undefined || node[key] === null || typeof node[key] !== 'object')
      node[key] = typeof key === 'number' ? sample(next) : sample(next);
    if (Array.isArray(node[key]) && (node[key] as unknown[]).length === 0)
      (node[key] as unknown[]).push(sample(next.items ?? {}));
    node = node[key] as Record<string | number, unknown>;
    nodeSchema = next;
  }
  node[path[path.length - 1]] = value;
  return copy;
}

/** Valid values for the path parameters (random UUIDs: nothing exists there) and required headers. */
function validParams(op: Operation): Record<string, string> {
  return Object.fromEntries(
    op.pathParams.map((p) => [p.name, p.schema.format === 'uuid' ? randomUUID() : 'pi_fuzz_0000000000']),
  );
}

function bodyCases(op: Operation, base: RequestParts): fc.Arbitrary<FuzzCase>[] {
  const schema = op.body!;
  const body = sample(schema);
  const cases: fc.Arbitrary<FuzzCase>[] = [
    violations(schema).map((v) => ({
      parts: { ...base, rawBody: JSON.stringify(v.value) },
      why: `body ${v.why}`,
    })),
    fc
      .constantFrom('{"a": ', '{"a":1,}', "{'a':1}", '[1,2', 'nul', '{"a":1}{"b":2}', '\u0000', '"\\ud800"')
      .map((raw) => ({ parts: { ...base, rawBody: raw }, why: `malformed JSON ${JSON.stringify(raw)}` })),
    fc
      .tuple(fc.integer({ min: 2, max: 500 }), fc.constantFrom('object' as const, 'array' as const))
      .map(([depth, kind]) => {
        const text = JSON.stringify(body);
        const raw =
          text === '{}'
            ? `{"deep":${nestedJson(depth, kind)}}`
            : text.replace(/}$/, `,"deep":${nestedJson(depth, kind)}}`);
        return { parts: { ...base, rawBody: raw }, why: `an unknown property nested ${depth} levels` };
      }),
  ];
  for (const required of schema.required ?? []) {
    const without = { ...(body as Record<string, unknown>) };
    delete without[required];
    cases.push(
      fc.constant({ parts: { ...base, rawBody: JSON.stringify(without) }, why: `body without ${required}` }),
    );
  }
  const properties = propertiesOf(schema);
  if (properties.length > 0) {
    cases.push(
      fc.constantFrom(...properties).chain(([path, property]) =>
        violations(property).map((v) => ({
          parts: { ...base, body: setAt(body, path, v.value, schema) },
          why: `${path.join('.')} ${v.why}`,
        })),
      ),
    );
  }
  return cases;
}

/** Query values are text: what a schema refuses, written as a query string would carry it. */
function queryViolations(parameter: Parameter): fc.Arbitrary<{ value: unknown; why: string }> {
  const schema = parameter.schema;
  if (schema.type === 'integer' || schema.type === 'number') {
    const options = [
      hostileString()
        .filter((s) => !NUMERIC.test(s))
        .map((value) => ({ value, why: 'not a number' })),
    ];
    if (schema.minimum !== undefined)
      options.push(fc.constant({ value: String(schema.minimum - 1), why: 'below the minimum' }));
    if (schema.maximum !== undefined)
      options.push(fc.constant({ value: String(schema.maximum + 1), why: 'above the maximum' }));
    if (schema.type === 'integer') options.push(fc.constant({ value: '2.5', why: 'not an integer' }));
    return fc.oneof(...options);
  }
  if (schema.type === 'boolean')
    return hostileString()
      .filter((s) => s !== 'true' && s !== 'false')
      .map((value) => ({ value, why: 'not true or false' }));
  if (schema.type === 'array') {
    const options: fc.Arbitrary<{ value: unknown; why: string }>[] = [
      fc.constant({ value: ['x'.repeat((schema.items?.maxLength ?? 30) + 1)], why: 'an item too long' }),
    ];
    if (schema.maxItems !== undefined)
      options.push(
        fc.constant({
          value: Array.from({ length: schema.maxItems + 1 }, (_, i) => `t${i}`),
          why: 'too many items',
        }),
      );
    return fc.oneof(...options);
  }
  // Strings: every refusal the schema describes, kept within what fits in a request line.
  return violations({ ...schema, maxLength: Math.min(schema.maxLength ?? 2000, 2000) })
    .filter((v) => typeof v.value === 'string' && v.value !== '' && (v.value as string).length <= 4000)
    .map((v) => ({ value: v.value, why: v.why }));
}

/**
 * Requests for `op` that its documented schema refuses, each with one targeted violation on top of a
 * schema-shaped base: body, query, path and header violations; for an upload (multipart) operation,
 * hostile forms and files (`uploads`, see multipart-cases). Undefined when nothing about the
 * operation can be invalid (no parameters, no body).
 */
export function invalidRequests(
  op: Operation,
  token: string,
  uploads?: UploadSamples,
): fc.Arbitrary<FuzzCase> | undefined {
  const params = validParams(op);
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  for (const h of op.headerParams.filter((p) => p.required)) headers[h.name] = 't=1,v1=00';
  const query = Object.fromEntries(
    op.queryParams.filter((p) => p.required).map((p) => [p.name, String(sample(p.schema))]),
  );
  const base: RequestParts = { params, headers, query, body: op.body ? sample(op.body) : undefined };
  const cases: fc.Arbitrary<FuzzCase>[] = [];
  if (op.body) cases.push(...bodyCases(op, base));
  if (op.multipart && uploads) cases.push(...multipartCases(op, base, uploads));
  for (const parameter of op.queryParams) {
    cases.push(
      queryViolations(parameter)
        .filter((v) => [v.value].flat().every((x) => typeof x !== 'string' || encodable(x)))
        .map((v) => ({
          parts: { ...base, query: { ...query, [parameter.name]: v.value } },
          why: `query ${parameter.name} ${v.why}`,
        })),
    );
  }
  if (op.queryParams.length > 0) {
    cases.push(
      fc
        .tuple(fc.stringMatching(/^[a-z][a-zA-Z0-9_]{0,20}$/), hostileString())
        .filter(([name, value]) => !op.queryParams.some((p) => p.name === name) && encodable(value))
        .map(([name, value]) => ({
          parts: { ...base, query: { ...query, [name]: value } },
          why: `unknown query ${name}`,
        })),
    );
  }
  for (const parameter of op.pathParams) {
    const max = parameter.schema.maxLength ?? 100;
    const bad =
      parameter.schema.format === 'uuid'
        ? fc.oneof(
            hostileString().filter((s) => s.trim() !== '' && s !== '.' && s !== '..' && encodable(s)),
            fc.constant(randomUUID().slice(1)),
            fc.constant(`${randomUUID()}0`),
            longString(max + 1, 2000),
          )
        : longString(max + 1, 2000);
    cases.push(
      bad.map((value) => ({
        parts: { ...base, params: { ...params, [parameter.name]: value } },
        why: `path ${parameter.name} ${JSON.stringify(value).slice(0, 60)}`,
      })),
    );
  }
  for (const parameter of op.headerParams) {
    if (parameter.required) {
      cases.push(
        fc.constant({
          parts: { ...base, headers: { Authorization: headers.Authorization } },
          why: `without the ${parameter.name} header`,
        }),
      );
    }
    const pattern = parameter.schema.pattern ? new RegExp(parameter.schema.pattern) : undefined;
    if (pattern) {
      cases.push(
        fc
          .oneof(
            fc.string({ unit: 'binary-ascii', maxLength: 300 }),
            fc.constant('short'),
            fc.constant('k'.repeat(256)),
          )
          .filter((s) => HEADER_SAFE.test(s) && s.trim() === s && s !== '' && !pattern.test(s))
          .map((value) => ({
            parts: { ...base, headers: { ...headers, [parameter.name]: value } },
            why: `header ${parameter.name} ${JSON.stringify(value).slice(0, 40)}`,
          })),
      );
    }
  }
  return cases.length > 0 ? fc.oneof(...cases) : undefined;
}
