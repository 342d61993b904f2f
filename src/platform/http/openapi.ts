import type { INestApplication } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { STATUS_CODES } from 'node:http';
import { PUBLIC_EXTENSION, REQUIRED_ROLES } from '../auth/decorators';
import { FieldErrorDto, PROBLEM_CONTENT_TYPE, ProblemDetailsDto } from './problem-details';
import { UuidParamPipe } from './uuid-param.pipe';

export const API_TAGS: { name: string; description: string }[] = [
  { name: 'identity', description: 'Accounts, sessions and profiles' },
  { name: 'catalog', description: 'Products, categories, tags, images and search' },
  { name: 'rental', description: 'Availability, quotes, bookings and their lifecycle' },
  { name: 'messaging', description: 'Conversations between renters and owners' },
  { name: 'review', description: 'Product and user reviews, ratings' },
  { name: 'payment', description: 'Payment methods, payment intents, webhooks' },
  { name: 'subscription', description: 'Plans, subscriptions and usage limits' },
  { name: 'health', description: 'Liveness and readiness for orchestrators' },
];

const WRITE_METHODS = new Set(['post', 'put', 'patch', 'delete']);

/** What the platform itself can answer on any route, so each controller need not repeat it. */
const PLATFORM_ANSWERS: Record<number, string> = {
  401: 'Missing, expired or invalid access token',
  403: 'The caller lacks the required role',
  413: 'Request body too large (over 1 MiB)',
  422: 'Validation failed; `errors` names each field',
  429: 'Too many requests; retry after the Retry-After header',
  500: 'Unexpected error; the body carries the request id to quote',
  503: 'The database is temporarily unavailable; retry shortly',
};

/**
 * Node refuses (431) a request whose request line and headers exceed 16 KiB (`maxHeaderSize`), so no
 * query or header value is longer; a parameter that deserves a tighter bound gets it from its DTO.
 */
const MAX_REQUEST_HEAD_BYTES = 16 * 1024;
/** What idempotency-key.decorator.ts accepts (400 otherwise). */
const IDEMPOTENCY_KEY = { minLength: 8, maxLength: 255, pattern: '^[A-Za-z0-9_.:-]{8,255}$' };

