/** The JSON Schema 2020-12 subset the published event schemas use (OpenAPI 3.1 schemas alike). */
export interface JsonSchema {
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: readonly (string | number | null)[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  oneOf?: JsonSchema[];
  discriminator?: { propertyName: string; mapping: Record<string, string> };
  $ref?: string;
  description?: string;
  example?: unknown;
}

export const componentRef = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

export const uuid = (description?: string): JsonSchema => ({
  type: 'string',
  format: 'uuid',
  pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
  minLength: 36,
  maxLength: 36,
  ...(description ? { description } : {}),
});

export const day = (description: string): JsonSchema => ({
  type: 'string',
  format: 'date',
  maxLength: 10,
  description,
});

export const instant = (description: string): JsonSchema => ({
  type: 'string',
  format: 'date-time',
  maxLength: 32,
  description,
});

export const oneOfValues = (values: readonly string[], description?: string): JsonSchema => ({
  type: 'string',
  enum: values,
  ...(description ? { description } : {}),
});

export const integer = (minimum: number, maximum: number, description?: string): JsonSchema => ({
  type: 'integer',
  format: maximum > 2_147_483_647 ? 'int64' : 'int32',
  minimum,
  maximum,
  ...(description ? { description } : {}),
});

/** The same schema, or null. */
export function orNull(schema: JsonSchema): JsonSchema {
  if (schema.$ref) return { oneOf: [schema, { type: 'null' }] };
  const type = Array.isArray(schema.type) ? schema.type : [schema.type as string];
  return {
    ...schema,
    type: [...type, 'null'],
    ...(schema.enum ? { enum: [...schema.enum, null] } : {}),
  };
}

/** A closed object: every property required (nullable ones say null rather than being left out). */
export const object = (properties: Record<string, JsonSchema>, description?: string): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  required: Object.keys(properties),
  properties,
  ...(description ? { description } : {}),
});
