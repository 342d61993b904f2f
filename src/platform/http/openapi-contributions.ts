import { Injectable } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';

/** Adds to the served document what no controller describes (event schemas, outgoing webhooks). */
export type OpenApiContribution = (document: OpenAPIObject) => void;

/**
 * Where a context registers such additions at module init; buildOpenApiDocument applies them
 * before the document is tidied, bounded and rewritten to OpenAPI 3.1, so they get the same rules.
 */
@Injectable()
export class OpenApiContributions {
  private readonly contributions: OpenApiContribution[] = [];

  add(contribution: OpenApiContribution): void {
    this.contributions.push(contribution);
  }

  applyTo(document: OpenAPIObject): void {
    for (const contribution of this.contributions) contribution(document);
  }
}
