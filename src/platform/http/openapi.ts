import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import type { ApiKeyAccess } from '../auth/decorators';
import { API_KEY_EXTENSION, PUBLIC_EXTENSION, REQUIRED_ROLES } from '../auth/decorators';
import { OpenApiContributions } from './openapi-contributions';
import { toOpenApi31 } from './openapi-31';
import { boundResponses } from './openapi-response-bounds';
import { describeValidation, type Handler, operationsOf, uuidPathParameters } from './openapi-validation';
import { FieldErrorDto, PROBLEM_CONTENT_TYPE, ProblemDetailsDto } from './problem-details';
import { UUID_RULE } from './uuid';

export const API_TAGS: { name: string; description: string }[] = [
  { name: 'identity', description: 'Accounts, sessions and profiles' },
  { name: 'catalog', description: 'Products, categories, tags, images and search' },
  { name: 'rental', description: 'Availability, quotes, bookings and their lifecycle' },
  { name: 'messaging', description: 'Conversations between renters and owners' },
  { name: 'review', description: 'Product and user reviews, ratings' },
  { name: 'payment', description: 'Payment methods, payment intents, webhooks' },
  { name: 'subscription', description: 'Plans, subscriptions and usage limits' },
  { name: 'trust', description: 'Blocks between users, reports and moderation' },
  {
    name: 'integration',
    description:
      'For third-party integrators with an API key: the events feed, webhooks, operator-wide reads',
  },
  { name: 'admin', description: 'Administration: roles and the audit log (admins only)' },
  { name: 'health', description: 'Liveness and readiness for orchestrators' },
  { name: 'development', description: 'Aids for running the app locally, off in production (the mailbox)' },
];

const WRITE_METHODS = new Set(['post', 'put', 'patch', 'delete']);

/** What the platform itself can answer on any route, so each controller need not repeat it. */
const PLATFORM_ANSWERS: Record<number, string> = {
  400: 'Malformed request: the body is not JSON, or a header (Idempotency-Key) is malformed',
  401: 'Missing, expired or invalid access token',
  403: 'The caller lacks the required role',
  413: 'Request body too large (over 1 MiB)',
  415: 'The body is not JSON: send `Content-Type: application/json`',
  422: 'Validation failed; `errors` names each field',
  429: 'Too many requests; retry after the Retry-After header',
  500: 'Unexpected error; the body carries the request id to quote',
  503: 'The database is temporarily unavailable; retry shortly',
};

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('OneSociety API')
    .setDescription(
      'Peer-to-peer rentals: list things, rent them for a few days, talk, pay and review.\n\n' +
        '**Errors** are RFC 9457 `application/problem+json` with a stable `code`, and for validation an `errors` array naming each field. ' +
        '**Lists** are `{ items, page, limit, total }` (offset; `limit` at most 100) or `{ items, nextCursor }` (cursor). ' +
        '**Authentication**: `Authorization: Bearer <accessToken>` from `/api/v1/auth/login` (tokens last 15 minutes; refresh with `/api/v1/auth/refresh`). ' +
        '**Dates** are calendar days `YYYY-MM-DD` (start inclusive, end exclusive); instants are ISO 8601 UTC. **Money** is integer minor units with an ISO 4217 currency. ' +
        `**Ids**: ${UUID_RULE}`,
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
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'X-Api-Key',
        description:
          "An integrator's API key (`osk_live_...`), issued by an admin to an API client and shown once. It may " +
          'also be sent as `Authorization: Bearer osk_...`. Only operations listing `apiKey` take it, each ' +
          'naming the scope it needs (`listings:read`, `rentals:read`, `events:read`): 401 for an unknown, ' +
          "revoked or expired key, 403 for a key without the scope, 429 past the key's per-minute limit.",
      },
      'apiKey',
    )
    .addSecurityRequirements('bearer');
  for (const tag of API_TAGS) builder.addTag(tag.name, tag.description);
  const document = SwaggerModule.createDocument(app, builder.build(), {
    extraModels: [ProblemDetailsDto, FieldErrorDto],
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey}_${methodKey}`,
  });
  for (const server of document.servers ?? []) Object.assign(server, { 'x-internal': false });
  // RFC 9457 §3.2: a problem type may add members of its own (the conflicting ranges of a booking,
  // the blockers of an erasure, the allowed transitions); the document names the core ones.
  Object.assign(document.components!.schemas!.ProblemDetailsDto, {
    description:
      'RFC 9457 problem details. Problems of some codes carry extension members of their own, ' +
      'described by the operation that answers them.',
    additionalProperties: true,
  });
  app.get(OpenApiContributions, { strict: false }).applyTo(document);
  const handlers = handlersByOperationId(app);
  completeOperations(document, handlers);
  describeValidation(document, handlers);
  boundResponses(document);
  return toOpenApi31(document);
}

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
 * documents the platform's own error answers (a malformed path id is a 422, as in a body).
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
    const keys = operation[API_KEY_EXTENSION] as ApiKeyAccess | undefined;
    delete operation[API_KEY_EXTENSION];
    if (keys) {
      // OpenAPI 3.1 lets a requirement of any scheme name roles: the key's scope.
      const key = { apiKey: [keys.scope] };
      if (keys.only) operation.security = [key];
      else operation.security = [...(operation.security ?? [{ bearer: [] }]), key];
    }
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
    if (keys) statuses.push(401, 403, 429);
    if (WRITE_METHODS.has(method)) statuses.push(429);
    if (operation.requestBody) statuses.push(400, 413, 415, 422);
    if (handler && uuidPathParameters(handler).size > 0) statuses.push(422);
    if (operation.parameters?.some((p) => p.in === 'header')) statuses.push(400);
    for (const status of statuses) {
      operation.responses[String(status)] ??= problemResponse(
        PLATFORM_ANSWERS[status] ?? STATUS_CODES[status] ?? '',
      );
    }
    if (operation.parameters?.some((p) => p.in === 'header' && p.name === 'Idempotency-Key')) {
      documentIdempotencyAnswers(operation.responses as Record<string, { description?: string }>);
    }
  }
}

/** Answers of the idempotency layer: a retry racing its first attempt, a key reused with another body. */
function documentIdempotencyAnswers(responses: Record<string, { description?: string }>): void {
  for (const [status, sentence] of Object.entries(IDEMPOTENCY_ANSWERS)) {
    const existing = responses[status];
    if (!existing) responses[status] = problemResponse(sentence);
    else if (!existing.description?.includes(sentence)) {
      existing.description = existing.description ? `${existing.description}. ${sentence}` : sentence;
    }
  }
}

const IDEMPOTENCY_ANSWERS: Record<string, string> = {
  409: '`IDEMPOTENCY.IN_PROGRESS`: a request with this Idempotency-Key is still being processed; retry after Retry-After',
  422: '`IDEMPOTENCY.KEY_REUSED`: this Idempotency-Key was already used with a different request',
};

const problemResponse = (description: string) => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDetailsDto' } } },
});
