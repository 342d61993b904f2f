export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * Owners describe their things with free key/value specifications ({ "power": "18 V" }). They are
 * stored as JSON and returned as given, so their size and shape are bounded here.
 */
export const SPECIFICATION_LIMITS = {
  maxBytes: 8 * 1024,
  maxKeys: 50,
  maxKeyLength: 50,
  /** An object inside the top-level object may hold primitives or arrays of primitives, no deeper. */
  maxDepth: 2,
  maxArrayItems: 20,
  maxStringLength: 500,
} as const;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** What is wrong with a specifications value; empty when it is acceptable. */
export function specificationViolations(value: unknown): string[] {
  const L = SPECIFICATION_LIMITS;
  if (!isPlainObject(value)) return ['specifications must be a JSON object'];
  const problems: string[] = [];
  if (Buffer.byteLength(JSON.stringify(value), 'utf8') > L.maxBytes)
    problems.push(`specifications must be at most ${L.maxBytes} bytes of JSON`);
  let keys = 0;
  const visit = (node: unknown, path: string, depth: number): void => {
    if (node === null || typeof node === 'boolean' || typeof node === 'string' || typeof node === 'number') {
      if (typeof node === 'number' && !Number.isFinite(node))
        problems.push(`${path} must be a finite number`);
      if (typeof node === 'string' && node.length > L.maxStringLength)
        problems.push(`${path} must be at most ${L.maxStringLength} characters`);
      return;
    }
    if (Array.isArray(node)) {
      if (node.length > L.maxArrayItems) problems.push(`${path} must have at most ${L.maxArrayItems} items`);
      node.forEach((item, i) => {
        if (typeof item === 'object' && item !== null) problems.push(`${path}[${i}] must be a plain value`);
        else visit(item, `${path}[${i}]`, depth);
      });
      return;
    }
    if (!isPlainObject(node)) {
      problems.push(`${path} must be a JSON value`);
      return;
    }
    if (depth >= L.maxDepth) {
      problems.push(`${path} nests too deeply (at most ${L.maxDepth} levels)`);
      return;
    }
    for (const [key, child] of Object.entries(node)) {
      keys++;
      if (key.trim().length === 0 || key.length > L.maxKeyLength)
        problems.push(`specifications keys must be 1 to ${L.maxKeyLength} characters`);
      visit(child, `${path}.${key}`, depth + 1);
    }
  };
  visit(value, 'specifications', 0);
  if (keys > L.maxKeys) problems.push(`specifications must have at most ${L.maxKeys} keys in all`);
  return [...new Set(problems)];
}
