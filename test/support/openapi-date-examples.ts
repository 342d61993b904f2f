const DATE_FORMATS = new Set(['date', 'date-time']);

const isDate = (schema: unknown) =>
  DATE_FORMATS.has((schema as { format?: string } | undefined)?.format ?? '');

/**
 * The document with every example of a date or date-time (on a schema, or on a parameter of such a
 * schema) replaced by `<date>`. Those examples are computed from today (src/platform/http/example-dates)
 * so that they always pass the rules judging dates against today; the committed openapi.json would
 * otherwise differ from the served document the day after it was written.
 */
export function maskDateExamples<T>(document: T): T {
  const mask = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(mask);
    if (!node || typeof node !== 'object') return node;
    const copy = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, mask(value)]));
    const dated = isDate(copy) || isDate(copy.schema);
    return dated && copy.example !== undefined ? { ...copy, example: '<date>' } : copy;
  };
  return mask(document) as T;
}
