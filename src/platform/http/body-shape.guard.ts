import { DomainError } from '../errors/domain-error';

/** Deeper than any request of this API needs; far below what would exhaust the validator's stack. */
export const MAX_BODY_DEPTH = 32;
/** More keys and array items, in all, than any request of this API needs. */
export const MAX_BODY_NODES = 5000;

/**
 * Refuses pathological JSON before validation: a body nested 10,000 levels deep would overflow
 * the recursive transformer and validator (a 500), and 60,000 unknown keys would cost seconds of
 * CPU to report one by one. Iterative, so the check itself cannot overflow.
 */
export function assertReasonableBody(body: unknown): void {
  if (typeof body === 'string') assertStorableText(body);
  if (body === null || typeof body !== 'object') return;
  const stack: { value: unknown; depth: number }[] = [{ value: body, depth: 1 }];
  let nodes = 0;
  while (stack.length > 0) {
    const { value, depth } = stack.pop() as { value: unknown; depth: number };
    if (typeof value === 'string') assertStorableText(value);
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_BODY_DEPTH) throw tooComplex(`The body nests deeper than ${MAX_BODY_DEPTH} levels`);
    const children = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
    if (!Array.isArray(value)) for (const key of Object.keys(value)) assertStorableText(key);
    nodes += children.length;
    if (nodes > MAX_BODY_NODES) throw tooComplex(`The body holds more than ${MAX_BODY_NODES} values`);
    for (const child of children) stack.push({ value: child, depth: depth + 1 });
  }
}

/** PostgreSQL text cannot hold U+0000; refuse it up front instead of failing at INSERT. */
function assertStorableText(text: string): void {
  if (text.includes('\u0000')) throw tooComplex('Text must not contain the NUL character (U+0000)');
}

/** A JSON `null` where the route expects an object. */
export const nullBody = () =>
  new DomainError('VALIDATION.BODY_REQUIRED', 'validation', 'The request body must be a JSON object', {
    errors: [{ field: 'body', message: 'body must be a JSON object' }],
  });

const tooComplex = (detail: string) =>
  new DomainError('VALIDATION.BODY_TOO_COMPLEX', 'validation', detail, {
    errors: [{ field: 'body', message: detail }],
  });
