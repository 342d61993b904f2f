import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { OpenApiDocument } from './compose-example';
import { composeExampleRequest } from './compose-example';

/** Stands in for every id, so the documented example itself is checked, not the fixture's values. */
const ANY_ID = '00000000-0000-4000-8000-000000000000';
const anyIds = new Proxy({}, { get: () => ANY_ID }) as Record<string, string>;
const DOCUMENT_ID = 'served-openapi.json';

const escapePointer = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * What is wrong with an operation's documented example request by the document's own rules
 * (lengths, patterns, enums, formats, required members), with the JSON Schema 2020-12 validator the
 * answers are checked with: an example that breaks its own schema would be refused however the
 * fixture is set up.
 */
export function exampleViolations(document: OpenApiDocument): (path: string, method: string) => string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema(document, DOCUMENT_ID);
  return (path, method) => violationsOf(ajv, document, path, method);
}

function violationsOf(ajv: Ajv2020, document: OpenApiDocument, path: string, method: string): string[] {
  const at = (...segments: (string | number)[]) =>
    `${DOCUMENT_ID}#/${['paths', path, method, ...segments].map((s) => escapePointer(String(s))).join('/')}`;
  const check = (where: string, pointer: string, value: unknown) => {
    if (value === undefined) return [];
    const validate = ajv.compile({ $ref: pointer });
    if (validate(value)) return [];
    return (validate.errors ?? []).map(
      (e) => `${where}${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`,
    );
  };
  const operation = document.paths[path][method];
  const parameters = (operation.parameters ?? []).flatMap((parameter, index) =>
    check(
      `${parameter.in} ${parameter.name}`,
      at('parameters', index, 'schema'),
      parameter.example ?? parameter.schema?.example,
    ),
  );
  const hasJsonBody = operation.requestBody?.content['application/json']?.schema !== undefined;
  if (!hasJsonBody) return parameters;
  const { body } = composeExampleRequest(document, path, method, { ids: anyIds });
  return [...parameters, ...check('body', at('requestBody', 'content', 'application/json', 'schema'), body)];
}
