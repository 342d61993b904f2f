/**
 * The bounded contexts a process can host. `CONTEXTS` picks some (default: all, the monolith); the
 * schema of each context is its name. Kept here, not derived from the module folders, because the
 * configuration is validated before any module loads; an architecture test checks the two agree.
 */
export const CONTEXT_NAMES = [
  'identity',
  'catalog',
  'rental',
  'messaging',
  'review',
  'payment',
  'subscription',
  'trust',
  'integration',
  'notification',
] as const;

export type ContextName = (typeof CONTEXT_NAMES)[number];

export function isContextName(value: string): value is ContextName {
  return (CONTEXT_NAMES as readonly string[]).includes(value);
}

/** `identity,catalog` or `all`/empty (every context), in the canonical order; unknown names throw. */
export function parseContexts(value: string | undefined): ContextName[] {
  const names = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0 || (names.length === 1 && names[0] === 'all')) return [...CONTEXT_NAMES];
  const unknown = names.filter((n) => !isContextName(n));
  if (unknown.length > 0) throw new Error(`unknown context ${unknown.join(', ')}`);
  return CONTEXT_NAMES.filter((n) => names.includes(n));
}

/**
 * `catalog=http://catalog:3000,payment=http://money:3000`: where each context this process does not
 * host is served. Unknown context names and non-http(s) URLs throw.
 */
export function parseContextUrls(value: string | undefined): Partial<Record<ContextName, string>> {
  const urls: Partial<Record<ContextName, string>> = {};
  for (const entry of (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const at = entry.indexOf('=');
    const name = entry.slice(0, at).trim();
    const url = entry.slice(at + 1).trim();
    if (at <= 0 || !isContextName(name)) throw new Error(`unknown context in "${entry}"`);
    if (!/^https?:\/\/[^\s/]+(\/.*)?$/.test(url)) throw new Error(`"${url}" is not an http(s) URL`);
    urls[name] = url.replace(/\/+$/, '');
  }
  return urls;
}
