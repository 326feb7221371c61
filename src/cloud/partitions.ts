/**
 * Region -> partition (`aws`, `aws-cn`, `aws-us-gov`, the iso partitions), as botocore's data/partitions.json
 * declares them, and the `arn:PARTITION:` every ARN the local cloud builds or reads starts with.
 */
// biome-ignore-all lint/complexity/noUselessEscapeInRegex: the region patterns are botocore's spelling, compared verbatim with partitions.json by a test.

export interface Partition {
  id: string;
  /** botocore's `regionRegex`: a region nobody listed yet still lands in its partition. */
  regionRegex: RegExp;
  /** botocore's listed regions, including the `*-global` pseudo-regions. */
  regions: readonly string[];
  dnsSuffix: string;
}

/**
 * botocore 1.43 data/partitions.json, in its order (partitions.process.test.ts compares the two).
 * `aws` comes first and is also the answer for regions no partition claims (`local`, `moon-1`), as the SDKs do.
 */
export const PARTITIONS: readonly Partition[] = [
  {
    id: "aws",
    regionRegex: /^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$/,
    regions: [
      "af-south-1",
      "ap-east-1",
      "ap-east-2",
      "ap-northeast-1",
      "ap-northeast-2",
      "ap-northeast-3",
      "ap-south-1",
      "ap-south-2",
      "ap-southeast-1",
      "ap-southeast-2",
      "ap-southeast-3",
      "ap-southeast-4",
      "ap-southeast-5",
      "ap-southeast-6",
      "ap-southeast-7",
      "aws-global",
      "ca-central-1",
      "ca-west-1",
      "eu-central-1",
      "eu-central-2",
      "eu-north-1",
      "eu-south-1",
      "eu-south-2",
      "eu-west-1",
      "eu-west-2",
      "eu-west-3",
      "il-central-1",
      "me-central-1",
      "me-south-1",
      "mx-central-1",
      "sa-east-1",
      "us-east-1",
      "us-east-2",
      "us-west-1",
      "us-west-2",
    ],
    dnsSuffix: "amazonaws.com",
  },
  { id: "aws-cn", regionRegex: /^cn\-\w+\-\d+$/, regions: ["aws-cn-global", "cn-north-1", "cn-northwest-1"], dnsSuffix: "amazonaws.com.cn" },
  { id: "aws-eusc", regionRegex: /^eusc\-(de)\-\w+\-\d+$/, regions: ["eusc-de-east-1"], dnsSuffix: "amazonaws.eu" },
  { id: "aws-iso", regionRegex: /^us\-iso\-\w+\-\d+$/, regions: ["aws-iso-global", "us-iso-east-1", "us-iso-west-1"], dnsSuffix: "c2s.ic.gov" },
  { id: "aws-iso-b", regionRegex: /^us\-isob\-\w+\-\d+$/, regions: ["aws-iso-b-global", "us-isob-east-1", "us-isob-west-1"], dnsSuffix: "sc2s.sgov.gov" },
  { id: "aws-iso-e", regionRegex: /^eu\-isoe\-\w+\-\d+$/, regions: ["aws-iso-e-global", "eu-isoe-west-1"], dnsSuffix: "cloud.adc-e.uk" },
  { id: "aws-iso-f", regionRegex: /^us\-isof\-\w+\-\d+$/, regions: ["aws-iso-f-global", "us-isof-east-1", "us-isof-south-1"], dnsSuffix: "csp.hci.ic.gov" },
  { id: "aws-us-gov", regionRegex: /^us\-gov\-\w+\-\d+$/, regions: ["aws-us-gov-global", "us-gov-east-1", "us-gov-west-1"], dnsSuffix: "amazonaws.com" },
];

const DEFAULT = PARTITIONS[0] as Partition;

/** The SDKs' rule: a listed region first, then the first partition whose regex matches, else `aws`. */
export function partitionOfRegion(region: string): Partition {
  return PARTITIONS.find((p) => p.regions.includes(region)) ?? PARTITIONS.find((p) => p.regionRegex.test(region)) ?? DEFAULT;
}

/** `cn-north-1` -> `aws-cn`: the second field of every ARN a request in that region builds or accepts. */
export const partitionId = (region: string): string => partitionOfRegion(region).id;

/** `arn:aws-cn:` for cn-north-1: the start of every ARN a request in that region builds. */
export const arnPrefix = (region: string): string => `arn:${partitionId(region)}:`;

/** The partition field of an ARN (`arn:aws-us-gov:iam::...` -> `aws-us-gov`); undefined for text that is no ARN. */
export function partitionOfArn(arn: string): string | undefined {
  const m = /^arn:([^:]+):/.exec(arn);
  return m?.[1];
}

/** Whether an ARN belongs to the partition of `region`: AWS finds nothing of another partition. */
export const inPartitionOf = (arn: string, region: string): boolean => partitionOfArn(arn) === partitionId(region);
