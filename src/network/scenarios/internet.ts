/** Addresses outside the VPC: internet clients and servers, and AWS service addresses from the sample ranges. */
import { formatIPv4 } from "../addresses.js";
import type { Random } from "./random.js";

/**
 * First octets of public unicast space that the sample AWS ranges (3/8, 52/8, 54/8) and the private and
 * reserved blocks leave alone, so that an internet client is never mistaken for an AWS service.
 */
const PUBLIC_FIRST_OCTETS = [23, 31, 37, 45, 62, 77, 81, 89, 92, 101, 109, 122, 131, 141, 151, 176, 185, 188, 195, 201, 213, 217];

export function internetAddress(rng: Random): string {
  return `${rng.pick(PUBLIC_FIRST_OCTETS)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

/** A population of clients, some far more active than others: client i is picked with weight 1/(i+1). */
export class ClientPool {
  private readonly addresses: string[];
  private readonly cumulative: number[];

  constructor(rng: Random, size: number) {
    this.addresses = Array.from({ length: size }, () => internetAddress(rng));
    let sum = 0;
    this.cumulative = this.addresses.map((_, i) => (sum += 1 / (i + 1)));
  }

  pick(rng: Random): string {
    const total = this.cumulative[this.cumulative.length - 1] as number;
    const target = rng.next() * total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((this.cumulative[mid] as number) < target) low = mid + 1;
      else high = mid;
    }
    return this.addresses[low] as string;
  }
}

/** An S3 address of us-east-1 (52.216.0.0/15 of the sample ranges). */
export function s3Address(rng: Random): string {
  return formatIPv4((((52 << 24) >>> 0) + (216 << 16) + rng.int(0, 0x1ffff)) >>> 0);
}

/** Root name servers: what a caching DNS server of the VPC asks on a miss. */
export const ROOT_SERVERS = ["198.41.0.4", "199.9.14.201", "192.33.4.12", "199.7.91.13", "192.5.5.241", "193.0.14.129", "199.7.83.42", "202.12.27.33"];
