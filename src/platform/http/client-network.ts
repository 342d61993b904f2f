import { isIPv4, isIPv6 } from 'node:net';

/**
 * A network, not an address: enough for a person to recognise "my home" or "not me" in their
 * session list, without identity keeping where each device is. IPv4 to its /24, IPv6 to its /48;
 * an IPv4-mapped IPv6 address (`::ffff:203.0.113.7`, how dual-stack sockets report IPv4) is IPv4.
 */
export function ipPrefix(ip: string | null | undefined): string | null {
  if (!ip) return null;
  const address = ip
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return ipPrefix(mapped[1]);
  if (isIPv4(address)) return `${address.split('.').slice(0, 3).join('.')}.0/24`;
  if (!isIPv6(address)) return null;
  const groups = expandIPv6(address);
  if (!groups) return null;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff)
    return ipPrefix(`${groups[6] >> 8}.${groups[6] & 255}.${groups[7] >> 8}.${groups[7] & 255}`);
  // RFC 5952 form: the zero groups after the prefix are the longest run, so `::` stands for them.
  const kept = groups.slice(0, 3);
  while (kept.length > 0 && kept[kept.length - 1] === 0) kept.pop();
  return `${kept.map((g) => g.toString(16)).join(':')}::/48`;
}

/** The eight 16-bit groups of a valid IPv6 address (with `::` and an embedded IPv4 tail). */
function expandIPv6(address: string): number[] | null {
  let text = address.toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1].split('.').map(Number);
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const parse = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  const groups =
    tail === undefined
      ? left
      : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff)
    ? groups
    : null;
}
