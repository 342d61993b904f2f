/**
 * The example request of one operation, built from the served OpenAPI document the way Swagger UI's
 * "Try it out" builds it: path, query and header parameters from their `example`, the JSON body from
 * its schema's property examples (following `$ref` and `allOf`, one item per array), and for a
 * multipart/form-data body its text fields likewise and the names of its file parts (the runner
 * attaches a real file). The document has no operation-level examples, so this is what a reader of
 * the document would send.
 *
 * Two kinds of value no document can know are replaced, by name, and nothing else is:
 * - ids: every value whose schema has `format: uuid` (a required one even without an example, as
 *   Swagger UI puts a placeholder there) becomes the fixture's real id of that name (`productId`,
 *   `categoryId`, or `id` for a path's own id); a missing one fails loudly;
 * - secrets: what the app issues at run time (a refresh token, a mailed token, an authenticator
 *   code, a challenge token), only where the fixture names them.
 */
export type Schema = {
  $ref?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
  type?: string | string[];
  format?: string;
  example?: unknown;
  properties?: Record<string, Schema>;
  items?: Schema;
  [keyword: string]: unknown;
};

export type Parameter = { name: string; in: string; required?: boolean; example?: unknown; schema?: Schema };

export type DocumentedOperation = {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
  responses: Record<string, { content?: Record<string, unknown> }>;
};

export type OpenApiDocument = {
  paths: Record<string, Record<string, DocumentedOperation>>;
  components: { schemas: Record<string, Schema> };
};

export interface ExampleRequest {
  method: string;
  /** The path with its parameters filled in, and the query string when there is one. */
  url: string;
  headers: Record<string, string>;
  /** The composed JSON body, or undefined when the operation documents none. */
  body?: unknown;
  /** A multipart/form-data body: its text fields (from their examples) and its file parts' names. */
  form?: { fields: Record<string, string>; files: string[] };
}

export interface Placeholders {
  ids: Record<string, string>;
  secrets?: Record<string, string>;
}

export function composeExampleRequest(
  document: OpenApiDocument,
  path: string,
  method: string,
  placeholders: Placeholders,
): ExampleRequest {
  const operation = document.paths[path][method];
  const where = `${method.toUpperCase()} ${path}`;
  let url = path;
  const query = new URLSearchParams();
  const headers: Record<string, string> = {};
  for (const parameter of operation.parameters ?? []) {
    const filled = parameterValue(document, parameter, placeholders, where);
    if (filled === undefined) continue;
    if (parameter.in === 'path') url = url.replace(`{${parameter.name}}`, encodeURIComponent(String(filled)));
    if (parameter.in === 'query')
      for (const item of [filled].flat()) query.append(parameter.name, String(item));
    if (parameter.in === 'header') headers[parameter.name] = String(filled);
  }
  const search = query.toString();
  const schema = operation.requestBody?.content['application/json']?.schema;
  const body = schema === undefined ? undefined : composeValue(document, 'body', schema, placeholders, where);
  const formSchema = operation.requestBody?.content['multipart/form-data']?.schema;
  const form = formSchema && composeForm(document, formSchema, placeholders, where);
  return { method, url: search ? `${url}?${search}` : url, headers, body, ...(form ? { form } : {}) };
}

/** A form's text fields from their examples; its binary properties are file parts. */
function composeForm(
  document: OpenApiDocument,
  raw: Schema,
  placeholders: Placeholders,
  where: string,
): { fields: Record<string, string>; files: string[] } {
  const fields: Record<string, string> = {};
  const files: string[] = [];
  for (const [name, property] of Object.entries(resolve(document, raw).properties ?? {})) {
    const schema = resolve(document, property);
    if (isFile(schema)) files.push(name);
    else {
      const value = composeValue(document, name, schema, placeholders, where);
      if (value !== undefined) fields[name] = String(value);
    }
  }
  return { fields, files };
}

/** How a file part is written: OpenAPI 3.1's contentMediaType, or 3.0's `format: binary`. */
const isFile = (schema: Schema) =>
  schema.type === 'string' && (schema.contentMediaType !== undefined || schema.format === 'binary');

/** A parameter's example (or, for a path or required uuid without one, the fixture's id); else undefined. */
function parameterValue(
  document: OpenApiDocument,
  parameter: Parameter,
  placeholders: Placeholders,
  where: string,
): unknown {
  const schema = resolve(document, parameter.schema ?? {});
  const example = parameter.example ?? schema.example;
  if (example !== undefined) return placeholder(parameter.name, schema, example, placeholders, where);
  if (parameter.in !== 'path' && !(parameter.required && isUuid(schema))) return undefined;
  const id = placeholders.ids[parameter.name];
  if (id === undefined) throw new Error(`${where}: no example and no fixture id for {${parameter.name}}`);
  return id;
}

/** A schema's example, else its composition from its properties or items; undefined when neither. */
function composeValue(
  document: OpenApiDocument,
  name: string,
  raw: Schema,
  placeholders: Placeholders,
  where: string,
  required = false,
): unknown {
  const schema = resolve(document, raw);
  if (schema.example !== undefined) return placeholder(name, schema, schema.example, placeholders, where);
  if (required && isUuid(schema)) return placeholder(name, schema, undefined, placeholders, where);
  if (schema.properties) {
    const requiredKeys = (schema.required as string[] | undefined) ?? [];
    const entries = Object.entries(schema.properties)
      .map(([key, property]) => {
        const composed = composeValue(
          document,
          key,
          property,
          placeholders,
          where,
          requiredKeys.includes(key),
        );
        return [key, composed] as const;
      })
      .filter(([, composed]) => composed !== undefined);
    return Object.fromEntries(entries);
  }
  if (schema.type === 'array' && schema.items) {
    const item = composeValue(document, name, schema.items, placeholders, where);
    return item === undefined ? undefined : [item];
  }
  return undefined;
}

/**
 * `$ref` and `allOf` merged into one schema, the outer keywords (its own example) winning; a
 * nullable one (`oneOf: [X, {type: 'null'}]`) is composed as X, as Swagger UI does.
 */
export function resolve(document: OpenApiDocument, schema: Schema): Schema {
  if (schema.oneOf) {
    const { oneOf, ...rest } = schema;
    const value = oneOf.find((branch) => branch.type !== 'null');
    return value ? resolve(document, { ...resolve(document, value), ...rest }) : rest;
  }
  if (schema.$ref) {
    const { $ref, ...rest } = schema;
    return resolve(document, { ...document.components.schemas[$ref.split('/').pop()!], ...rest });
  }
  if (schema.allOf) {
    const { allOf, ...rest } = schema;
    return allOf.reduce<Schema>((merged, part) => ({ ...resolve(document, part), ...merged }), rest);
  }
  return schema;
}

function placeholder(
  name: string,
  schema: Schema,
  example: unknown,
  { ids, secrets = {} }: Placeholders,
  where: string,
): unknown {
  if (!isUuid(schema)) return name in secrets ? secrets[name] : example;
  const id = ids[name];
  if (id === undefined) throw new Error(`${where}: the fixture gives no id for the uuid "${name}"`);
  return Array.isArray(example) ? [id] : id;
}

const isUuid = (schema: Schema) =>
  schema.format === 'uuid' || (schema.type === 'array' && schema.items?.format === 'uuid');
