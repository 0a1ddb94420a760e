import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { AppError } from '../errors/app-error.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** The outcome of checking one resolved address against the SSRF policy. */
export interface AddressVerdict {
  /** True when the fetcher must not connect to this address. */
  blocked: boolean;
  /**
   * Why: the ipaddr.js range name ("unicast", "loopback", "private", "linkLocal", "reserved"…),
   * "allowed" when an allowPrivate entry exempts it, "invalid" for text that is not an IP address.
   * Embedded IPv4 addresses are reported as e.g. "loopback (IPv4-mapped)".
   */
  range: string;
}

/** Decides which addresses the fetcher may connect to. Built once from the allowPrivate list. */
export interface AddressPolicy {
  check(ip: string): AddressVerdict;
  isBlocked(ip: string): boolean;
}

// 64:ff9b::/96 is the NAT64 well-known prefix: IPv6-only networks with DNS64 return it for every
// IPv4-only site, so it cannot be blocked wholesale; the embedded IPv4 address decides instead.
const NAT64_WELL_KNOWN = ipaddr.IPv6.parseCIDR('64:ff9b::/96');
// IPv4-compatible addresses (::a.b.c.d, deprecated) fall in no ipaddr.js range and would count as unicast.
const IPV4_COMPATIBLE = ipaddr.IPv6.parseCIDR('::/96');

function parseStrict(ip: string): Address | null {
  // net.isIP rejects the legacy spellings (0x7f.1, 017700000001, 127.1) that ipaddr.js would accept.
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  const family = isIP(bare);
  if (family === 0) return null;
  try {
    // ipaddr.js reads any dotted tail as IPv4-mapped (::8.8.8.8 → ::ffff:8.8.8.8); the WHATWG
    // serializer writes the address the socket will really use (::808:808).
    if (family === 6 && bare.includes('.')) return ipaddr.parse(new URL(`http://[${bare}]/`).hostname.slice(1, -1));
    return ipaddr.parse(bare);
  } catch {
    return null;
  }
}

function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 {
  const bytes = address.toByteArray();
  return new ipaddr.IPv4(bytes.slice(12, 16));
}

/** Range name of an address with no allow list applied; only "unicast" (or "unicast (…)") is safe. */
export function classifyAddress(ip: string): string {
  const address = parseStrict(ip);
  if (address === null) return 'invalid';
  return classifyParsed(address);
}

function classifyParsed(address: Address): string {
  if (address.kind() === 'ipv4') return address.range();
  const v6 = address as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return `${v6.toIPv4Address().range()} (IPv4-mapped)`;
  if (v6.match(NAT64_WELL_KNOWN)) return `${embeddedIPv4(v6).range()} (NAT64)`;
  if (v6.match(IPV4_COMPATIBLE)) return v6.range() === 'unicast' ? 'ipv4Compatible' : v6.range();
  // 6to4, Teredo, local-use NAT64, SIIT and the rest are non-unicast ranges here: blocked outright,
  // which also covers any private IPv4 address they embed.
  return v6.range();
}

function isSafeRange(range: string): boolean {
  return range === 'unicast' || range.startsWith('unicast (');
}

type AllowEntry = [Address, number];

function parseAllowEntry(entry: string): AllowEntry {
  const text = entry.trim();
  const invalid = () =>
    new AppError('CONFIG_INVALID', `allowPrivate entry "${entry}" is not an IP address or CIDR range (e.g. 127.0.0.1 or 10.0.0.0/8)`);
  const slash = text.indexOf('/');
  const address = parseStrict(slash === -1 ? text : text.slice(0, slash));
  if (address === null) throw invalid();
  const maxBits = address.kind() === 'ipv4' ? 32 : 128;
  if (slash === -1) return [address, maxBits];
  const bitsText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bitsText)) throw invalid();
  const bits = Number(bitsText);
  if (bits > maxBits) throw invalid();
  return [address, bits];
}

/** IPv4-mapped IPv6 addresses are matched against IPv4 entries, so ::ffff:127.0.0.1 obeys "127.0.0.1". */
function unmap(address: Address): Address {
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    return (address as ipaddr.IPv6).toIPv4Address();
  }
  return address;
}

/**
 * Builds the policy: only globally routable unicast addresses pass, plus whatever `allowPrivate`
 * (IPs or CIDRs) exempts. Throws AppError CONFIG_INVALID naming the first malformed entry.
 */
export function createAddressPolicy(allowPrivate: readonly string[] = []): AddressPolicy {
  const allowList = allowPrivate.map(parseAllowEntry).map(([address, bits]): AllowEntry => {
    const plain = unmap(address);
    // A mapped entry (::ffff:10.0.0.0/104) becomes the IPv4 range it stands for.
    return plain === address ? [address, bits] : [plain, Math.max(0, bits - 96)];
  });

  const check = (ip: string): AddressVerdict => {
    const parsed = parseStrict(ip);
    if (parsed === null) return { blocked: true, range: 'invalid' };
    const range = classifyParsed(parsed);
    if (isSafeRange(range)) return { blocked: false, range };
    const plain = unmap(parsed);
    const allowed = allowList.some(([network, bits]) => network.kind() === plain.kind() && plain.match(network, bits));
    return allowed ? { blocked: false, range: 'allowed' } : { blocked: true, range };
  };

  return { check, isBlocked: (ip) => check(ip).blocked };
}

/** One-off check; prefer createAddressPolicy when checking many addresses. */
export function isBlockedAddress(ip: string, allowPrivate: readonly string[] = []): boolean {
  return createAddressPolicy(allowPrivate).isBlocked(ip);
}
