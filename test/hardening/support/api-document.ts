import type TestAgent from 'supertest/lib/agent';

/**
 * A schema of the OpenAPI 3.1 document with $refs resolved, in the fuzzers' simpler terms: one
 * `type`, and `nullable` when the document admits null (`type: [T, 'null']`, `oneOf: [X, null]`).
 */
export interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  maxProperties?: number;
  nullable?: boolean;
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  $ref?: string;
  [key: string]: unknown;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: Schema;
}

export interface Operation {
  /** `PUT /api/v1/products/{id}`: the key of the registries. */
  key: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  operationId: string;
  /** No access token needed (`security: []`); optional-auth reads are public too. */
  isPublic: boolean;
  pathParams: Parameter[];
  queryParams: Parameter[];
  headerParams: Parameter[];
  /** The JSON request body's schema, resolved; undefined when the operation takes none. */
  body?: Schema;
  /**
   * The multipart/form-data body's schema (an upload), resolved; undefined when the operation takes
   * none. Its file properties are those `isFileSchema` says; the others are text fields.
   */
  multipart?: Schema;
  bodyRequired: boolean;
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  /** `x-...` members of the operation (`x-required-roles`). */
  extensions: Record<string, unknown>;
  /** The scope an integrator's API key needs here, when the operation takes keys. */
  apiKeyScope?: string;
  /** Only API keys may call it (`security: [{ apiKey: [scope] }]`): user tokens get 403. */
  apiKeyOnly: boolean;
}

export interface ApiDocument {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, Schema> };
  [key: string]: unknown;
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** The document exactly as the running app serves it. */
export async function fetchDocument(http: TestAgent): Promise<ApiDocument> {
  const res = await http.get('/docs-json');
  if (res.status !== 200) throw new Error(`/docs-json answered ${res.status}`);
  return res.body as ApiDocument;
}

/** Inlines `$ref`s (and merges allOf), stopping at recursion so self-referencing trees stay finite. */
export function resolve(document: ApiDocument, schema: Schema | undefined, seen: string[] = []): Schema {
  if (!schema) return {};
  const orNull = nullableForm(schema);
  if (orNull) return { ...resolve(document, orNull, seen), nullable: true };
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    if (seen.includes(name)) return { type: 'object' };
    const { $ref: _ref, ...rest } = schema;
    return { ...resolve(document, document.components.schemas[name], [...seen, name]), ...rest };
  }
  const out: Schema = { ...schema };
  if (schema.allOf) {
    delete out.allOf;
    for (const part of schema.allOf) {
      const r = resolve(document, part, seen);
      Object.assign(out, r, {
        properties: { ...(out.properties ?? {}), ...(r.properties ?? {}) },
        required: [...(out.required ?? []), ...(r.required ?? [])],
      });
    }
  }
  if (out.properties) {
    out.properties = Object.fromEntries(
      Object.entries(out.properties).map(([k, v]) => [k, resolve(document, v, seen)]),
    );
  }
  if (out.items) out.items = resolve(document, out.items, seen);
  return out;
}

/** The schema without its null alternative, when it admits null; undefined otherwise. */
function nullableForm(schema: Schema): Schema | undefined {
  const type = schema.type as unknown;
  if (Array.isArray(type) && type.includes('null')) {
    const others = type.filter((t) => t !== 'null');
    return { ...schema, type: others.length === 1 ? (others[0] as string) : undefined };
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const options = schema[key];
    if (!options?.some((o) => o.type === 'null')) continue;
    const rest = options.filter((o) => o.type !== 'null');
    const { [key]: _options, ...siblings } = schema;
    return rest.length === 1 ? { ...siblings, ...rest[0] } : { ...siblings, [key]: rest };
  }
  return undefined;
}

/** Every operation of the document, with parameters and body resolved. */
export function operationsOf(document: ApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const op = raw as {
        operationId: string;
        security?: Record<string, string[]>[];
        parameters?: Parameter[];
        requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
        responses: Operation['responses'];
      };
      const params = (op.parameters ?? []).map((p) => ({ ...p, schema: resolve(document, p.schema) }));
      const json = op.requestBody?.content?.['application/json'];
      const form = op.requestBody?.content?.['multipart/form-data'];
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method as Operation['method'],
        path,
        operationId: op.operationId,
        isPublic:
          Array.isArray(op.security) &&
          (op.security.length === 0 || op.security.some((s) => Object.keys(s).length === 0)),
        pathParams: params.filter((p) => p.in === 'path'),
        queryParams: params.filter((p) => p.in === 'query'),
        headerParams: params.filter((p) => p.in === 'header'),
        body: json ? resolve(document, json.schema) : undefined,
        multipart: form ? resolve(document, form.schema) : undefined,
        bodyRequired: op.requestBody?.required ?? Boolean(json ?? form),
        responses: op.responses,
        extensions: Object.fromEntries(Object.entries(op).filter(([k]) => k.startsWith('x-'))),
        apiKeyScope: op.security?.find((s) => s.apiKey)?.apiKey[0],
        apiKeyOnly: op.security?.length === 1 && op.security[0].apiKey !== undefined,
      });
    }
  }
  return operations;
}

/** A file in a form's schema: `format: binary` (OpenAPI 3.0 style) or a content media type (3.1). */
export function isFileSchema(schema: Schema): boolean {
  return (
    schema.format === 'binary' ||
    typeof schema.contentMediaType === 'string' ||
    typeof schema.contentEncoding === 'string' ||
    (schema.type === 'array' && !!schema.items && isFileSchema(schema.items))
  );
}

/** `/api/v1/products/{id}` with `{ id: '...' }` → `/api/v1/products/...` (values URL-encoded). */
export function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`no value for path parameter ${name} of ${path}`);
    return encodeURIComponent(params[name]);
  });
}
