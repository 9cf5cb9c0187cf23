// Which addresses payesh may connect to. Private and loopback ranges are refused unless
// --allow-private is given (bare: every private address; with a list: only those addresses and
// ranges), and the check runs on the address actually dialled (after DNS and --resolve), so a
// public name that resolves to 127.0.0.1 is refused too.
import { BlockList, isIP } from 'node:net';

const privateRanges = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  privateRanges.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
  ['100::', 64], // discard-only (RFC 6666)
] as const) {
  privateRanges.addSubnet(net, prefix, 'ipv6');
}

/**
 * IPv6 forms that carry an IPv4 address which the network may deliver to (RFC 6052 NAT64
 * 64:ff9b::/96 and 64:ff9b:1::/48, RFC 3056 6to4 2002::/16, IPv4-mapped ::ffff:0:0/96, the
 * deprecated IPv4-compatible ::/96 of RFC 4291, and Teredo 2001::/32 whose client address is
 * the last 32 bits inverted). Returns the embedded IPv4 address, or null.
 */
export function embeddedIpv4(address: string): string | null {
  if (isIP(address) !== 6) return null;
  const words = expandIpv6(address);
  if (!words) return null;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zero = (from: number, to: number) => words.slice(from, to).every((w) => w === 0);
  if (zero(0, 5) && words[5] === 0xffff) return v4(words[6], words[7]); // ::ffff:a.b.c.d
  if (zero(0, 6) && (words[6] !== 0 || words[7] > 1)) return v4(words[6], words[7]); // ::a.b.c.d
  if (words[0] === 0x64 && words[1] === 0xff9b && zero(2, 6)) return v4(words[6], words[7]); // NAT64
  if (words[0] === 0x64 && words[1] === 0xff9b && words[2] === 1) return v4(words[6], words[7]); // local NAT64
  if (words[0] === 0x2002) return v4(words[1], words[2]); // 6to4
  if (words[0] === 0x2001 && words[1] === 0) return v4(words[6] ^ 0xffff, words[7] ^ 0xffff); // Teredo
  return null;
}

/** Eight 16-bit words of an IPv6 address (dotted IPv4 tail allowed), or null. */
function expandIpv6(address: string): number[] | null {
  let a = address.toLowerCase().replace(/%.*$/, '');
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(a);
  if (tail) {
    const [b0, b1, b2, b3] = tail.slice(1).map(Number);
    a = a.slice(0, tail.index) + `${((b0 << 8) | b1).toString(16)}:${((b2 << 8) | b3).toString(16)}`;
  }
  const halves = a.split('::');
  if (halves.length > 2) return null;
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((w) => parseInt(w, 16)));
  const head = parse(halves[0]);
  const rest = halves.length === 2 ? parse(halves[1]) : [];
  const fill = 8 - head.length - rest.length;
  if (fill < 0 || (halves.length === 1 && fill !== 0)) return null;
  const words = [...head, ...Array<number>(halves.length === 2 ? fill : 0).fill(0), ...rest];
  return words.length === 8 && words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffff)
    ? words
    : null;
}

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return privateRanges.check(address, 'ipv4');
  if (family === 6) {
    if (privateRanges.check(address, 'ipv6')) return true;
    // An IPv4-mapped address is judged by its IPv4 address; IPv4-compatible, NAT64, 6to4 and
    // Teredo addresses are refused whole: each reaches an IPv4 host through a translating hop.
    const v4 = embeddedIpv4(address);
    if (v4 === null) return false;
    return /^::ffff:/i.test(address) ? privateRanges.check(v4, 'ipv4') : true;
  }
  return false;
}

/** RFC 6761: localhost and every name under it are loopback, whatever DNS says. */
export function isLocalhostName(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost');
}

/** What --allow-private permits: nothing, everything, or listed addresses and ranges. */
export type PrivateAllowance = boolean | string[];

/** Parse --allow-private values ("127.0.0.5/32", "10.1.2.3", "fd00::/8"); throws on a bad one. */
export function parseAllowList(specs: string[]): string[] {
  const out: string[] = [];
  for (const raw of specs
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([^/]+)(?:\/(\d{1,3}))?$/.exec(raw);
    const addr = m?.[1].replace(/^\[|\]$/g, '') ?? '';
    const family = isIP(addr);
    const prefix = m?.[2] === undefined ? (family === 6 ? 128 : 32) : Number(m[2]);
    if (!m || family === 0 || prefix > (family === 6 ? 128 : 32))
      throw new Error(
        `--allow-private ${raw}: expected an address or CIDR range such as 127.0.0.5/32 ` +
          '(a bare --allow-private takes no value: give it after the arguments)',
      );
    out.push(`${addr}/${prefix}`);
  }
  return out;
}

const allowLists = new Map<string, BlockList>();
function allowListOf(ranges: string[]): BlockList {
  const key = ranges.join(',');
  let list = allowLists.get(key);
  if (!list) {
    list = new BlockList();
    for (const r of ranges) {
      const [addr, prefix] = r.split('/');
      list.addSubnet(addr, Number(prefix), isIP(addr) === 6 ? 'ipv6' : 'ipv4');
    }
    allowLists.set(key, list);
  }
  return list;
}

/** Whether the policy refuses dialling address. */
export function isRefusedAddress(policy: { allowPrivate: PrivateAllowance }, address: string): boolean {
  if (!isPrivateAddress(address)) return false;
  const allow = policy.allowPrivate;
  if (allow === true) return false;
  if (allow === false || allow.length === 0) return true;
  const list = allowListOf(allow);
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  if (list.check(address, family)) return false;
  const v4 = embeddedIpv4(address);
  return !(v4 !== null && /^::ffff:/i.test(address) && list.check(v4, 'ipv4'));
}

/** Whether any private address may be reached at all (the cheap pre-check callers skip with). */
export function allowsAllPrivate(policy: { allowPrivate: PrivateAllowance }): boolean {
  return policy.allowPrivate === true;
}

export class BlockedAddressError extends Error {
  override name = 'BlockedAddressError';
  readonly code = 'EPAYESHPRIVATE';
  constructor(host: string, address: string) {
    super(
      `${host} resolves to private or loopback address ${address}; refused (use --allow-private to permit)`,
    );
  }
}
