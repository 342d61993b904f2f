import { Injectable } from '@nestjs/common';
import { OpenApiContributions } from '../../../platform/http/openapi-contributions';
import { publishedSchemas } from '../domain/published-events';

/**
 * Lists the published events' schemas in the OpenAPI document (components.schemas): the contract.
 * Registered on construction: the document is built before the application's init hooks run.
 */
@Injectable()
export class PublishedEventsOpenApi {
  constructor(contributions: OpenApiContributions) {
    contributions.add((document) => {
      document.components ??= {};
      document.components.schemas ??= {};
      Object.assign(document.components.schemas, publishedSchemas());
    });
  }
}
