/**
 * The plan: for each resource of the pipeline, create, update or unchanged, with the reason, and the
 * SDK calls that make it so. Planning reads nothing itself: it compares discovery with the config.
 */
import { alarmDifferences, filterDifferences } from "./alarms/compare.js";
import { buildPreset, describeAlarm } from "./alarms/preset.js";
import { type Scope, policyArn, roleArn } from "./arns.js";
import type { SetupConfig } from "./config.js";
import type { Discovered } from "./discover.js";
import { permissionsPolicy, sameDocument, trustPolicy } from "./documents.js";
import type { ResourceWork } from "./resources.js";

export type Action = "create" | "update" | "unchanged";
export type ResourceKind = "policy" | "role" | "attachment" | "log-group" | "flow-log" | "metric-filter" | "alarm";

export interface PlanStep {
  resource: ResourceKind;
  name: string;
  action: Action;
  /** Why, for an update; what, for a create. */
  detail: string;
  work: ResourceWork[];
}

export interface Plan {
  scope: Scope;
  vpcId: string;
  steps: PlanStep[];
  /** Said with the plan: parts of the alarm preset left out, and why. */
  notes: string[];
}

export const hasChanges = (plan: Plan) => plan.steps.some((s) => s.action !== "unchanged");

function step(resource: ResourceKind, name: string, changes: string[], exists: boolean, work: ResourceWork[], createDetail: string): PlanStep {
  if (!exists) return { resource, name, action: "create", detail: createDetail, work };
  if (changes.length === 0) return { resource, name, action: "unchanged", detail: "", work: [] };
  return { resource, name, action: "update", detail: changes.join("; "), work };
}

export function plan(config: SetupConfig, found: Discovered): Plan {
  const { scope } = found;
  const policyDocument = permissionsPolicy(scope, config.logGroupName, config.seedExact);
  const trust = trustPolicy(scope, config.seedExact);
  const policyArnValue = policyArn(scope, config.policyName);
  const roleArnValue = roleArn(scope, config.roleName);
  const steps: PlanStep[] = [];

  const policyChanged = found.policy !== undefined && !sameDocument(found.policy.document, policyDocument);
  steps.push(
    step("policy", config.policyName, policyChanged ? ["the default version's document differs: a new default version"] : [], found.policy !== undefined,
      found.policy === undefined ? [{ kind: "create-policy", document: policyDocument }] : [{ kind: "update-policy", document: policyDocument, versionIds: found.policy.versionIds, defaultVersionId: found.policy.defaultVersionId }],
      config.seedExact ? "the tutorial's document" : "logs actions on the log group's ARNs only"),
  );

  const trustChanged = found.role !== undefined && !sameDocument(found.role.trust, trust);
  steps.push(
    step("role", config.roleName, trustChanged ? ["the trust policy differs"] : [], found.role !== undefined,
      found.role === undefined ? [{ kind: "create-role", trust }] : [{ kind: "update-trust", trust }],
      config.seedExact ? "trusting vpc-flow-logs.amazonaws.com" : "trusting vpc-flow-logs.amazonaws.com for this account's flow logs only"),
  );

  const attached = found.role?.attachedPolicyArns.includes(policyArnValue) ?? false;
  steps.push(step("attachment", `${config.policyName} -> ${config.roleName}`, [], attached, [{ kind: "attach-policy" }], "attach the policy to the role"));

  const groupChanges = found.logGroup !== undefined && found.logGroup.retentionDays !== config.retentionDays
    ? [`retention ${found.logGroup.retentionDays ?? "never"} -> ${config.retentionDays ?? "never"} days`] : [];
  steps.push(
    step("log-group", config.logGroupName, groupChanges, found.logGroup !== undefined,
      found.logGroup === undefined ? [{ kind: "create-log-group" }] : [{ kind: "set-retention" }],
      `retention ${config.retentionDays ?? "never"} days`),
  );

  const f = found.flowLog;
  const flowChanges: string[] = [];
  if (f !== undefined) {
    if (f.TrafficType !== config.trafficType) flowChanges.push(`traffic type ${f.TrafficType} -> ${config.trafficType}`);
    if ((f.LogFormat ?? "") !== config.logFormat) flowChanges.push("record format differs");
    if (f.MaxAggregationInterval !== config.maxAggregationInterval) flowChanges.push(`interval ${f.MaxAggregationInterval} -> ${config.maxAggregationInterval}`);
    if (f.DeliverLogsPermissionArn !== roleArnValue) flowChanges.push(`role ${f.DeliverLogsPermissionArn ?? "none"} -> ${roleArnValue}`);
    if (f.LogGroupName !== config.logGroupName) flowChanges.push(`log group ${f.LogGroupName} -> ${config.logGroupName}`);
    // Flow logs cannot be modified: a changed one is replaced.
    if (flowChanges.length > 0) flowChanges[0] = `replaced (flow logs cannot be modified): ${flowChanges[0]}`;
  }
  steps.push(
    step("flow-log", config.flowLogName, flowChanges, f !== undefined,
      f === undefined ? [{ kind: "create-flow-log" }] : [{ kind: "delete-flow-log", flowLogId: f.FlowLogId ?? "" }, { kind: "create-flow-log" }],
      `${config.trafficType} traffic of ${found.vpcId}, every ${config.maxAggregationInterval} s`),
  );
  const notes: string[] = [];
  if (config.alarmPreset) {
    const preset = buildPreset(config);
    const existing = found.preset ?? { filters: new Map(), alarms: new Map() };
    // The filters need the log group, which comes first; the alarms need only the metrics' names.
    for (const f of preset.filters) {
      const current = existing.filters.get(f.filterName);
      steps.push(step("metric-filter", f.filterName, current === undefined ? [] : filterDifferences(current, f), current !== undefined,
        [{ kind: "put-metric-filter", filter: f }], `${f.metricNamespace} ${f.metricName}: ${f.counts}`));
    }
    for (const a of preset.alarms) {
      const current = existing.alarms.get(a.AlarmName);
      steps.push(step("alarm", a.AlarmName, current === undefined ? [] : alarmDifferences(current, a), current !== undefined,
        [{ kind: "put-metric-alarm", alarm: a, create: current === undefined }], describeAlarm(a)));
    }
    notes.push(...preset.omitted.map((why) => `no alarm for ${why}`));
  }
  return { scope, vpcId: found.vpcId, steps, notes };
}

export function formatPlan(p: Plan): string {
  const width = Math.max(...p.steps.map((s) => s.resource.length + s.name.length + 1));
  return [
    ...p.steps.map((s) => `  ${s.action.padEnd(9)} ${`${s.resource} ${s.name}`.padEnd(width)}${s.detail ? `  (${s.detail})` : ""}`.trimEnd()),
    ...p.notes.map((n) => `  note: ${n}`),
  ].join("\n");
}
