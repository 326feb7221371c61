/** IAM's ARNs: built for roles, users and policies, and read back from callers' input. IAM ARNs carry no region. */
import { PARTITIONS } from "../partitions.js";
import { unparsableArn } from "./errors.js";

export const AWS_MANAGED_ACCOUNT = "aws";

/** IAM is global within a partition: `partition` is that of the Region the request was signed for (partitions.ts). */
export const roleArn = (account: string, path: string, name: string, partition: string) => `arn:${partition}:iam::${account}:role${path}${name}`;
export const userArn = (account: string, path: string, name: string, partition: string) => `arn:${partition}:iam::${account}:user${path}${name}`;
export const groupArn = (account: string, path: string, name: string, partition: string) => `arn:${partition}:iam::${account}:group${path}${name}`;
export const policyArn = (account: string, path: string, name: string, partition: string) => `arn:${partition}:iam::${account}:policy${path}${name}`;

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

/** The six parts of any ARN; undefined when it has fewer or an empty partition, service or resource. */
export function parseArn(arn: string): ParsedArn | undefined {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return undefined;
  const [, partition = "", service = "", region = "", account = ""] = parts;
  const resource = parts.slice(5).join(":");
  if (partition === "" || service === "" || resource === "") return undefined;
  return { partition, service, region, account, resource };
}

export interface PolicyRef {
  /** A 12-digit account or `aws` for AWS managed policies. */
  account: string;
  path: string;
  name: string;
}

/**
 * A managed policy's ARN, or undefined when it is an ARN of something else (the caller then answers
 * NoSuchEntity). Text that is no ARN at all gets IAM's recorded ValidationError.
 */
export function parsePolicyArn(arn: string): PolicyRef | undefined {
  const parsed = parseArn(arn);
  if (parsed === undefined) throw unparsableArn();
  if (!PARTITIONS.some((p) => p.id === parsed.partition) || parsed.service !== "iam" || parsed.region !== "") return undefined;
  if (!/^(\d{12}|aws)$/.test(parsed.account)) return undefined;
  const m = /^policy(\/(?:.*\/)?)([^/]+)$/.exec(parsed.resource);
  if (m === null) return undefined;
  // Both groups always take part in a match.
  const [, path = "/", name = ""] = m;
  return { account: parsed.account, path, name };
}

/** The name and account of a role ARN (`arn:aws:iam::A:role/path/name`), for STS. */
export function parseRoleArn(arn: string): { account: string; name: string; path: string } | undefined {
  const parsed = parseArn(arn);
  if (parsed === undefined || parsed.service !== "iam" || !/^\d{12}$/.test(parsed.account)) return undefined;
  const m = /^role(\/(?:.*\/)?)([^/]+)$/.exec(parsed.resource);
  if (m === null) return undefined;
  // Both groups always take part in a match.
  const [, path = "/", name = ""] = m;
  return { account: parsed.account, path, name };
}
