/**
 * The plan: for each resource of the pipeline, create, update, unchanged or kept (a difference found
 * and left as the user set it), with the reason, a before/after diff, and the SDK calls that make it so.
 * Planning reads nothing itself: it compares discovery with the config.
 */
import { alarmDifferences, filterDifferences } from "./alarms/compare.js";
import { buildPreset, describeAlarm } from "./alarms/preset.js";
import { type Scope, flowLogArn, policyArn, roleArn } from "./arns.js";
import { asFound, type SetupConfig } from "./config.js";
import type { Discovered } from "./discover.js";
import { readTrust } from "./doctor/trust.js";
import { FLOW_LOGS_SERVICE, permissionsPolicy, sameDocument, trustPolicy } from "./documents.js";
import { documentDiff, formatName } from "./plan-diff.js";
import { withDeliveryPermissions, withFlowLogsTrust } from "./repairs.js";
import { MAX_POLICY_VERSIONS, type ResourceWork } from "./resources.js";

export type Action = "create" | "update" | "unchanged" | "kept";
export type ResourceKind = "policy" | "role" | "attachment" | "log-group" | "flow-log" | "metric-filter" | "alarm";

export interface PlanStep {
  resource: ResourceKind;
  name: string;
  action: Action;
  /** Why, for an update or a kept difference; what, for a create. */
  detail: string;
  /** Before/after of what changes (or of the difference kept): `retention: 365 -> 30 days`, a document's changed lines. */
  diff: string[];
  /** Deletes data (a shorter retention, a flow log recreated): applied only with --yes and the flag naming it. */
  destructive: boolean;
  work: ResourceWork[];
}

export interface Plan {
  scope: Scope;
  vpcId: string;
  steps: PlanStep[];
  /** Said with the plan: parts of the alarm preset left out, and why. */
  notes: string[];
}

/** Links doctor --fix found broken: their documents get the smallest change that repairs them. */
export type Repair = "trust" | "permissions";

export const hasChanges = (plan: Plan) => plan.steps.some((s) => s.action === "create" || s.action === "update");
export const destructiveSteps = (plan: Plan) => plan.steps.filter((s) => s.destructive && s.action === "update");

const create = (resource: ResourceKind, name: string, detail: string, work: ResourceWork[]): PlanStep => ({
  resource,
  name,
  action: "create",
  detail,
  diff: [],
  destructive: false,
  work,
});
const unchanged = (resource: ResourceKind, name: string): PlanStep => ({
  resource,
  name,
  action: "unchanged",
  detail: "",
  diff: [],
  destructive: false,
  work: [],
});
const kept = (resource: ResourceKind, name: string, detail: string, diff: string[] = []): PlanStep => ({
  resource,
  name,
  action: "kept",
  detail,
  diff,
  destructive: false,
  work: [],
});
const update = (resource: ResourceKind, name: string, detail: string, diff: string[], work: ResourceWork[], destructive = false): PlanStep => ({
  resource,
  name,
  action: "update",
  detail,
  diff,
  destructive,
  work,
});

const days = (d: number | undefined) => (d === undefined ? "never expires" : `${d} days`);

function policyStep(config: SetupConfig, found: Discovered, repair: ReadonlySet<Repair>): PlanStep {
  const ours = permissionsPolicy(found.scope, config.logGroupName, config.seedExact);
  const { policyName: name } = config;
  const p = found.policy;
  if (p === undefined)
    return create("policy", name, config.seedExact ? "the tutorial's document" : "logs actions on the log group's ARNs only", [
      { kind: "create-policy", document: ours },
    ]);
  if (sameDocument(p.document, ours)) return unchanged("policy", name);
  const newVersion = (document: object): ResourceWork[] => [
    { kind: "update-policy", document, versionIds: p.versionIds, defaultVersionId: p.defaultVersionId },
  ];
  // IAM keeps five versions: the oldest that is not the default makes room (resources.ts), and the plan says which.
  const oldest = p.versionIds.filter((v) => v !== p.defaultVersionId).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))[0];
  const room =
    p.versionIds.length >= MAX_POLICY_VERSIONS && oldest !== undefined ? `; IAM keeps ${MAX_POLICY_VERSIONS} versions, so version ${oldest} is deleted` : "";
  if (config.replace.policy)
    return update(
      "policy",
      name,
      `a new default version with flowwatch's document (--replace-policy)${room}`,
      documentDiff(p.document, ours),
      newVersion(ours),
    );
  if (repair.has("permissions")) {
    const repaired = withDeliveryPermissions(p.document, ours);
    if (!sameDocument(p.document, repaired))
      return update(
        "policy",
        name,
        `the role's permissions failed: flowwatch's statement added, the rest kept${room}`,
        documentDiff(p.document, repaired),
        newVersion(repaired),
      );
  }
  return kept("policy", name, "the document differs from flowwatch's; kept (--replace-policy replaces it)", documentDiff(p.document, ours));
}

