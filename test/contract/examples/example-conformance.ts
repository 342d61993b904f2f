import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { nullableAsJsonSchema } from '../../hardening/support/response-conformance';
import type { OpenApiDocument, Schema } from './compose-example';
import { composeExampleRequest } from './compose-example';

/** Stands in for every id, so the documented example itself is checked, not the fixture's values. */
const ANY_ID = '00000000-0000-4000-8000-000000000000';
const anyIds = new Proxy({}, { get: () => ANY_ID }) as Record<string, string>;

/**
 * What is wrong with an operation's documented example request by the document's own rules
 * (lengths, patterns, enums, formats, required members): an example that breaks its own schema
 * would be refused however the fixture is set up.
 */
export function exampleViolations(document: OpenApiDocument, path: string, method: string): string[] {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const components = nullableAsJsonSchema(document.components) as OpenApiDocument['components'];
  const check = (where: string, schema: Schema | undefined, value: unknown) => {
    if (!schema || value === undefined) return [];
    const validate = ajv.compile({ ...(nullableAsJsonSchema(schema) as Schema), components });
    if (validate(value)) return [];
    return (validate.errors ?? []).map(
      (e) => `${where}${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`,
    );
  };
  const operation = document.paths[path][method];
  const example = composeExampleRequest(document, path, method, { ids: anyIds });
  const parameters = (operation.parameters ?? []).flatMap((parameter) =>
    check(
      `${parameter.in} ${parameter.name}`,
      parameter.schema,
      parameter.example ?? parameter.schema?.example,
    ),
  );
  const bodySchema = operation.requestBody?.content['application/json']?.schema;
  return [...parameters, ...check('body', bodySchema, example.body)];
}
