/** How a tag is compared: "  Power   Tools " and "power tools" are the same tag. */
export function tagKey(name: string): string {
  return normalizeTagName(name).toLowerCase();
}

export function normalizeTagName(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ');
}

/** The owner's tags, cleaned, first spelling kept, duplicates (case-insensitive) dropped, in order. */
export function distinctTags(names: string[]): { name: string; key: string }[] {
  const seen = new Map<string, string>();
  for (const raw of names) {
    const name = normalizeTagName(raw);
    const key = name.toLowerCase();
    if (name.length > 0 && !seen.has(key)) seen.set(key, name);
  }
  return [...seen].map(([key, name]) => ({ name, key }));
}
