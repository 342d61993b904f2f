import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import type { OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { IS_UUID, UUID_SCHEMA } from './uuid';
import { UuidParamPipe } from './uuid-param.pipe';

// The OpenAPI document's request side, read from what the API enforces: class-validator rules of
// request DTOs and query DTOs, path-parameter pipes, the platform's own header and size limits.

export type Schema = Record<string, unknown> & {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  nullable?: boolean;
};
type Parameter = { name: string; in: string; description?: string; schema?: Schema };
export type Operation = {
  operationId?: string;
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
  [key: string]: unknown;
};
type ValidationMetadata = ReturnType<
  ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']
>[number];
export interface Handler {
  controller: new (...args: never[]) => unknown;
  method: string;
}

/** Every operation of the document with its method. */
export const operationsOf = (document: OpenAPIObject) =>
  Object.values(document.paths).flatMap((path) =>
    Object.entries(path)
      .filter(([, value]) => value && typeof value === 'object' && 'responses' in value)
      .map(([method, value]) => ({ method, operation: value as Operation })),
  );

/**
 * Node refuses (431) a request whose request line and headers exceed 16 KiB (`maxHeaderSize`), so no
 * query or header value is longer; a parameter that deserves a tighter bound gets it from its DTO.
 */
const MAX_REQUEST_HEAD_BYTES = 16 * 1024;
/** What idempotency-key.decorator.ts accepts (400 otherwise). */
const IDEMPOTENCY_KEY = { minLength: 8, maxLength: 255, pattern: '^[A-Za-z0-9_.:-]{8,255}$' };

/** Fastify's router refuses (414) a path parameter longer than this (its `maxParamLength` default). */
const MAX_PATH_PARAM_LENGTH = 100;

type RouteArgs = Record<string, { index: number; data?: string; pipes?: unknown[] }>;
const routeArgsOf = (handler: Handler) =>
  (Reflect.getMetadata(ROUTE_ARGS_METADATA, handler.controller, handler.method) ?? {}) as RouteArgs;

/** The handler's path parameters that go through UuidParamPipe, by name. */
export function uuidPathParameters(handler: Handler): Set<string> {
  return new Set(
    Object.entries(routeArgsOf(handler))
      .filter(([key, arg]) => key.startsWith('5:') && arg.data)
      .filter(([, arg]) => arg.pipes?.some((pipe) => pipe === UuidParamPipe || pipe instanceof UuidParamPipe))
      .map(([, arg]) => arg.data!),
  );
}

const UUID_PATH_PARAMETER = 'A UUID; a malformed one is a 422 naming this parameter, an unknown one a 404.';

/** Every validation rule of a class (inherited ones included), by property. */
function rulesOf(target: new (...args: never[]) => unknown): Map<string, ValidationMetadata[]> {
  const rules = new Map<string, ValidationMetadata[]>();
  for (const rule of getMetadataStorage().getTargetValidationMetadatas(target, '', true, false)) {
    rules.set(rule.propertyName, [...(rules.get(rule.propertyName) ?? []), rule]);
  }
  return rules;
}

/** Request DTO classes by name: every class that carries class-validator rules. */
function validatedClasses(): Map<string, new (...args: never[]) => unknown> {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<object, unknown> };
  const classes = new Map<string, new (...args: never[]) => unknown>();
  for (const target of storage.validationMetadatas.keys()) {
    if (typeof target === 'function') classes.set(target.name, target as new () => unknown);
  }
  return classes;
}

/**
 * The document says what the validators enforce: lengths, ranges, array sizes, formats, patterns
 * and enums of request bodies (schema name = DTO class name), query DTOs and path parameters;
 * request bodies refuse unknown properties (`additionalProperties: false`), as the API does.
 */
export function describeValidation(document: OpenAPIObject, handlers: Map<string, Handler>): void {
  const classes = validatedClasses();
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {}) as [string, Schema][]) {
    const target = classes.get(name);
    if (!target || !schema.properties) continue;
    schema.additionalProperties = false;
    const rules = rulesOf(target);
    for (const [property, propertySchema] of Object.entries(schema.properties)) {
      applyRules(propertySchema, rules.get(property) ?? []);
    }
  }
  for (const { operation } of operationsOf(document)) {
    const handler = handlers.get(operation.operationId ?? '');
    if (!handler) continue;
    const args = routeArgsOf(handler);
    const uuids = uuidPathParameters(handler);
    const types = (Reflect.getMetadata('design:paramtypes', handler.controller.prototype, handler.method) ??
      []) as (new () => unknown)[];
    const queryArg = Object.entries(args).find(([key, arg]) => key.startsWith('4:') && !arg.data)?.[1];
    const queryRules = queryArg && types[queryArg.index] ? rulesOf(types[queryArg.index]) : new Map();
    for (const parameter of operation.parameters ?? []) {
      parameter.schema ??= { type: 'string' };
      if (parameter.in === 'query') applyRules(parameter.schema, queryRules.get(parameter.name) ?? []);
      if (parameter.name === 'Idempotency-Key') Object.assign(parameter.schema, IDEMPOTENCY_KEY);
      if (parameter.in !== 'path') {
        if (parameter.schema.type === 'string' && !parameter.schema.enum && !parameter.schema.$ref)
          parameter.schema.maxLength ??= MAX_REQUEST_HEAD_BYTES;
        continue;
      }
      if (uuids.has(parameter.name)) {
        Object.assign(parameter.schema, UUID_SCHEMA);
        parameter.description ??= UUID_PATH_PARAMETER;
      }
      parameter.schema.maxLength ??= MAX_PATH_PARAM_LENGTH;
    }
  }
}