/** Fastify's router refuses (404) a path parameter longer than this (its `maxParamLength` default). */
const MAX_PATH_PARAM_LENGTH = 100;

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('OneSociety API')
    .setDescription(
      'Peer-to-peer rentals: list things, rent them for a few days, talk, pay and review.\n\n' +
        '**Errors** are RFC 9457 `application/problem+json` with a stable `code`, and for validation an `errors` array naming each field. ' +
        '**Lists** are `{ items, page, limit, total }` (offset; `limit` at most 100) or `{ items, nextCursor }` (cursor). ' +
        '**Authentication**: `Authorization: Bearer <accessToken>` from `/api/v1/auth/login` (tokens last 15 minutes; refresh with `/api/v1/auth/refresh`). ' +
        '**Dates** are calendar days `YYYY-MM-DD` (start inclusive, end exclusive); instants are ISO 8601 UTC. **Money** is integer minor units with an ISO 4217 currency.',
    )
    .setVersion('1.0.0')
    .setContact('OneSociety API team', 'https://onesociety.dev', 'api@onesociety.dev')
    .setLicense('Proprietary', 'https://onesociety.dev/terms')
    .addServer('/', 'The instance serving this document (local, staging or production alike)')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          'A JWS access token (RFC 7519) following the RFC8725 best current practices: HS256 only, with the ' +
          'algorithm, issuer and audience pinned on verification (`alg: none` and other algorithms are refused), ' +
          'and a 15-minute lifetime.',
      },
      'bearer',
    )
    .addSecurityRequirements('bearer');
  for (const tag of API_TAGS) builder.addTag(tag.name, tag.description);
  const document = SwaggerModule.createDocument(app, builder.build(), {
    extraModels: [ProblemDetailsDto, FieldErrorDto],
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey}_${methodKey}`,
  });
  for (const server of document.servers ?? []) Object.assign(server, { 'x-internal': false });
  const handlers = handlersByOperationId(app);
  completeOperations(document, handlers);
  describeValidation(document, handlers);
  boundResponses(document);
  return document;
}

type Schema = Record<string, unknown> & {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  nullable?: boolean;
};
type Parameter = { name: string; in: string; schema?: Schema };
type Operation = {
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
interface Handler {
  controller: new (...args: never[]) => unknown;
  method: string;
}

const operationsOf = (document: OpenAPIObject) =>
  Object.values(document.paths).flatMap((path) =>
    Object.entries(path)
      .filter(([, value]) => value && typeof value === 'object' && 'responses' in value)
      .map(([method, value]) => ({ method, operation: value as Operation })),
  );

/** Each operation's controller method, found by operation id, so the document can read its metadata. */
function handlersByOperationId(app: INestApplication): Map<string, Handler> {
  const handlers = new Map<string, Handler>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Handler['controller'] | null;
      if (!controller) continue;
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        const fn = (controller.prototype as Record<string, unknown>)[method];
        if (method === 'constructor' || typeof fn !== 'function') continue;
        const documented = Reflect.getMetadata('swagger/apiOperation', fn) as { operationId?: string };
        handlers.set(documented?.operationId ?? `${controller.name}_${method}`, { controller, method });
      }
    }
  }
  return handlers;
}

/**
 * Public routes get `security: []`; admin routes say so (`x-required-roles`, 403); every operation
 * documents the platform's own error answers.
 */
function completeOperations(document: OpenAPIObject, handlers: Map<string, Handler>): void {
  for (const { method, operation } of operationsOf(document)) {
    const access = operation[PUBLIC_EXTENSION];
    const isPublic = access === true;
    delete operation[PUBLIC_EXTENSION];
    if (isPublic) operation.security = [];
    // @OptionalAuth(): anonymous, or identified by a bearer token (a bad token is still a 401).
    else if (access === 'optional') operation.security = [{}, { bearer: [] }];
    else delete operation.security; // the document-wide bearer requirement applies
    const handler = handlers.get(operation.operationId ?? '');
    const roles = handler
      ? ((Reflect.getMetadata(REQUIRED_ROLES, handler.controller.prototype[handler.method as never]) ??
          Reflect.getMetadata(REQUIRED_ROLES, handler.controller)) as string[] | undefined)
      : undefined;
    const statuses = [500, 503];
    if (!isPublic) statuses.push(401);
    if (roles?.length) {
      operation['x-required-roles'] = roles;
      statuses.push(403);
    }
    if (WRITE_METHODS.has(method)) statuses.push(429);
    if (operation.requestBody) statuses.push(413, 422);
    for (const status of statuses) {
      operation.responses[String(status)] ??= problemResponse(
        PLATFORM_ANSWERS[status] ?? STATUS_CODES[status] ?? '',
      );
    }
  }
}

const problemResponse = (description: string) => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDetailsDto' } } },
});

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
function describeValidation(document: OpenAPIObject, handlers: Map<string, Handler>): void {
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
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, handler.controller, handler.method) ??
      {}) as Record<string, { index: number; data?: string; pipes?: unknown[] }>;
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
      const arg = Object.entries(args).find(
        ([key, a]) => key.startsWith('5:') && a.data === parameter.name,
      )?.[1];
      if (arg?.pipes?.some((pipe) => pipe === UuidParamPipe || pipe instanceof UuidParamPipe)) {
        Object.assign(parameter.schema, { format: 'uuid', minLength: 36, maxLength: 36 });
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
  'isUuid',
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
      case 'isUuid':
        fill(target, { format: 'uuid', minLength: 36, maxLength: 36 });
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

/**
 * Response-only strings and arrays have no validator to read, so their bounds come by field kind,
 * each true of everything the API sends (why, after each). A response field with neither a bound in
 * its DTO nor an entry here fails the Spectral lint until its owner documents one. `null`: no
 * honest bound exists today (see test/hardening/FINDINGS.md); .spectral.yaml names those.
 */
const RESPONSE_BOUNDS: Record<string, number | null> = {
  // Formats: UUIDs are 36 characters; instants come from toISOString() (24) or PostgreSQL (≤ 32).
  'format:uuid': 36,
  'format:date': 10,
  'format:date-time': 32,
  // Lists: a page never holds more than `limit`, at most 100 (test/hardening/pagination-limits).
  'page:items': 100,
  // Values that came in through validated requests keep their input bound.
  email: 254,
  fullName: 100,
  displayName: 100, // signup derives it from the first word of fullName (≤ 100); edits allow 50
  bio: 2000,
  phone: 16, // E.164: '+' and at most 15 digits
  avatarUrl: 2048,
  url: 2048,
  redirectUrl: 2048,
  city: 100,
  street: 200,
  country: 2,
  currency: 3,
  title: 120, // products and reviews 120; problem titles are HTTP reason phrases
  description: 5000, // products; plan descriptions are seeded reference data
  name: 255, // categories 60, attachments 255, plans (seeded)
  slug: 400, // given slugs ≤ 80; derived ones chain the parent's slug, at most 5 levels deep
  alt: 200,
  tags: 30,
  notes: 1000,
  reason: 200,
  body: 4000, // messages and reviews
  mimeType: 255,
  features: 200, // seeded plan features
  clientSecret: 200,
  // Values the API makes itself.
  accessToken: 1024, // an HS256 JWT of six short claims (about 300 characters)
  refreshToken: 256, // 43 characters issued; the refresh endpoint accepts up to 256
  tokenType: 16,
  nextCursor: 200, // decodeCursor refuses longer ones; encoded cursors are about 90
  systemEvent: 32,
  last4: 4,
  requestId: 128, // a client's X-Request-Id (8-128 safe characters) or a UUID
  type: 2048, // problem type URIs; next-action types
  code: 64, // problem codes (`CATALOG.PRODUCT_NOT_FOUND`) and seeded plan codes
  'SandboxAuthenticationResultDto.id': 64,
  'SandboxAuthenticationResultDto.status': 32,
  'RentalDetailDto.history': 5, // the longest path: requested, accepted, active, returned, completed
  'CategoryDto.path': 5, // categories are at most 5 levels deep
  'ConversationDto.participants': 2,
  'OpenedConversationDto.participants': 2,
  'AvailabilityDto.conflicts': 366, // disjoint held ranges (≥ 1 day) overlapping a stay of ≤ 365 days
  'CalendarDto.ranges': 366, // disjoint ranges (≥ 1 day) overlapping a window of ≤ 366 days
  'BlockListDto.items': 1096, // disjoint blocks (≥ 1 day, ≤ 365 days) starting within 730 days
  'PlanDto.features': 20, // seeded
  'PlanListDto.items': 20, // seeded
  'ProductDto.images': 12,
  'ProductDto.tags': 20,
  'ProductSummaryDto.tags': 20,
  // From the payment gateway, stored as given: no honest bound until payment bounds them.
  'PaymentErrorDto.code': null,
  'PaymentErrorDto.message': null,
  'PaymentMethodDto.brand': null,
  'PaymentMethodDto.wallet': null,
  'PaymentMethodDto.bankName': null,
  'PaymentMethodListDto.items': null, // no cap on saved methods per user
  'CategoryTreeDto.items': null, // no cap on categories
  'CategoryNodeDto.children': null,
  'CategoryDto.children': null,
  // Problem details: validation.pipe.ts and problem-details.filter.ts cut what echoes client input.
  'ProblemDetailsDto.detail': 1000,
  'ProblemDetailsDto.instance': 2048,
  'ProblemDetailsDto.errors': 50,
  'FieldErrorDto.field': 200,
  'FieldErrorDto.message': 500,
};

function boundResponses(document: OpenAPIObject): void {
  const bound = (schemaName: string, property: string, isPage: boolean) => {
    const keys = [`${schemaName}.${property}`, isPage && property === 'items' ? 'page:items' : '', property];
    const key = keys.find((k) => k && k in RESPONSE_BOUNDS);
    return key === undefined ? undefined : RESPONSE_BOUNDS[key];
  };
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {}) as [string, Schema][]) {
    tidy(schema);
    if (schema.additionalProperties === false || !schema.properties) continue; // request bodies
    const isPage = 'limit' in schema.properties || 'nextCursor' in schema.properties;
    for (const [property, value] of Object.entries(schema.properties)) {
      tidy(value);
      if (value.type === 'array') {
        const items = value.items ?? {};
        const limit = bound(name, property, isPage);
        if (limit !== undefined && limit !== null) value.maxItems ??= limit;
        if (items.type === 'string' && !items.enum) {
          const itemLimit = RESPONSE_BOUNDS[`format:${items.format}`] ?? RESPONSE_BOUNDS[property];
          if (itemLimit) items.maxLength ??= itemLimit;
        }
      } else if (value.type === 'string' && !value.enum) {
        const limit = RESPONSE_BOUNDS[`format:${value.format}`] ?? bound(name, property, false);
        if (limit !== undefined && limit !== null) value.maxLength ??= limit;
      }
    }
  }
}

/** OpenAPI 3.0 wants null among a nullable enum's values; examples must fit their schema. */
function tidy(schema: Schema): void {
  if (schema.nullable && Array.isArray(schema.enum) && !schema.enum.includes(null))
    schema.enum = [...schema.enum, null];
  if (schema.type === 'array' && typeof schema.example === 'string')
    schema.example = schema.example.split(',');
}
