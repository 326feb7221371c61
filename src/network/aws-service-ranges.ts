/**
 * AWS service address ranges for pkt-src-aws-service / pkt-dst-aws-service: a small built-in sample of
 * ip-ranges.json, or the whole file when one is loaded. See the README for where each sample range comes from.
 */
import { Cidr, parseIp } from "./addresses.js";

/** One prefix of ip-ranges.json (`prefixes` or `ipv6_prefixes`). */
export interface IpRangesPrefix {
  ip_prefix?: string;
  ipv6_prefix?: string;
  region: string;
  service: string;
}

/**
 * A sample of ip-ranges.json. 52.95.128.0/21 is the S3 range of ap-southeast-2 that holds AWS's own v5
 * example record (52.95.128.179 → S3); the us-east-1 ranges are S3's and EC2's long-published blocks.
 * The scenarios draw S3 traffic from these.
 */
export const SAMPLE_IP_RANGES: readonly IpRangesPrefix[] = [
  { ip_prefix: "52.216.0.0/15", region: "us-east-1", service: "S3" },
  { ip_prefix: "54.231.0.0/17", region: "us-east-1", service: "S3" },
  { ip_prefix: "52.95.128.0/21", region: "ap-southeast-2", service: "S3" },
  { ip_prefix: "3.80.0.0/12", region: "us-east-1", service: "EC2" },
  { ip_prefix: "52.216.0.0/15", region: "us-east-1", service: "AMAZON" },
  { ip_prefix: "3.80.0.0/12", region: "us-east-1", service: "AMAZON" },
];

export class AwsServiceRanges {
  private readonly ranges: ReadonlyArray<{ cidr: Cidr; service: string }>;

  constructor(prefixes: readonly IpRangesPrefix[] = SAMPLE_IP_RANGES) {
    // AWS shows one code when ranges overlap; the specific service wins over the AMAZON superset,
    // and a longer prefix over a shorter one.
    this.ranges = prefixes
      .flatMap((p) => {
        const text = p.ip_prefix ?? p.ipv6_prefix;
        return text === undefined ? [] : [{ cidr: Cidr.parse(text), service: p.service }];
      })
      .sort((a, b) => Number(a.service === "AMAZON") - Number(b.service === "AMAZON") || b.cidr.prefixLength - a.cidr.prefixLength);
  }

  /** Loads the `prefixes` and `ipv6_prefixes` of an ip-ranges.json document. */
  static fromIpRanges(document: { prefixes?: IpRangesPrefix[]; ipv6_prefixes?: IpRangesPrefix[] }): AwsServiceRanges {
    return new AwsServiceRanges([...(document.prefixes ?? []), ...(document.ipv6_prefixes ?? [])]);
  }

  /** The service code owning an address, or null. */
  serviceOf(address: string | null): string | null {
    if (address === null) return null;
    const parsed = parseIp(address);
    if (parsed === undefined) return null;
    for (const range of this.ranges) if (range.cidr.contains(parsed)) return range.service;
    return null;
  }
}
