/**
 * `destroy`: removes what setup created — only resources carrying flowwatch's tag — in dependency
 * order: the preset's alarms and metric filters, the flow log, the role (after detaching), the policy
 * (after its old versions), the log group. Planned first, so the CLI can show the plan and ask.
 */
import { DeleteAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { DeleteLogGroupCommand, DeleteMetricFilterCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DeleteFlowLogsCommand, DescribeFlowLogsCommand } from "@aws-sdk/client-ec2";
import { DeletePolicyCommand, DeletePolicyVersionCommand, DeleteRoleCommand, DetachRolePolicyCommand, ListEntitiesForPolicyCommand } from "@aws-sdk/client-iam";
import { discoverPreset, type FoundPreset } from "./alarms/discover.js";
import type { AwsClients } from "./clients.js";
import type { SetupConfig } from "./config.js";
import { discoverLogGroup, discoverPolicy, discoverRole, whoAmI } from "./discover.js";
import { isManaged } from "./tags.js";

export interface DestroyStep {
  /** `log-group MyVpc22-Log`, as printed. */
  what: string;
  /** Deletes records (the log group and every event in it): said in the plan. */
  destructive: boolean;
  work: () => Promise<unknown>;
}

export interface DestroyPlan {
  steps: DestroyStep[];
  /** Resources of these names that exist but are not flowwatch's, or cannot go yet, with why. */
  kept: string[];
}

export interface DestroyOutcome {
  removed: string[];
  kept: string[];
}

type Names = Pick<SetupConfig, "policyName" | "roleName" | "logGroupName" | "flowLogName">;

/** What destroy would remove, read now; nothing is changed. */
export async function planDestroy(clients: AwsClients, names: Names): Promise<DestroyPlan> {
  const { scope } = await whoAmI(clients);
  const steps: DestroyStep[] = [];
  const kept: string[] = [];
  const remove = (what: string, work: () => Promise<unknown>, destructive = false) => steps.push({ what, destructive, work });

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
    else remove(`alarm ${name}`, () => clients.cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: [name] })));
  }
  for (const name of preset.filters.keys()) {
    remove(`metric-filter ${name}`, () => clients.logs.send(new DeleteMetricFilterCommand({ logGroupName: names.logGroupName, filterName: name })));
  }

  const flowLogs = (await clients.ec2.send(new DescribeFlowLogsCommand({}))).FlowLogs ?? [];
  for (const f of flowLogs) {
    if (!f.Tags?.some((t) => t.Key === "Name" && t.Value === names.flowLogName)) continue;
    if (!isManaged(f.Tags)) kept.push(`flow-log ${f.FlowLogId}: not created by flowwatch`);
    else remove(`flow-log ${names.flowLogName} (${f.FlowLogId})`, () => clients.ec2.send(new DeleteFlowLogsCommand({ FlowLogIds: [f.FlowLogId ?? ""] })));
  }

  const role = await discoverRole(clients, scope, names.roleName);
  const policy = await discoverPolicy(clients, scope, names.policyName);
  let roleGoes = false;
  if (role !== undefined && !role.managed) kept.push(`role ${names.roleName}: not created by flowwatch`);
  if (role?.managed) {
    // Only our own policy is detached; a role holding others' policies is left for its owner.
    const foreign = role.attachedPolicyArns.filter((arn) => arn !== policy?.arn || !policy.managed);
    if (foreign.length > 0) kept.push(`role ${names.roleName}: other policies are attached (${foreign.join(", ")})`);
    else {
      roleGoes = true;
      if (policy !== undefined && role.attachedPolicyArns.includes(policy.arn)) {
        remove(`attachment ${names.policyName} -> ${names.roleName}`, () =>
          clients.iam.send(new DetachRolePolicyCommand({ RoleName: names.roleName, PolicyArn: policy.arn })),
        );
      }
      remove(`role ${names.roleName}`, () => clients.iam.send(new DeleteRoleCommand({ RoleName: names.roleName })));
    }
  }

  if (policy !== undefined && !policy.managed) kept.push(`policy ${names.policyName}: not created by flowwatch`);
  if (policy?.managed) {
    const entities = await clients.iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: policy.arn }));
    // Our role is detached before the policy goes; anything else attached keeps the policy.
    const stillAttached = [
      ...(entities.PolicyRoles ?? []).map((r) => r.RoleName),
      ...(entities.PolicyUsers ?? []).map((u) => u.UserName),
      ...(entities.PolicyGroups ?? []).map((g) => g.GroupName),
    ].filter((name): name is string => name !== undefined && !(roleGoes && name === names.roleName));
    if (stillAttached.length > 0) kept.push(`policy ${names.policyName}: still attached to ${stillAttached.join(", ")}`);
    else {
      remove(`policy ${names.policyName}`, async () => {
        for (const version of policy.versionIds.filter((v) => v !== policy.defaultVersionId)) {
          await clients.iam.send(new DeletePolicyVersionCommand({ PolicyArn: policy.arn, VersionId: version }));
        }
        await clients.iam.send(new DeletePolicyCommand({ PolicyArn: policy.arn }));
      });
    }
  }

  const group = await discoverLogGroup(clients, scope, names.logGroupName);
  if (group !== undefined && !group.managed) kept.push(`log-group ${names.logGroupName}: not created by flowwatch`);
  if (group?.managed) remove(`log-group ${names.logGroupName}`, () => clients.logs.send(new DeleteLogGroupCommand({ logGroupName: names.logGroupName })), true);
  return { steps, kept };
}

/** Runs the plan's steps in order; tells `progress` of each. */
export async function applyDestroy(plan: DestroyPlan, progress: (what: string) => void = () => undefined): Promise<string[]> {
  const removed: string[] = [];
  for (const step of plan.steps) {
    await step.work();
    removed.push(step.what);
    progress(step.what);
  }
  return removed;
}

/** Plan and apply in one (dryRun: only the plan), for callers that do not ask. */
export async function runDestroy(clients: AwsClients, names: Names, dryRun = false): Promise<DestroyOutcome> {
  const plan = await planDestroy(clients, names);
  const removed = dryRun ? plan.steps.map((s) => s.what) : await applyDestroy(plan);
  return { removed, kept: plan.kept };
}
