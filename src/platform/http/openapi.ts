import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { FieldErrorDto, ProblemDetailsDto } from './problem-details';

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

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('OneSociety API')
    .setDescription(
      'Peer-to-peer rentals: list things, rent them for a few days, talk, pay and review.\n\n' +
        'Errors are RFC 9457 `application/problem+json`. Lists are `{ items, page, limit, total }`. ' +
        'Authenticate with `Authorization: Bearer <accessToken>` from `/api/v1/auth/login`.',
    )
    .setVersion('1.0.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  for (const tag of API_TAGS) builder.addTag(tag.name, tag.description);
  return SwaggerModule.createDocument(app, builder.build(), {
    extraModels: [ProblemDetailsDto, FieldErrorDto],
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey}_${methodKey}`,
  });
}