const STRING_RULES = new Set([
  'isString',
  'isUrl',
  'isEmail',
  'matches',
  IS_UUID,
  'isLength',
  'maxLength',
  'minLength',
  'isCalendarDate',
  'isISO31661Alpha2',
  'isISO4217CurrencyCode',
]);
const NUMBER_RULES = new Set(['isNumber', 'isLatitude', 'isLongitude']);
const INT32 = 2 ** 31 - 1;

/** Adds what one property's validators enforce; what the DTO documents explicitly is kept. */
function applyRules(schema: Schema, rules: ValidationMetadata[]): void {
  const fill = (target: Schema, values: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(values)) if (value !== undefined) target[key] ??= value;
  };
  for (const rule of rules) {
    const target = rule.each && schema.type === 'array' ? (schema.items ??= {}) : schema;
    const [a, b] = (rule.constraints ?? []) as unknown[];
    // `string | null` and `number | null` reflect as Object: the validators know the real type.
    if (target.type === 'object' && !target.properties) {
      if (STRING_RULES.has(rule.name ?? '')) target.type = 'string';
      if (NUMBER_RULES.has(rule.name ?? '')) target.type = 'number';
    }
    if (target.$ref) continue; // a named enum or object says it all
    switch (rule.name) {
      case 'isInt':
        target.type = 'integer';
        break;
      case 'isBoolean':
        target.type = 'boolean';
        break;
      case 'isLatitude':
        fill(target, { minimum: -90, maximum: 90 });
        break;
      case 'isLongitude':
        fill(target, { minimum: -180, maximum: 180 });
        break;
      case 'isLength':
        fill(target, { minLength: a, maxLength: b });
        break;
      case 'minLength':
        fill(target, { minLength: a });
        break;
      case 'maxLength':
        fill(target, { maxLength: a });
        break;
      case 'arrayMaxSize':
        fill(schema, { maxItems: a });
        break;
      case 'arrayMinSize':
        fill(schema, { minItems: a });
        break;
      case 'min':
        fill(target, { minimum: a });
        break;
      case 'max':
        fill(target, { maximum: a });
        break;
      case 'isIn':
        fill(target, { enum: [...(a as unknown[])] });
        break;
      case 'matches': {
        const source = a instanceof RegExp ? a.source : String(a);
        // Unicode property escapes need the `u` flag, which OpenAPI patterns cannot carry.
        if (/\\p\{/.test(source)) target.description ??= `Must match /${source}/u`;
        else fill(target, { pattern: source, maxLength: maxMatchLength(source) });
        break;
      }
      case IS_UUID:
        fill(target, UUID_SCHEMA);
        break;
      case 'isEmail':
        fill(target, { format: 'email' });
        break;
      case 'isUrl':
        fill(target, { format: 'uri' });
        break;
      case 'isCalendarDate':
        fill(target, { format: 'date', minLength: 10, maxLength: 10 });
        break;
      case 'isISO31661Alpha2':
        fill(target, { pattern: '^[A-Za-z]{2}$', minLength: 2, maxLength: 2 });
        break;
      case 'isISO4217CurrencyCode':
        fill(target, { pattern: '^[A-Za-z]{3}$', minLength: 3, maxLength: 3 });
        break;
    }
  }
  for (const target of [schema, schema.items].filter(Boolean) as Schema[]) {
    if (target.type === 'integer') {
      const max = Number(target.maximum ?? Infinity);
      const min = Number(target.minimum ?? -Infinity);
      target.format ??= max <= INT32 && min >= -INT32 - 1 ? 'int32' : 'int64';
    }
  }
  tidy(schema);
}

/**
 * The longest string an anchored pattern can match (`^\+[1-9]\d{6,14}$` → 16), or undefined when it
 * is unbounded (`*`, `+`, `{n,}`) or uses syntax this reader does not follow.
 */
export function maxMatchLength(source: string): number | undefined {
  if (!source.startsWith('^') || !source.endsWith('$') || source.endsWith('\\$')) return undefined;
  let i = 1;
  const sequence = (): number => {
    let total = 0;
    while (i < source.length - 1 && source[i] !== ')' && source[i] !== '|') {
      let atom: number;
      if (source[i] === '(') {
        if (source[i + 1] === '?' && !source.startsWith('(?:', i)) return NaN; // lookarounds, named groups
        i += source.startsWith('(?:', i) ? 3 : 1;
        atom = sequence();
        while (source[i] === '|') {
          i++;
          atom = Math.max(atom, sequence());
        }
        if (source[i++] !== ')') return NaN;
      } else if (source[i] === '[') {
        let j = source[i + 1] === '^' ? i + 2 : i + 1;
        if (source[j] === ']') j++;
        while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
        if (j >= source.length) return NaN;
        i = j + 1;
        atom = 1;
      } else {
        i += source[i] === '\\' ? 2 : 1;
        atom = 1;
      }
      const quantifier = /^(?:\{(\d+)(,(\d*))?\}|[?*+])/.exec(source.slice(i));
      if (quantifier) {
        i += quantifier[0].length;
        const [q, exact, comma, upper] = quantifier;
        const times =
          q === '?' ? 1 : q === '*' || q === '+' || (comma && !upper) ? Infinity : Number(upper ?? exact);
        atom *= times;
      }
      total += atom;
    }
    return total;
  };
  let longest = sequence();
  while (source[i] === '|') {
    i++;
    longest = Math.max(longest, sequence());
  }
  return i === source.length - 1 && Number.isFinite(longest) ? longest : undefined;
}

/** Examples must fit their schema (null joins a nullable enum's values in openapi-31.ts). */
export function tidy(schema: Schema): void {
  if (schema.type === 'array' && typeof schema.example === 'string')
    schema.example = schema.example.split(',');
}
