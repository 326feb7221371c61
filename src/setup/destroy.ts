/**
 * `destroy`: removes what setup created — only resources carrying flowwatch's tag — in dependency
 * order: the preset's alarms and metric filters, the flow log, the role (after detaching), the policy
 * (after its old versions), the log group.
 */
import { DeleteAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { DeleteLogGroupCommand, DeleteMetricFilterCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DeleteFlowLogsCommand, DescribeFlowLogsCommand } from "@aws-sdk/client-ec2";
import {
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  ListEntitiesForPolicyCommand,
} from "@aws-sdk/client-iam";
import { discoverPreset, type FoundPreset } from "./alarms/discover.js";
import type { AwsClients } from "./clients.js";
import type { SetupConfig } from "./config.js";
import { discoverLogGroup, discoverPolicy, discoverRole, whoAmI } from "./discover.js";
import { isManaged } from "./tags.js";

export interface DestroyOutcome {
  removed: string[];
  /** Resources of these names that exist but are not flowwatch's, or cannot go yet, with why. */
  kept: string[];
}

type Names = Pick<SetupConfig, "policyName" | "roleName" | "logGroupName" | "flowLogName">;

export async function runDestroy(clients: AwsClients, names: Names, dryRun = false): Promise<DestroyOutcome> {
  const { scope } = await whoAmI(clients);
  const removed: string[] = [];
  const kept: string[] = [];
  const act = async (what: string, work: () => Promise<unknown>) => {
    if (!dryRun) await work();
    removed.push(what);
  };

  // Alarms carry the tag; metric filters cannot, so flowwatch's are those named flowwatch-... on the group.
  let preset: FoundPreset = { filters: new Map(), alarms: new Map() };
  try {
    preset = await discoverPreset(clients, names.logGroupName, true);
  } catch (error) {
    // Without CloudWatch permissions the rest of the pipeline can still go; say what could not be looked at.
    kept.push(`alarm preset: could not look (${(error as Error).name}: ${(error as Error).message})`);
  }
  for (const [name, alarm] of preset.alarms) {
    if (!alarm.managed) kept.push(`alarm ${name}: not created by flowwatch`);
    else await act(`alarm ${name}`, () => clients.cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: [name] })));
  }
  for (const name of preset.filters.keys()) {
    await act(`metric-filter ${name}`, () => clients.logs.send(new DeleteMetricFilterCommand({ logGroupName: names.logGroupName, filterName: name })));
  }

  const flowLogs = (await clients.ec2.send(new DescribeFlowLogsCommand({}))).FlowLogs ?? [];
  for (const f of flowLogs) {
    if (!f.Tags?.some((t) => t.Key === "Name" && t.Value === names.flowLogName)) continue;
    if (!isManaged(f.Tags)) kept.push(`flow-log ${f.FlowLogId}: not created by flowwatch`);
    else await act(`flow-log ${names.flowLogName} (${f.FlowLogId})`, () => clients.ec2.send(new DeleteFlowLogsCommand({ FlowLogIds: [f.FlowLogId ?? ""] })));
  }

  const role = await discoverRole(clients, scope, names.roleName);
  const policy = await discoverPolicy(clients, scope, names.policyName);
  if (role !== undefined && !role.managed) kept.push(`role ${names.roleName}: not created by flowwatch`);
  if (role?.managed) {
    // Only our own policy is detached; a role holding others' policies is left for its owner.
    const foreign = role.attachedPolicyArns.filter((arn) => arn !== policy?.arn || !policy.managed);
    if (foreign.length > 0) kept.push(`role ${names.roleName}: other policies are attached (${foreign.join(", ")})`);
    else {
      if (policy !== undefined && role.attachedPolicyArns.includes(policy.arn)) {
        await act(`attachment ${names.policyName} -> ${names.roleName}`, () => clients.iam.send(new DetachRolePolicyCommand({ RoleName: names.roleName, PolicyArn: policy.arn })));
      }
      await act(`role ${names.roleName}`, () => clients.iam.send(new DeleteRoleCommand({ RoleName: names.roleName })));
    }
  }

  if (policy !== undefined && !policy.managed) kept.push(`policy ${names.policyName}: not created by flowwatch`);
  if (policy?.managed) {
    const entities = await clients.iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: policy.arn }));
    const users = [...(entities.PolicyRoles ?? []).map((r) => r.RoleName), ...(entities.PolicyUsers ?? []).map((u) => u.UserName)]
      .filter((name) => !(dryRun && name === names.roleName && role?.managed));
    const stillAttached = dryRun ? users : users.filter((name) => name !== undefined);
    if (stillAttached.length > 0) kept.push(`policy ${names.policyName}: still attached to ${stillAttached.join(", ")}`);
    else {
      await act(`policy ${names.policyName}`, async () => {
        for (const version of policy.versionIds.filter((v) => v !== policy.defaultVersionId)) {
          await clients.iam.send(new DeletePolicyVersionCommand({ PolicyArn: policy.arn, VersionId: version }));
        }
        await clients.iam.send(new DeletePolicyCommand({ PolicyArn: policy.arn }));
      });
    }
  }

  const group = await discoverLogGroup(clients, scope, names.logGroupName);
  if (group !== undefined && !group.managed) kept.push(`log-group ${names.logGroupName}: not created by flowwatch`);
  if (group?.managed) await act(`log-group ${names.logGroupName}`, () => clients.logs.send(new DeleteLogGroupCommand({ logGroupName: names.logGroupName })));
  return { removed, kept };
}
