import type { JsonSchema } from './json-schema';

/**
 * What third parties get of an internal payload: the members its published schema names, at
 * every depth, and nothing else. A publisher adding a field (a new internal detail, personal data)
 * therefore changes nothing for integrators until the schema, the contract, lists it in a new
 * version; a field the schema names but the payload lacks is caught by the schema tests.
 */
export function project(value: unknown, schema: JsonSchema, components: Record<string, JsonSchema>): unknown {
  const resolved = resolve(schema, components);
  if (resolved.oneOf) {
    if (value === null) return null;
    const objectBranch = resolved.oneOf.map((s) => resolve(s, components)).find((s) => s.properties);
    return objectBranch ? project(value, objectBranch, components) : value;
  }
  if (!resolved.properties || value === null || typeof value !== 'object' || Array.isArray(value))
    return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(resolved.properties)) {
    if (name in source) out[name] = project(source[name], member, components);
  }
  return out;
}

function resolve(schema: JsonSchema, components: Record<string, JsonSchema>): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const target = components[name];
  if (!target) throw new Error(`No schema ${name}`);
  return resolve(target, components);
}
