import { isIP } from 'node:net';

/**
 * Which IP addresses a webhook may never reach: everything that is not an ordinary public
 * unicast address. Pure, so the table is tested beside it (internal-address.spec.ts).
 */

/** An address as 4 (IPv4) or 16 (IPv6) bytes. */
type Bytes = number[];

/**
 * An IP address in the one spelling the URL parser gives it (`127.0.0.1`, `::ffff:7f00:1`), from
 * any form it accepts: `0x7f.1`, `2130706433`, `[::127.0.0.1]`...; undefined when not an address.
 */
export function canonicalIp(text: string): string | undefined {
  const bare = text.trim().replace(/^\[(.*)\]$/, '$1');
  if (bare === '' || bare.includes('%')) return undefined; // no zone ids: they name an interface
  let host: string;
  try {
    host = new URL(`http://${bare.includes(':') ? `[${bare}]` : bare}/`).hostname;
  } catch {
    return undefined;
  }
  host = host.replace(/^\[(.*)\]$/, '$1');
  return isIP(host) ? host : undefined;
}

function bytesOf(ip: string): Bytes {
  if (isIP(ip) === 4) return ip.split('.').map(Number);
  // Canonical IPv6 from the URL parser: hex groups, at most one `::`, no dotted tail.
  const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, undefined];
  const groups = (part: string | undefined) =>
    part ? part.split(':').map((g) => parseInt(g, 16)) : [];
  const front = groups(head);
  const back = groups(tail);
  const all = [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

/** A range: its prefix, its length in bits, and what it is. */
type Range = [prefix: string, bits: number, name: string];

const IPV4_RANGES: Range[] = [
  ['0.0.0.0', 8, 'unspecified ("this network")'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared (carrier-grade NAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, '6to4 relay'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved (and broadcast)'],
];

const IPV6_RANGES: Range[] = [
  // Unspecified, loopback and the deprecated IPv4-compatible form (::127.0.0.1).
  ['::', 96, 'unspecified, loopback or IPv4-compatible'],
  ['::ffff:0:0', 96, 'IPv4-mapped'],
  ['::ffff:0:0:0', 96, 'IPv4-translated'],
  ['64:ff9b::', 96, 'NAT64 (IPv4-embedded)'],
  ['64:ff9b:1::', 48, 'local NAT64 (IPv4-embedded)'],
  ['100::', 64, 'discard-only'],
  ['2001::', 23, 'IETF protocol assignments (Teredo, benchmarking...)'],
  ['2001:db8::', 32, 'documentation'],
  ['2002::', 16, '6to4 (IPv4-embedded)'],
  ['3fff::', 20, 'documentation'],
  ['fc00::', 7, 'unique-local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

function inRange(address: Bytes, [prefix, bits]: Range): boolean {
  const start = bytesOf(prefix);
  for (let bit = 0; bit < bits; bit += 8) {
    const mask = bits - bit >= 8 ? 0xff : (0xff << (8 - (bits - bit))) & 0xff;
    if ((address[bit / 8] & mask) !== (start[bit / 8] & mask)) return false;
  }
  return true;
}

/**
 * What kind of internal address this is (`loopback`, `private`, `site-local`...), or undefined
 * for a public unicast address. Anything that is not an IP address at all counts as internal:
 * a check must never pass by failing to parse.
 */
export function internalRange(address: string): string | undefined {
  const ip = canonicalIp(address);
  if (!ip) return 'not an IP address';
  const bytes = bytesOf(ip);
  const ranges = bytes.length === 4 ? IPV4_RANGES : IPV6_RANGES;
  return ranges.find((range) => inRange(bytes, range))?.[2];
}

/** Whether a webhook must not reach this address (see {@link internalRange}). */
export function isInternalAddress(address: string): boolean {
  return internalRange(address) !== undefined;
}