function roleStep(config: SetupConfig, found: Discovered, repair: ReadonlySet<Repair>): PlanStep {
  const ours = trustPolicy(found.scope, config.seedExact);
  const { roleName: name } = config;
  const r = found.role;
  if (r === undefined)
    return create("role", name, config.seedExact ? `trusting ${FLOW_LOGS_SERVICE}` : `trusting ${FLOW_LOGS_SERVICE} for this account's flow logs only`, [
      { kind: "create-role", trust: ours },
    ]);
  if (sameDocument(r.trust, ours)) return unchanged("role", name);
  if (config.replace.trustPolicy)
    return update("role", name, "the trust policy becomes flowwatch's (--replace-trust-policy)", documentDiff(r.trust, ours), [
      { kind: "update-trust", trust: ours },
    ]);
  // A new flow log's id is not known yet: any id of this account and Region stands for it.
  const verdict = readTrust(r.trust, {
    "aws:SourceAccount": found.scope.account,
    "aws:SourceArn": flowLogArn(found.scope, found.flowLog?.FlowLogId ?? "fl-00000000000000000"),
  });
  // A document the engine cannot read may well work (IAM knows operators the engine does not): it is the user's, not broken.
  if (verdict.principal === undefined)
    return kept(
      "role",
      name,
      `kept: flowwatch could not read this trust policy (${verdict.why}); --replace-trust-policy replaces it`,
      documentDiff(r.trust, ours),
    );
  // Without the service in the trust policy nothing is delivered: adding it is the tutorial's step 3, not a choice to respect.
  const broken = !verdict.principal || (verdict.conditions === false && repair.has("trust"));
  if (broken) {
    const repaired = withFlowLogsTrust(r.trust, ours);
    const why = verdict.principal
      ? `the trust policy does not admit this account's flow logs (${verdict.why})`
      : `the trust policy does not let ${FLOW_LOGS_SERVICE} assume the role`;
    return update("role", name, `${why}: flowwatch's statement for it, the other statements kept`, documentDiff(r.trust, repaired), [
      { kind: "update-trust", trust: repaired },
    ]);
  }
  const warning = verdict.conditions === false ? `; its conditions do not admit this flow log (${verdict.why}): delivery will fail` : "";
  return kept("role", name, `the trust policy differs from flowwatch's; kept (--replace-trust-policy replaces it)${warning}`, documentDiff(r.trust, ours));
}

function logGroupStep(config: SetupConfig, found: Discovered): PlanStep {
  const { logGroupName: name, retentionDays: wanted } = config;
  const g = found.logGroup;
  if (g === undefined) return create("log-group", name, `retention ${days(wanted)}`, [{ kind: "create-log-group" }]);
  const current = g.retentionDays;
  if (current === wanted) return unchanged("log-group", name);
  const longer = current === undefined || (wanted !== undefined && current > wanted);
  if (!config.retentionGiven) {
    const why = longer ? `longer than ${wanted ?? "never"}` : `setup's default for a new group is ${wanted ?? "never"}; --retention-days sets it`;
    return kept("log-group", name, `retention ${days(current)} kept (${why})`);
  }
  // AWS deletes the events older than a shortened retention.
  const diff = [`retention: ${current ?? "never"} -> ${wanted === undefined ? "never" : `${wanted} days`}`];
  return longer
    ? update(
        "log-group",
        name,
        `DESTRUCTIVE: events older than ${wanted} days are deleted (--retention-days ${wanted})`,
        diff,
        [{ kind: "set-retention" }],
        true,
      )
    : update("log-group", name, `retention longer (--retention-days ${wanted ?? "never"})`, diff, [{ kind: "set-retention" }]);
}

function flowLogStep(config: SetupConfig, found: Discovered): PlanStep {
  const f = found.flowLog;
  const name = config.flowLogName;
  if (f === undefined)
    return create(
      "flow-log",
      name,
      `${config.trafficType} traffic of ${found.vpcId}, every ${config.maxAggregationInterval} s, ${formatName(config.logFormat)} format`,
      [{ kind: "create-flow-log" }],
    );
  const roleArnValue = roleArn(found.scope, config.roleName);
  const diff: string[] = [];
  if (f.TrafficType !== config.trafficType) diff.push(`traffic type: ${f.TrafficType} -> ${config.trafficType}`);
  if ((f.LogFormat ?? "") !== config.logFormat) diff.push(`format: ${formatName(f.LogFormat)} -> ${formatName(config.logFormat)}`);
  if (f.MaxAggregationInterval !== config.maxAggregationInterval) diff.push(`interval: ${f.MaxAggregationInterval} -> ${config.maxAggregationInterval} s`);
  if (f.DeliverLogsPermissionArn !== roleArnValue) diff.push(`role: ${f.DeliverLogsPermissionArn ?? "none"} -> ${roleArnValue}`);
  if (f.LogGroupName !== config.logGroupName) diff.push(`log group: ${f.LogGroupName} -> ${config.logGroupName}`);
  if (diff.length === 0) return unchanged("flow-log", name);
  // Flow logs cannot be modified: changing one is deleting it and creating another, and the traffic in between is not recorded.
  if (!config.replace.flowLog)
    return kept(
      "flow-log",
      name,
      `${f.FlowLogId} differs; kept (flow logs cannot be modified: --replace-flow-log recreates it, losing the records meanwhile)`,
      diff,
    );
  return update(
    "flow-log",
    name,
    `DESTRUCTIVE: ${f.FlowLogId} is deleted and created again (--replace-flow-log); records are lost meanwhile`,
    diff,
    [{ kind: "delete-flow-log", flowLogId: f.FlowLogId ?? "" }, { kind: "create-flow-log" }],
    true,
  );
}

