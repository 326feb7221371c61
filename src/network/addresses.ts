/**
 * IPv4 and IPv6 addresses as four 32-bit words, and CIDR blocks that test membership without strings.
 * An IPv4 address is held as its IPv4-mapped IPv6 form (::ffff:a.b.c.d) only for comparison purposes.
 */
import { NetworkError } from "./errors.js";

/** An address: `v6` tells the family; `words` are the 128 bits, big-endian (IPv4 uses words[3] only). */
export interface IpAddress {
  readonly v6: boolean;
  readonly words: readonly [number, number, number, number];
}

/** True for text that looks like an IPv6 address: flow log `type` is derived from this alone. */
export const isIPv6Text = (text: string): boolean => text.includes(":");

/** Parses a dotted IPv4 address to an unsigned 32-bit number, or undefined when it is not one. */
export function parseIPv4(text: string): number | undefined {
  let value = 0;
  let part = -1;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (part < 0 || dots === 3) return undefined;
      value = value * 256 + part;
      part = -1;
      dots++;
    } else if (c >= 48 && c <= 57) {
      part = part < 0 ? c - 48 : part * 10 + (c - 48);
      if (part > 255) return undefined;
    } else return undefined;
  }
  if (part < 0 || dots !== 3) return undefined;
  return value * 256 + part;
}

/** Parses an IPv6 address (with `::` and an optional trailing dotted IPv4) to four words. */
function parseIPv6(text: string): [number, number, number, number] | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groups = (part: string): number[] | undefined => {
    if (part === "") return [];
    const out: number[] = [];
    const pieces = part.split(":");
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] as string;
      if (i === pieces.length - 1 && piece.includes(".")) {
        const v4 = parseIPv4(piece);
        if (v4 === undefined) return undefined;
        out.push(v4 >>> 16, v4 & 0xffff);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return undefined;
        out.push(parseInt(piece, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0] as string);
  const tail = halves.length === 2 ? groups(halves[1] as string) : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...new Array<number>(missing).fill(0), ...tail];
  const word = (i: number) => (((all[2 * i] as number) << 16) | (all[2 * i + 1] as number)) >>> 0;
  return [word(0), word(1), word(2), word(3)];
}

/** Parses an IPv4 or IPv6 address, or gives undefined. */
export function parseIp(text: string): IpAddress | undefined {
  if (isIPv6Text(text)) {
    const words = parseIPv6(text);
    return words === undefined ? undefined : { v6: true, words };
  }
  const v4 = parseIPv4(text);
  return v4 === undefined ? undefined : { v6: false, words: [0, 0, 0, v4] };
}

/** A CIDR block, compiled to masked words so that membership is four integer comparisons. */
export class Cidr {
  private constructor(
    readonly text: string,
    readonly v6: boolean,
    readonly prefixLength: number,
    private readonly network: readonly number[],
    private readonly mask: readonly number[],
  ) {}

  /** Parses `10.0.0.0/16` or `2001:db8::/32`; a bad block is a NetworkError naming it. */
  static parse(text: string): Cidr {
    const slash = text.indexOf("/");
    const address = parseIp(slash < 0 ? text : text.slice(0, slash));
    const lengthText = slash < 0 ? undefined : text.slice(slash + 1);
    const max = address?.v6 ? 128 : 32;
    const length = lengthText === undefined ? max : /^\d{1,3}$/.test(lengthText) ? Number(lengthText) : NaN;
    if (address === undefined || !(length >= 0 && length <= max)) {
      throw new NetworkError("invalid", `invalid CIDR block '${text}'`);
    }
    const bits = address.v6 ? length : length + 96;
    const mask = [0, 1, 2, 3].map((i) => {
      const n = Math.max(0, Math.min(32, bits - 32 * i));
      return n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0;
    });
    const network = address.words.map((w, i) => (w & (mask[i] as number)) >>> 0);
    return new Cidr(text, address.v6, length, network, mask);
  }

  contains(address: IpAddress): boolean {
    if (address.v6 !== this.v6) return false;
    for (let i = 0; i < 4; i++) {
      if (((address.words[i] as number) & (this.mask[i] as number)) >>> 0 !== this.network[i]) return false;
    }
    return true;
  }

  /** Membership of an address given as text; text that is no address is in no block. */
  containsText(text: string): boolean {
    const address = parseIp(text);
    return address !== undefined && this.contains(address);
  }
}

/** Formats an unsigned 32-bit number as dotted IPv4. */
export const formatIPv4 = (value: number): string => `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
