/**
 * The ARNs setup and doctor form (the partition, Region and account come from GetCallerIdentity and the
 * client) and the one parser of ARNs on the client side.
 */
export interface Scope {
  partition: string;
  region: string;
  account: string;
}

export const logGroupArn = (s: Scope, group: string) => `arn:${s.partition}:logs:${s.region}:${s.account}:log-group:${group}`;
/** Covers the group's streams too: CreateLogStream and PutLogEvents are authorized on `log-group:G:log-stream:S`. */
export const logGroupStreamsArn = (s: Scope, group: string) => `${logGroupArn(s, group)}:*`;
export const roleArn = (s: Scope, role: string) => `arn:${s.partition}:iam::${s.account}:role/${role}`;
export const policyArn = (s: Scope, policy: string) => `arn:${s.partition}:iam::${s.account}:policy/${policy}`;
export const flowLogArn = (s: Scope, id: string) => `arn:${s.partition}:ec2:${s.region}:${s.account}:vpc-flow-log/${id}`;

export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** Everything after the fifth colon, colons included (`log-group:G:*`, `role/path/name`). */
  resource: string;
}

/** `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`; anything with fewer parts is no ARN. */
export function parseArn(arn: string): Arn | undefined {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return undefined;
  const [, partition = "", service = "", region = "", account = ""] = parts;
  return { partition, service, region, account, resource: parts.slice(5).join(":") };
}

/** `arn:aws-cn:...` -> `aws-cn`; a caller whose ARN cannot be read is taken to be in the commercial partition. */
export const partitionOf = (arn: string) => parseArn(arn)?.partition ?? arn.split(":")[1] ?? "aws";

/** The last segment of the resource: an IAM entity's name without its path (`role/path/NAME` -> NAME). */
export const nameOf = (arn: string) => arn.slice(arn.lastIndexOf("/") + 1);

/** An IAM role's or user's name, when `arn` is one of this partition's global IAM ARNs in a 12-digit account. */
export function iamEntityName(arn: string, type: "role" | "user"): string | undefined {
  const a = parseArn(arn);
  if (a === undefined || a.partition === "" || a.service !== "iam" || a.region !== "" || !/^\d{12}$/.test(a.account) || !a.resource.startsWith(`${type}/`))
    return undefined;
  const name = nameOf(a.resource);
  return name === "" ? undefined : name;
}

/** The role of an STS role session (`arn:P:sts::ACCOUNT:assumed-role/ROLE/SESSION`); a session ARN does not carry the role's path. */
export function sessionRoleOf(arn: string): { partition: string; account: string; role: string } | undefined {
  const a = parseArn(arn);
  if (a === undefined || a.partition === "" || a.service !== "sts" || a.region !== "" || !/^\d{12}$/.test(a.account)) return undefined;
  const [type, role = "", ...session] = a.resource.split("/");
  if (type !== "assumed-role" || role === "" || session.length === 0) return undefined;
  return { partition: a.partition, account: a.account, role };
}
