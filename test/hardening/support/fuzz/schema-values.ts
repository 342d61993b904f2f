import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { isUuid } from '../../../../src/platform/http/uuid';
import type { Schema } from '../api-document';
import { anyJson, hostileString, longString } from './hostile';

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

const typeOf = (schema: Schema): string | undefined =>
  schema.type ?? (schema.properties ? 'object' : schema.items ? 'array' : undefined);

const isRealDate = (s: string) => {
  const date = new Date(`${s}T00:00:00Z`);
  return CALENDAR_DATE.test(s) && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(s);
};

/** A value the schema accepts, as far as the schema can tell (a base for one targeted violation). */
export function sample(schema: Schema, depth = 0): unknown {
  if (schema.enum) return schema.enum.find((v) => v !== null);
  switch (typeOf(schema)) {
    case 'string':
      return sampleString(schema);
    case 'integer':
    case 'number':
      return Math.min(Math.max(1, schema.minimum ?? 1), schema.maximum ?? Number.MAX_SAFE_INTEGER);
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sample(schema.items ?? {}, depth + 1));
    case 'object':
      if (depth > 4) return {};
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([name, property]) => [
          name,
          sample(property, depth + 1),
        ]),
      );
    default:
      return 'value';
  }
}

function sampleString(schema: Schema): string {
  switch (schema.format) {
    case 'uuid':
      return randomUUID();
    case 'date':
      return '2031-03-10';
    case 'date-time':
      return '2031-03-10T10:00:00.000Z';
    case 'email':
      return `fuzz-${randomUUID().slice(0, 8)}@example.com`;
    case 'uri':
      return 'https://images.example.com/fuzz.png';
  }
  if (schema.pattern === '^[A-Za-z]{2}$') return 'PT';
  if (schema.pattern === '^[A-Za-z]{3}$') return 'EUR';
  return 'a'.repeat(Math.max(schema.minLength ?? 1, 1));
}

/** What the JSON types other than the schema's own look like. */
const otherTypes = (type: string | undefined): fc.Arbitrary<unknown> => {
  const all: Record<string, fc.Arbitrary<unknown>> = {
    string: fc.oneof(hostileString(), fc.constantFrom('1', '0', 'true', '2031-03-10')),
    integer: fc.oneof(fc.integer(), fc.constant(0)),
    number: fc.double({ noNaN: true, noDefaultInfinity: true }),
    boolean: fc.boolean(),
    object: fc.oneof(fc.constant({}), fc.dictionary(fc.string({ maxLength: 8 }), anyJson(), { maxKeys: 3 })),
    array: fc.array(anyJson(), { maxLength: 3 }),
  };
  const numeric = type === 'integer' || type === 'number';
  return fc.oneof(
    ...Object.entries(all)
      .filter(([name]) => name !== type && !(numeric && (name === 'integer' || name === 'number')))
      .map(([, arbitrary]) => arbitrary),
  );
};

export interface Violation {
  value: unknown;
  why: string;
}

/**
 * Values the schema refuses, each with why: the wrong type, null where it is not nullable, too long
 * or too short, outside the range, not an integer, not in the enum, not of the format or pattern,
 * too many items, items that break the item schema, unknown properties.
 */
export function violations(schema: Schema): fc.Arbitrary<Violation> {
  const type = typeOf(schema);
  const options: fc.Arbitrary<Violation>[] = [
    otherTypes(type).map((value) => ({ value, why: `not a ${type}` })),
  ];
  if (!schema.nullable) options.push(fc.constant({ value: null, why: 'null' }));
  if (schema.enum) {
    options.push(
      hostileString()
        .filter((s) => !schema.enum!.includes(s))
        .map((value) => ({ value, why: 'not in the enum' })),
    );
  }
  if (type === 'string' && !schema.enum) options.push(...stringViolations(schema));
  if (type === 'integer' || type === 'number') options.push(...numberViolations(schema, type));
  if (type === 'array') {
    if (schema.maxItems !== undefined) {
      const item = sample(schema.items ?? {});
      options.push(
        fc.integer({ min: schema.maxItems + 1, max: schema.maxItems + 50 }).map((n) => ({
          value: Array.from({ length: n }, () => item),
          why: `more than ${schema.maxItems} items`,
        })),
      );
    }
    if (schema.items && typeOf(schema.items)) {
      options.push(violations(schema.items).map((v) => ({ value: [v.value], why: `an item ${v.why}` })));
    }
  }
  if (type === 'object' && schema.additionalProperties === false) {
    options.push(
      fc
        .tuple(fc.string({ minLength: 1, maxLength: 20 }), anyJson())
        .filter(([name]) => !(name in (schema.properties ?? {})) && name !== '__proto__')
        .map(([name, value]) => ({
          value: { ...(sample(schema) as object), [name]: value },
          why: `unknown property ${name}`,
        })),
    );
  }
  return fc.oneof(...options);
}

function stringViolations(schema: Schema): fc.Arbitrary<Violation>[] {
  const out: fc.Arbitrary<Violation>[] = [];
  if (schema.maxLength !== undefined) {
    const max = schema.maxLength;
    out.push(longString(max + 1, max + 64).map((value) => ({ value, why: `longer than ${max}` })));
    out.push(longString(100_000, 400_000).map((value) => ({ value, why: `far longer than ${max}` })));
  }
  if ((schema.minLength ?? 0) > 0) {
    const min = schema.minLength!;
    out.push(longString(0, min - 1).map((value) => ({ value, why: `shorter than ${min}` })));
  }
  const malformed = (test: (s: string) => boolean, why: string) =>
    fc
      .oneof(hostileString(), fc.constantFrom('2031-02-30', '2031-13-01', '20310310', '2031-03-10T00:00:00Z'))
      .filter((s) => !test(s))
      .map((value) => ({ value, why }));
  if (schema.format === 'uuid') out.push(malformed(isUuid, 'not a UUID'));
  if (schema.format === 'date') out.push(malformed(isRealDate, 'not a calendar date'));
  if (schema.format === 'date-time')
    out.push(malformed((s) => !Number.isNaN(Date.parse(s)), 'not an instant'));
  if (schema.format === 'email') out.push(malformed((s) => EMAIL.test(s), 'not an email'));
  if (schema.format === 'uri')
    out.push(malformed((s) => /^[a-z][a-z0-9+.-]*:\/\/[^\s]+$/i.test(s), 'not a URI'));
  if (schema.pattern) {
    const pattern = new RegExp(schema.pattern, 'u');
    out.push(malformed((s) => pattern.test(s), `not matching ${schema.pattern}`));
  }
  return out;
}

function numberViolations(schema: Schema, type: string): fc.Arbitrary<Violation>[] {
  const out: fc.Arbitrary<Violation>[] = [];
  if (schema.minimum !== undefined) {
    const min = schema.minimum;
    out.push(fc.constantFrom(min - 1, min - 1000, -1e308).map((value) => ({ value, why: `below ${min}` })));
  }
  if (schema.maximum !== undefined) {
    const max = schema.maximum;
    out.push(
      fc.constantFrom(max + 1, max * 1000 + 1, 1e308).map((value) => ({ value, why: `above ${max}` })),
    );
  }
  if (type === 'integer') {
    out.push(
      fc
        .double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true })
        .filter((n) => !Number.isInteger(n))
        .map((value) => ({ value, why: 'not an integer' })),
    );
  }
  return out;
}
