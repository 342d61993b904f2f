import { Transform } from 'class-transformer';
import type { ValidationOptions } from 'class-validator';
import { ValidateBy } from 'class-validator';

/**
 * The one rule for an id in a path, a query or a body: the textual form of RFC 9562, 32 hexadecimal
 * digits grouped 8-4-4-4-12, either case, any version and variant. Version and variant bits are not
 * checked: the nil and max UUIDs are UUIDs, and ids derived from hashes (seeds, benchmarks, imports)
 * need not carry them. It is what JSON Schema's `format: uuid` means (ajv-formats) without its
 * `urn:uuid:` prefix, written with explicit cases because an OpenAPI `pattern` carries no flags.
 */
export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const UUID = new RegExp(UUID_PATTERN);

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** How the document states the rule, on every id it describes. */
export const UUID_SCHEMA = { format: 'uuid', pattern: UUID_PATTERN, minLength: 36, maxLength: 36 } as const;
export const UUID_RULE =
  'UUIDs in the text form of RFC 9562: 32 hexadecimal digits grouped 8-4-4-4-12, either case, ' +
  `any version or variant (pattern \`${UUID_PATTERN}\`, no braces, no \`urn:uuid:\` prefix); answers ` +
  'write them lower-case. A malformed id is a 422 naming its field, alike in a path, a query or a body; ' +
  'a well-formed id that names nothing is a 404 in a path, and in a query or a body what the operation ' +
  'documents (an empty list, a 404, or a 422 with its own code).';

/** The constraint name the document builder (openapi-validation.ts) reads. */
export const IS_UUID = 'isUuid';

export const uuidMessage = (field: string) => `${field} must be a UUID`;

/**
 * A body or query id: refused (422, "<field> must be a UUID") unless it follows the rule, and
 * lower-cased, so the code compares and stores ids in one spelling whatever case the client used.
 */
export function IsUuid(options?: ValidationOptions): PropertyDecorator {
  const lower = (value: unknown) => (isUuid(value) ? value.toLowerCase() : value);
  const lowerCase = Transform(({ value }) =>
    options?.each && Array.isArray(value) ? value.map(lower) : lower(value),
  );
  const validate = ValidateBy(
    {
      name: IS_UUID,
      validator: { validate: isUuid, defaultMessage: () => uuidMessage('$property') },
    },
    options,
  );
  return (target, property) => {
    lowerCase(target, property);
    validate(target, property);
  };
}
