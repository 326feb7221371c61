/**
 * Addresses and CIDR blocks as the rules name them (IPv4 and IPv6): membership, and the prefix length
 * a route lookup compares. BigInt keeps both families in one code path; rules are few, so speed is moot.
 */
import { isIP } from "node:net";

export interface Cidr {
  readonly v6: boolean;
  readonly base: bigint;
  readonly prefix: number;
  readonly text: string;
}

/** An address to its family and 128- or 32-bit value, or undefined when it is not one. */
export function parseAddress(text: string): { v6: boolean; value: bigint } | undefined {
  const family = isIP(text);
  if (family === 4) {
    const parts = text.split(".").map(Number);
    return { v6: false, value: parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n) };
  }
  if (family === 6) return { v6: true, value: ipv6Value(text) };
  return undefined;
}

function ipv6Value(text: string): bigint {
  let body = text;
  const tail: number[] = [];
  // A trailing dotted IPv4 (::ffff:192.0.2.1) is two 16-bit groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (dotted) {
    const v4 = dotted[1] as string;
    const n = v4.split(".").map(Number);
    tail.push(((n[0] as number) << 8) | (n[1] as number), ((n[2] as number) << 8) | (n[3] as number));
    body = body.slice(0, -v4.length);
    if (body.endsWith(":") && !body.endsWith("::")) body = body.slice(0, -1);
  }
  const [head = "", rest] = body.split("::");
  const groups = (s: string) => (s === "" ? [] : s.split(":").map((g) => parseInt(g, 16)));
  const left = groups(head);
  const right = [...groups(rest ?? ""), ...tail];
  const missing = 8 - left.length - right.length;
  const all = rest === undefined ? [...left, ...tail] : [...left, ...new Array<number>(missing).fill(0), ...right];
  return all.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** `10.0.0.0/16`, `2001:db8::/32`; a bare address is its /32 or /128. Undefined when it is neither. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf("/");
  const address = parseAddress(slash < 0 ? text : text.slice(0, slash));
  if (address === undefined) return undefined;
  const bits = address.v6 ? 128 : 32;
  const prefix = slash < 0 ? bits : Number(text.slice(slash + 1));
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits || (slash >= 0 && !/^\d{1,3}$/.test(text.slice(slash + 1)))) return undefined;
  const shift = BigInt(bits - prefix);
  return { v6: address.v6, base: (address.value >> shift) << shift, prefix, text };
}

/** Whether the address lies in the block; an address of the other family never does. */
export function cidrContains(cidr: Cidr, address: string): boolean {
  const a = parseAddress(address);
  if (a === undefined || a.v6 !== cidr.v6) return false;
  const shift = BigInt((cidr.v6 ? 128 : 32) - cidr.prefix);
  return (a.value >> shift) << shift === cidr.base;
}

/** Whether text (a CIDR block or address) contains the address; false for text that is neither. */
export function contains(text: string, address: string): boolean {
  const cidr = parseCidr(text);
  return cidr !== undefined && cidrContains(cidr, address);
}

export const isIPv6 = (address: string): boolean => isIP(address) === 6;

/** The narrowest block naming exactly this address: /32 or /128, what a smallest change opens to. */
export const hostCidr = (address: string): string => `${address}/${isIPv6(address) ? 128 : 32}`;
