import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Response } from 'supertest';
import type { ApiDocument, Operation, Schema } from './api-document';

/**
 * OpenAPI 3.0's `nullable: true` next to `allOf`/`$ref` (how @nestjs/swagger writes a nullable
 * object) means "this object or null" to every client generator; JSON Schema needs it spelled out.
 */
export function nullableAsJsonSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(nullableAsJsonSchema);
  if (!value || typeof value !== 'object') return value;
  const out = Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, nullableAsJsonSchema(v)]),
  ) as Schema;
  if (out.nullable && (out.allOf || out.oneOf || out.anyOf || out.$ref)) {
    const { nullable: _nullable, ...rest } = out;
    if (rest.type === 'object') delete rest.type;
    return { anyOf: [{ type: 'null' }, rest] };
  }
  return out;
}

/** Statuses the HTTP layer answers before any route (body too large, URL or head too long). */
const TRANSPORT_STATUSES = new Set([413, 414, 431]);

/**
 * Checks an answer against what the document promises for that operation: the status is
 * documented, and the body fits the documented schema for its content type (lengths, sizes,
 * formats, enums, required members...). A mismatch means the document or the API is wrong.
 */
export class ResponseConformance {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();
  private components?: ApiDocument['components'];

  constructor(private readonly document: ApiDocument) {
    addFormats(this.ajv);
  }

  check(op: Operation, res: Response): string[] {
    const declared = op.responses[String(res.status)];
    if (!declared) {
      return TRANSPORT_STATUSES.has(res.status)
        ? []
        : [`${op.key} answered ${res.status}, which it does not document`];
    }
    const type = String(res.headers['content-type'] ?? '')
      .split(';')[0]
      .trim();
    const schema = declared.content?.[type]?.schema;
    if (!schema) {
      const empty = res.text === undefined || res.text === '';
      return empty ? [] : [`${op.key} ${res.status}: ${type} is not documented`];
    }
    const key = `${op.key} ${res.status} ${type}`;
    let validate = this.validators.get(key);
    if (!validate) {
      this.components ??= nullableAsJsonSchema(this.document.components) as ApiDocument['components'];
      validate = this.ajv.compile({
        ...(nullableAsJsonSchema(schema) as Schema),
        components: this.components,
      });
      this.validators.set(key, validate);
    }
    if (validate(res.body)) return [];
    return (validate.errors ?? []).map(
      (e) =>
        `${op.key} ${res.status}: ${e.instancePath || '(body)'} ${e.message} ${JSON.stringify(e.params)}`,
    );
  }
}
