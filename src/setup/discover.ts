/** Discovery: what of the pipeline exists now, read through the SDK; nothing is changed here. */
import { DescribeLogGroupsCommand, ListTagsForResourceCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeFlowLogsCommand, type FlowLog } from "@aws-sdk/client-ec2";
import { GetPolicyCommand, GetPolicyVersionCommand, GetRoleCommand, ListAttachedRolePoliciesCommand, ListPolicyVersionsCommand } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { discoverFilters, discoverPreset, type FoundPreset } from "./alarms/discover.js";
import { type Scope, logGroupArn, partitionOf, policyArn, roleArn } from "./arns.js";
import type { AwsClients } from "./clients.js";
import type { SetupConfig } from "./config.js";
import { parseDocument } from "./documents.js";
import { isAwsError } from "./errors.js";
import { isManaged, isManagedMap } from "./tags.js";
import { findVpc } from "./vpc.js";

export interface Caller {
  arn: string;
  account: string;
  isRoot: boolean;
}

export interface Discovered {
  scope: Scope;
  caller: Caller;
  vpcId: string;
  policy: { arn: string; document: unknown; defaultVersionId: string; versionIds: string[]; managed: boolean } | undefined;
  role: { arn: string; trust: unknown; managed: boolean; attachedPolicyArns: string[] } | undefined;
  logGroup: { retentionDays: number | undefined; managed: boolean } | undefined;
  flowLog: (FlowLog & { managed: boolean }) | undefined;
  /**
   * The alarm preset: with `--alarms` its filters and alarms; without, its filters only (their patterns
   * must follow the flow log's format), undefined when they could not be read.
   */
  preset: FoundPreset | undefined;
}

export async function whoAmI(clients: AwsClients): Promise<{ scope: Scope; caller: Caller }> {
  const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
  const arn = identity.Arn ?? "";
  const account = identity.Account ?? "";
  const region = await clients.ec2.config.region();
  return { scope: { partition: partitionOf(arn), region, account }, caller: { arn, account, isRoot: arn.endsWith(":root") } };
}

export async function discoverPolicy(clients: AwsClients, scope: Scope, name: string): Promise<Discovered["policy"]> {
  const arn = policyArn(scope, name);
  try {
    const policy = (await clients.iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy;
    const defaultVersionId = policy?.DefaultVersionId ?? "v1";
    const version = await clients.iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: defaultVersionId }));
    const versions = await clients.iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
    return {
      arn,
      document: parseDocument(version.PolicyVersion?.Document),
      defaultVersionId,
      versionIds: (versions.Versions ?? []).map((v) => v.VersionId ?? ""),
      managed: isManaged(policy?.Tags),
    };
  } catch (error) {
    if (isAwsError(error, "NoSuchEntityException", "NoSuchEntity")) return undefined;
    throw error;
  }
}

export async function discoverRole(clients: AwsClients, scope: Scope, name: string): Promise<Discovered["role"]> {
  try {
    const role = (await clients.iam.send(new GetRoleCommand({ RoleName: name }))).Role;
    const attached = await clients.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name }));
    return {
      arn: role?.Arn ?? roleArn(scope, name),
      trust: parseDocument(role?.AssumeRolePolicyDocument),
      managed: isManaged(role?.Tags),
      attachedPolicyArns: (attached.AttachedPolicies ?? []).map((p) => p.PolicyArn ?? ""),
    };
  } catch (error) {
    if (isAwsError(error, "NoSuchEntityException", "NoSuchEntity")) return undefined;
    throw error;
  }
}

export async function discoverLogGroup(clients: AwsClients, scope: Scope, name: string): Promise<Discovered["logGroup"]> {
  const groups = await clients.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
  const group = groups.logGroups?.find((g) => g.logGroupName === name);
  if (group === undefined) return undefined;
  const tags = await clients.logs.send(new ListTagsForResourceCommand({ resourceArn: logGroupArn(scope, name) }));
  return { retentionDays: group.retentionInDays, managed: isManagedMap(tags.tags) };
}

/** The flow log on the VPC named by its Name tag; failing that, one on the VPC delivering to the log group. */
export async function discoverFlowLog(
  clients: AwsClients,
  vpcId: string,
  config: Pick<SetupConfig, "flowLogName" | "logGroupName">,
): Promise<Discovered["flowLog"]> {
  const answer = await clients.ec2.send(new DescribeFlowLogsCommand({ Filter: [{ Name: "resource-id", Values: [vpcId] }] }));
  const logs = answer.FlowLogs ?? [];
  const named = logs.find((f) => f.Tags?.some((t) => t.Key === "Name" && t.Value === config.flowLogName));
  const found = named ?? logs.find((f) => f.LogGroupName === config.logGroupName && (f.LogDestinationType ?? "cloud-watch-logs") === "cloud-watch-logs");
  return found === undefined ? undefined : { ...found, managed: isManaged(found.Tags) };
}

/** Without `--alarms` the preset is not setup's to manage, so a caller unable to read filters is no failure. */
async function existingFilters(clients: AwsClients, logGroupName: string): Promise<FoundPreset | undefined> {
  try {
    return { filters: await discoverFilters(clients, logGroupName), alarms: new Map() };
  } catch {
    return undefined;
  }
}

export async function discover(clients: AwsClients, config: SetupConfig): Promise<Discovered> {
  const { scope, caller } = await whoAmI(clients);
  const vpcId = await findVpc(clients, config.vpc);
  const [policy, role, logGroup, flowLog, preset] = await Promise.all([
    discoverPolicy(clients, scope, config.policyName),
    discoverRole(clients, scope, config.roleName),
    discoverLogGroup(clients, scope, config.logGroupName),
    discoverFlowLog(clients, vpcId, config),
    config.alarmPreset ? discoverPreset(clients, config.logGroupName) : existingFilters(clients, config.logGroupName),
  ]);
  return { scope, caller, vpcId, policy, role, logGroup, flowLog, preset };
}
