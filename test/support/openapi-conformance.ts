import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One answer as any HTTP client sees it. */
export interface Answer {
  method: string;
  /** The request path, query string included or not. */
  url: string;
  status: number;
  /** The media type without parameters, lower case (`application/json`). */
  contentType: string;
  /** The raw body text ('' when there was none). */
  text: string;
}

type Responses = Record<string, { content?: Record<string, { schema?: unknown }> }>;
interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  /** Which segments are literal: as Fastify does, a literal beats a parameter at the first place they differ. */
  segments: boolean[];
  operationId: string;
  responses: Responses;
}

const DOCUMENT_ID = 'openapi.json';
const PROBLEM = 'application/problem+json';
/**
 * Answers the transport gives before any route runs, on any path: a URL (414) or a head (431) too
 * long, a body over the limit (413). The document cannot list them per operation.
 */
const TRANSPORT_STATUSES = new Set([413, 414, 431]);

/**
 * Checks answers against the OpenAPI document with an independent JSON Schema 2020-12 validator
 * (ajv), not against the DTO classes that produced the document: the status is documented for the
 * operation, the content type is documented for that status, and the body fits its schema. It
 * reads the committed openapi.json, which test/contract/openapi-document proves is the served one.
 */
export class OpenApiConformance {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  private readonly routes: Route[];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(document: Record<string, unknown>) {
    addFormats(this.ajv);
    this.ajv.addSchema(closed(document) as Record<string, unknown>, DOCUMENT_ID);
    const paths = document.paths as Record<
      string,
      Record<string, { operationId: string; responses: Responses }>
    >;
    this.routes = Object.entries(paths)
      .flatMap(([template, operations]) =>
        Object.entries(operations).map(([method, op]) => ({
          method: method.toUpperCase(),
          template,
          pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
          segments: template.split('/').map((segment) => !segment.startsWith('{')),
          operationId: op.operationId,
          responses: op.responses,
        })),
      )
      .sort((a, b) => {
        const at = a.segments.findIndex((literal, i) => literal !== b.segments[i]);
        return at < 0 ? 0 : a.segments[at] ? -1 : 1;
      });
  }

  /** What is wrong with this answer, in sentences; empty when it is what the document promises. */
  check(answer: Answer): string[] {
    const path = answer.url.split('?')[0].replace(/^https?:\/\/[^/]+/, '');
    // HEAD is GET without the body: the same operation, statuses and headers.
    const route = this.routeOf(answer.method === 'HEAD' ? 'GET' : answer.method, path);
    if (!route) return this.checkUnrouted(answer, path);
    const at = `${route.operationId} (${answer.method} ${route.template}) ${answer.status}`;
    const status = String(answer.status);
    const declared = route.responses[status];
    if (!declared) {
      if (TRANSPORT_STATUSES.has(answer.status)) return [];
      return [`${at}: the document does not list this status (body: ${answer.text.slice(0, 300)})`];
    }
    const content = declared.content ?? {};
    if (answer.method === 'HEAD' || !answer.text) {
      if (answer.method === 'HEAD' && answer.text) return [`${at}: a HEAD answer carries a body`];
      return answer.method === 'HEAD' || Object.keys(content).length === 0
        ? []
        : [`${at}: the document promises a body, none came`];
    }
    if (!(answer.contentType in content)) {
      return [`${at}: content type ${answer.contentType || '(none)'} is not documented`];
    }
    if (!content[answer.contentType].schema) return [];
    const pointer = ['paths', route.template, route.method.toLowerCase(), 'responses']
      .concat([status, 'content', answer.contentType, 'schema'])
      .map(escapePointer)
      .join('/');
    return this.errors(this.schemaAt(`#/${pointer}`), answer, at);
  }

  /**
   * A path no operation has. Outside /api (the docs, the dev pages, media) the document does not
   * speak; under /api only the router's own refusals may come, as problems: no such route (404),
   * or no such method on it (405).
   */
  private checkUnrouted(answer: Answer, path: string): string[] {
    // A CORS preflight is answered by the CORS layer for any route, with no body.
    if (answer.method === 'OPTIONS' && !answer.text) return [];
    if (!path.startsWith('/api/')) return [];
    const at = `${answer.method} ${path} ${answer.status} (no documented operation)`;
    if (![404, 405].includes(answer.status) && !TRANSPORT_STATUSES.has(answer.status))
      return [`${at}: unexpected`];
    if (answer.contentType !== PROBLEM) return [`${at}: not a problem document`];
    return this.errors(this.schemaAt('#/components/schemas/ProblemDetailsDto'), answer, at);
  }

  private routeOf(method: string, path: string): Route | undefined {
    return this.routes.find((r) => r.method === method && r.pattern.test(path));
  }

  /** A validator for the schema at a JSON pointer of the document (`#/components/schemas/X`). */
  schemaAt(pointer: string): ValidateFunction {
    let validate = this.validators.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${DOCUMENT_ID}${pointer}` });
      this.validators.set(pointer, validate);
    }
    return validate;
  }

  private errors(validate: ValidateFunction, answer: Answer, at: string): string[] {
    let body: unknown = answer.text;
    if (/[/+]json$/.test(answer.contentType)) {
      try {
        body = JSON.parse(answer.text);
      } catch {
        return [`${at}: the body is not JSON`];
      }
    }
    if (answer.contentType === PROBLEM && (body as { status?: unknown } | null)?.status !== answer.status) {
      return [`${at}: the problem's status is not the HTTP status`];
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (e) => `${at}: ${e.instancePath || '(body)'} ${e.message} ${JSON.stringify(e.params)}`,
    );
  }
}

/**
 * The document with every object schema that lists its properties closed to others
 * (`unevaluatedProperties: false`, unless it says otherwise), for checking answers only: a field the
 * document does not name (a leaked column, a misspelling) fails, where JSON Schema would allow it.
 */
function closed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(closed);
  if (!value || typeof value !== 'object') return value;
  const node = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, closed(v)])) as Record<
    string,
    unknown
  >;
  const isSchema = node.properties && typeof node.properties === 'object' && !('in' in node);
  if (isSchema && !('additionalProperties' in node) && !('unevaluatedProperties' in node)) {
    node.unevaluatedProperties = false;
  }
  return node;
}

const escapePointer = (segment: string) =>
  encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'));

let shared: OpenApiConformance | undefined;

/** One checker per test file (jest gives each file its own module registry). */
export function openApiConformance(): OpenApiConformance {
  shared ??= new OpenApiConformance(
    JSON.parse(readFileSync(join(process.cwd(), DOCUMENT_ID), 'utf8')) as Record<string, unknown>,
  );
  return shared;
}
