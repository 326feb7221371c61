/** The ARNs setup and doctor form: the partition, Region and account come from GetCallerIdentity and the client. */
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

/** `arn:aws-cn:...` -> `aws-cn`. */
export const partitionOf = (arn: string) => arn.split(":")[1] ?? "aws";
