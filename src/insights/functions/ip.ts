/**
 * IP address functions: isValidIp, isValidIpV4, isValidIpV6, isIpInSubnet, isIpv4InSubnet,
 * isIpv6InSubnet. IPv4 is matched with integer arithmetic (flow log queries run it per record);
 * IPv6 through node:net's BlockList. Each subnet string is parsed once and cached.
 */
import { BlockList, isIPv6 } from "node:net";
import { toText, type Value } from "../values.js";
import { type FunctionSpec, fn } from "./spec.js";

/** The address as an unsigned 32-bit integer, or -1: four decimal octets 0-255, nothing else. */
export function ipv4ToInt(s: string): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      if (digits === 3) return -1;
      octet = octet * 10 + (c - 48);
      if (octet > 255) return -1;
      digits++;
    } else return -1;
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + octet;
}

type Subnet = { family: 4; base: number; mask: number } | { family: 6; list: BlockList };

const subnets = new Map<string, Subnet | null>();

/** A CIDR such as `192.0.2.0/24` or `2001:db8::/32`; null when it is not one. */
export function parseSubnet(cidr: string): Subnet | null {
  const cached = subnets.get(cidr);
  if (cached !== undefined) return cached;
  let subnet: Subnet | null = null;
  const slash = cidr.indexOf("/");
  const address = slash < 0 ? cidr : cidr.slice(0, slash);
  const prefixText = slash < 0 ? undefined : cidr.slice(slash + 1);
  const prefix = prefixText === undefined ? undefined : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  const v4 = ipv4ToInt(address);
  if (v4 >= 0 && (prefix === undefined || prefix <= 32)) {
    const bits = prefix ?? 32;
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    subnet = { family: 4, base: (v4 & mask) >>> 0, mask };
  } else if (isIPv6(address) && (prefix === undefined || prefix <= 128)) {
    const list = new BlockList();
    list.addSubnet(address, prefix ?? 128, "ipv6");
    subnet = { family: 6, list };
  }
  if (subnets.size > 10_000) subnets.clear();
  subnets.set(cidr, subnet);
  return subnet;
}

function inSubnet(ip: Value, cidr: Value, family: 4 | 6 | 0): Value {
  const address = toText(ip);
  const range = toText(cidr);
  if (address === null || range === null) return null;
  const subnet = parseSubnet(range);
  if (subnet === null || (family !== 0 && subnet.family !== family)) return false;
  if (subnet.family === 4) {
    const v = ipv4ToInt(address);
    return v >= 0 && (v & subnet.mask) >>> 0 === subnet.base;
  }
  return isIPv6(address) && subnet.list.check(address, "ipv6");
}

const checkCidr = (family: 4 | 6 | 0) => (index: number, value: Value) => {
  if (index !== 1) return undefined;
  const subnet = parseSubnet(toText(value) ?? "");
  if (subnet === null || (family !== 0 && subnet.family !== family))
    return `invalid ${family === 0 ? "" : `IPv${family} `}subnet ${JSON.stringify(toText(value))}`;
  return undefined;
};

export const IP_FUNCTIONS: readonly FunctionSpec[] = [
  fn({
    name: "isValidIp",
    minArgs: 1,
    maxArgs: 1,
    kind: "value",
    impl: (v) => {
      const s = toText(v);
      return s !== null && (ipv4ToInt(s) >= 0 || isIPv6(s));
    },
  }),
  fn({
    name: "isValidIpV4",
    minArgs: 1,
    maxArgs: 1,
    kind: "value",
    impl: (v) => {
      const s = toText(v);
      return s !== null && ipv4ToInt(s) >= 0;
    },
  }),
  fn({
    name: "isValidIpV6",
    minArgs: 1,
    maxArgs: 1,
    kind: "value",
    impl: (v) => {
      const s = toText(v);
      return s !== null && isIPv6(s);
    },
  }),
  fn({ name: "isIpInSubnet", minArgs: 2, maxArgs: 2, kind: "value", checkLiteral: checkCidr(0), impl: (ip, cidr) => inSubnet(ip, cidr, 0) }),
  fn({ name: "isIpv4InSubnet", minArgs: 2, maxArgs: 2, kind: "value", checkLiteral: checkCidr(4), impl: (ip, cidr) => inSubnet(ip, cidr, 4) }),
  fn({ name: "isIpv6InSubnet", minArgs: 2, maxArgs: 2, kind: "value", checkLiteral: checkCidr(6), impl: (ip, cidr) => inSubnet(ip, cidr, 6) }),
];
