import { isIP } from 'node:net';

/**
 * Which addresses a webhook may be sent to: public unicast only. Refused, for IPv4 and IPv6 alike
 * (and IPv4 inside IPv6: mapped, compatible, NAT64, 6to4): loopback, private, shared (CGNAT),
 * link-local (with the cloud metadata service at 169.254.169.254), multicast, documentation,
 * benchmarking and reserved ranges. Checked on every resolved address of every delivery, since DNS
 * answers change; the connection then goes to the address checked, never to a second lookup.
 */
export type AddressVerdict =
  | { allowed: true }
  | {
      allowed: false;
      reason: 'loopback' | 'private' | 'link-local' | 'metadata' | 'multicast' | 'reserved' | 'invalid';
    };

type Refusal = Exclude<AddressVerdict, { allowed: true }>['reason'];

const V4_RANGES: [string, number, Refusal][] = [
  ['169.254.169.254', 32, 'metadata'],
  ['0.0.0.0', 8, 'reserved'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'private'], // shared address space (CGNAT), Alibaba's metadata service too
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

/** IPv6 prefixes (as the first bits of the 128), those embedding IPv4 handled apart. */
const V6_RANGES: [string, number, Refusal][] = [
  ['fd00:ec2::254', 128, 'metadata'], // AWS's IPv6 metadata endpoint (inside fc00::/7 as well)
  ['::', 128, 'reserved'],
  ['::1', 128, 'loopback'],
  ['100::', 64, 'reserved'], // discard-only
  ['64:ff9b:1::', 48, 'private'], // local-use NAT64
  ['2001::', 32, 'reserved'], // Teredo: tunnels to an embedded, obfuscated IPv4
  ['2001:2::', 48, 'reserved'],
  ['2001:10::', 28, 'reserved'],
  ['2001:20::', 28, 'reserved'],
  ['2001:db8::', 32, 'reserved'],
  ['3fff::', 20, 'reserved'],
  ['fc00::', 7, 'private'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'private'],
  ['ff00::', 8, 'multicast'],
];

export function classifyAddress(address: string): AddressVerdict {
  const family = isIP(address);
  if (family === 4) return classifyV4(v4ToNumber(address));
  if (family === 6) {
    if (address.includes('%')) return { allowed: false, reason: 'link-local' }; // a zone id
    return classifyV6(v6ToBytes(address));
  }
  return { allowed: false, reason: 'invalid' };
}

function classifyV4(value: number): AddressVerdict {
  for (const [base, bits, reason] of V4_RANGES) {
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    if ((value & mask) >>> 0 === (v4ToNumber(base) & mask) >>> 0) return { allowed: false, reason };
  }
  return { allowed: true };
}

function classifyV6(bytes: number[]): AddressVerdict {
  const embedded = embeddedV4(bytes);
  // An IPv4 behind an IPv6 form (mapped, compatible, NAT64, 6to4) is judged as itself.
  if (embedded !== null) return classifyV4(embedded);
  for (const [base, bits, reason] of V6_RANGES) {
    if (prefixMatches(bytes, v6ToBytes(base), bits)) return { allowed: false, reason };
  }
  return { allowed: true };
}

/** The IPv4 inside ::ffff:a.b.c.d, ::a.b.c.d, 64:ff9b::a.b.c.d (NAT64) or 2002:AABB:CCDD:: (6to4). */
function embeddedV4(bytes: number[]): number | null {
  const tail = ((bytes[12] << 24) | (bytes[13] << 16) | (bytes[14] << 8) | bytes[15]) >>> 0;
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return tail; // mapped
  if (zeros(0, 12) && tail > 1) return tail; // IPv4-compatible (deprecated); :: and ::1 are not
  if (prefixMatches(bytes, v6ToBytes('64:ff9b::'), 96)) return tail; // NAT64
  if (bytes[0] === 0x20 && bytes[1] === 0x02)
    return ((bytes[2] << 24) | (bytes[3] << 16) | (bytes[4] << 8) | bytes[5]) >>> 0; // 6to4
  return null;
}

function prefixMatches(bytes: number[], base: number[], bits: number): boolean {
  for (let i = 0; i < 16 && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((bytes[i] & mask) !== (base[i] & mask)) return false;
  }
  return true;
}

function v4ToNumber(address: string): number {
  return address.split('.').reduce((acc, part) => ((acc << 8) | Number(part)) >>> 0, 0);
}

/** The 16 bytes of a textual IPv6 address (with `::` and a trailing dotted IPv4 expanded). */
function v6ToBytes(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = v4ToNumber(dotted[1]);
    text = `${text.slice(0, -dotted[1].length)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? headGroups
      : [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  return groups.flatMap((g) => {
    const n = parseInt(g || '0', 16);
    return [n >> 8, n & 0xff];
  });
}