/** The preset's steps. Built from the flow log as it will be: the found one when kept, so the patterns match the records really delivered. */
function presetSteps(config: SetupConfig, found: Discovered, records: SetupConfig, notes: string[]): PlanStep[] {
  const steps: PlanStep[] = [];
  const existing = found.preset ?? { filters: new Map(), alarms: new Map() };
  const preset = buildPreset(records);
  if (!config.alarmPreset) {
    // Not asked for the preset, setup leaves its settings alone; but a pattern of another format counts nothing, so the patterns follow the flow log.
    for (const f of preset.filters) {
      const current = existing.filters.get(f.filterName);
      if (current === undefined || current.filterPattern === f.filterPattern) continue;
      steps.push(
        update(
          "metric-filter",
          f.filterName,
          `the pattern follows the flow log's ${formatName(records.logFormat)} format`,
          [`filterPattern: '${current.filterPattern ?? ""}' -> '${f.filterPattern}'`],
          [{ kind: "put-metric-filter", filter: f }],
        ),
      );
    }
    const gone = [...existing.filters.keys()].filter((n) => !preset.filters.some((f) => f.filterName === n));
    if (gone.length > 0)
      notes.push(`metric filters ${gone.join(", ")} kept as they are: the flow log's format cannot feed them (${preset.omitted.join("; ")})`);
    return steps;
  }
  // The filters need the log group, which comes first; the alarms need only the metrics' names.
  for (const f of preset.filters) {
    const current = existing.filters.get(f.filterName);
    const work: ResourceWork[] = [{ kind: "put-metric-filter", filter: f }];
    if (current === undefined) steps.push(create("metric-filter", f.filterName, `${f.metricNamespace} ${f.metricName}: ${f.counts}`, work));
    else {
      const changes = filterDifferences(current, f);
      steps.push(
        changes.length === 0 ? unchanged("metric-filter", f.filterName) : update("metric-filter", f.filterName, "differs from the preset", changes, work),
      );
    }
  }
  for (const a of preset.alarms) {
    const current = existing.alarms.get(a.AlarmName);
    if (current === undefined) steps.push(create("alarm", a.AlarmName, describeAlarm(a), [{ kind: "put-metric-alarm", alarm: a, create: true }]));
    else {
      const changes = alarmDifferences(current, a);
      steps.push(
        changes.length === 0
          ? unchanged("alarm", a.AlarmName)
          : update("alarm", a.AlarmName, "differs from the preset", changes, [{ kind: "put-metric-alarm", alarm: a, create: false }]),
      );
    }
  }
  notes.push(...preset.omitted.map((why) => `no alarm for ${why}`));
  return steps;
}

export function plan(config: SetupConfig, found: Discovered, repair: ReadonlySet<Repair> = new Set()): Plan {
  const policyArnValue = policyArn(found.scope, config.policyName);
  const attached = found.role?.attachedPolicyArns.includes(policyArnValue) ?? false;
  const flowLog = flowLogStep(config, found);
  const notes: string[] = [];
  const steps = [
    policyStep(config, found, repair),
    roleStep(config, found, repair),
    attached
      ? unchanged("attachment", `${config.policyName} -> ${config.roleName}`)
      : create("attachment", `${config.policyName} -> ${config.roleName}`, "attach the policy to the role", [{ kind: "attach-policy" }]),
    logGroupStep(config, found),
    flowLog,
  ];
  const records = found.flowLog !== undefined && (flowLog.action === "kept" || flowLog.action === "unchanged") ? asFound(config, found.flowLog) : config;
  steps.push(...presetSteps(config, found, records, notes));
  return { scope: found.scope, vpcId: found.vpcId, steps, notes };
}

export function formatPlan(p: Plan): string {
  const width = Math.max(...p.steps.map((s) => s.resource.length + s.name.length + 1));
  return [
    ...p.steps.flatMap((s) => [
      `  ${s.action.padEnd(9)} ${`${s.resource} ${s.name}`.padEnd(width)}${s.detail ? `  (${s.detail})` : ""}`.trimEnd(),
      ...s.diff.map((line) => `              ${line}`),
    ]),
    ...p.notes.map((n) => `  note: ${n}`),
  ].join("\n");
}
