/**
 * IPv4 arithmetic for CIDR blocks and address allocation: private addresses from a subnet (skipping
 * AWS's reserved ones) and public addresses from flowwatch's loopback pool, 127.100.0.0/16.
 */

export interface Cidr {
  /** The network address as an unsigned 32-bit number. */
  base: number;
  prefix: number;
}

const QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function parseIpv4(text: string): number | undefined {
  const m = QUAD.exec(text);
  if (m === null) return undefined;
  let n = 0;
  for (const part of m.slice(1, 5)) {
    if (part.length > 1 && part.startsWith("0")) return undefined;
    const v = Number(part);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

export function formatIpv4(n: number): string {
  return `${Math.floor(n / 2 ** 24) % 256}.${Math.floor(n / 2 ** 16) % 256}.${Math.floor(n / 256) % 256}.${n % 256}`;
}

/** `a.b.c.d/n`; host bits are cleared, as AWS canonicalizes (`100.68.0.18/18` -> `100.68.0.0/18`). */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf("/");
  if (slash < 0) return undefined;
  const address = parseIpv4(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (address === undefined || !/^\d{1,2}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  return { base: address - (address % size), prefix };
}

export const cidrSize = (c: Cidr) => 2 ** (32 - c.prefix);
export const formatCidr = (c: Cidr) => `${formatIpv4(c.base)}/${c.prefix}`;
export const cidrContains = (outer: Cidr, inner: Cidr) =>
  inner.prefix >= outer.prefix && inner.base >= outer.base && inner.base + cidrSize(inner) <= outer.base + cidrSize(outer);
export const cidrsOverlap = (a: Cidr, b: Cidr) => a.base < b.base + cidrSize(b) && b.base < a.base + cidrSize(a);
export const addressIn = (c: Cidr, address: number) => address >= c.base && address < c.base + cidrSize(c);

/** AWS reserves the first four addresses of a subnet and the last one. */
export const RESERVED_PER_SUBNET = 5;

/** The lowest address of `subnet` usable by an interface and not in `used`; undefined when full. */
export function allocatePrivate(subnet: Cidr, used: ReadonlySet<string>): string | undefined {
  const last = subnet.base + cidrSize(subnet) - 2;
  for (let a = subnet.base + 4; a <= last; a++) {
    const text = formatIpv4(a);
    if (!used.has(text)) return text;
  }
  return undefined;
}

export function availableAddressCount(subnet: Cidr, usedCount: number): number {
  return Math.max(0, cidrSize(subnet) - RESERVED_PER_SUBNET - usedCount);
}

/**
 * The public pool: loopback addresses, so the traffic gateway can listen on each instance's
 * PublicIpAddress and `curl http://<PublicIpAddress>` reaches it on this machine (Linux routes all of
 * 127.0.0.0/8 to lo). Host parts .0 and .255 are skipped so no address looks like a broadcast.
 */
export const PUBLIC_POOL: Cidr = { base: 127 * 2 ** 24 + 100 * 2 ** 16, prefix: 16 };

/**
 * The lowest address of the pool not in `used` (this cloud's state) that `claim` grants: it says no
 * to addresses another local cloud on this machine holds, and takes the one it says yes to.
 */
export function allocatePublic(used: ReadonlySet<string>, pool: Cidr = PUBLIC_POOL, claim: (ip: string) => boolean = () => true): string | undefined {
  const end = pool.base + cidrSize(pool);
  for (let a = pool.base + 1; a < end; a++) {
    const low = a % 256;
    if (low === 0 || low === 255) continue;
    const text = formatIpv4(a);
    if (!used.has(text) && claim(text)) return text;
  }
  return undefined;
}

/** `ip-10-0-1-5.ec2.internal` (us-east-1) or `ip-10-0-1-5.eu-west-1.compute.internal`. */
export function privateDnsName(ip: string, region: string): string {
  const host = `ip-${ip.replaceAll(".", "-")}`;
  return region === "us-east-1" ? `${host}.ec2.internal` : `${host}.${region}.compute.internal`;
}

/** `ec2-127-100-0-1.compute-1.amazonaws.com` (us-east-1) or `ec2-....eu-west-1.compute.amazonaws.com`. */
export function publicDnsName(ip: string, region: string): string {
  const host = `ec2-${ip.replaceAll(".", "-")}`;
  return region === "us-east-1" ? `${host}.compute-1.amazonaws.com` : `${host}.${region}.compute.amazonaws.com`;
}

/** A locally administered unicast MAC, derived from the interface id so it is stable. */
export function macAddress(interfaceId: string): string {
  const hex = interfaceId.slice(-10).padStart(10, "0");
  return `02:${hex.match(/../g)?.join(":") ?? "00:00:00:00:00"}`;
}
