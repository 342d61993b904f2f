import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import { PUBLIC_EXTENSION } from '../auth/decorators';
import { FieldErrorDto, PROBLEM_CONTENT_TYPE, ProblemDetailsDto } from './problem-details';

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
  413: 'Request body too large (over 1 MiB)',
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
        '**Dates** are calendar days `YYYY-MM-DD` (start inclusive, end exclusive); instants are ISO 8601 UTC. **Money** is integer minor units with an ISO 4217 currency.',
    )
    .setVersion('1.0.0')
    .setContact('OneSociety API team', 'https://onesociety.dev', 'api@onesociety.dev')
    .setLicense('Proprietary', 'https://onesociety.dev/terms')
    .addServer('/', 'This server')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addSecurityRequirements('bearer');
  for (const tag of API_TAGS) builder.addTag(tag.name, tag.description);
  const document = SwaggerModule.createDocument(app, builder.build(), {
    extraModels: [ProblemDetailsDto, FieldErrorDto],
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey}_${methodKey}`,
  });
  return completeOperations(document);
}

type Operation = {
  security?: Record<string, string[]>[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
  [key: string]: unknown;
};

/** Public routes get `security: []`; every operation documents the platform's own error answers. */
function completeOperations(document: OpenAPIObject): OpenAPIObject {
  for (const path of Object.values(document.paths)) {
    for (const [method, value] of Object.entries(path)) {
      if (!value || typeof value !== 'object' || !('responses' in value)) continue;
      const operation = value as Operation;
      const isPublic = operation[PUBLIC_EXTENSION] === true;
      delete operation[PUBLIC_EXTENSION];
      if (isPublic) operation.security = [];
      else delete operation.security; // the document-wide bearer requirement applies
      const statuses = [500, 503];
      if (!isPublic) statuses.push(401);
      if (WRITE_METHODS.has(method)) statuses.push(429);
      if (operation.requestBody) statuses.push(413, 422);
      for (const status of statuses) {
        operation.responses[String(status)] ??= problemResponse(
          PLATFORM_ANSWERS[status] ?? STATUS_CODES[status] ?? '',
        );
      }
    }
  }
  return document;
}

const problemResponse = (description: string) => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDetailsDto' } } },
});
