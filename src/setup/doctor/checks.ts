/**
 * doctor's checklist, link by link from the caller to the newest record. A link that cannot be
 * checked because an earlier one is broken is skipped, so the failures name the broken links only.
 */
import { DescribeLogStreamsCommand, type LogStream } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeNetworkInterfacesCommand } from "@aws-sdk/client-ec2";
import { type Scope, flowLogArn, logGroupArn, roleArn } from "../arns.js";
import type { AwsClients } from "../clients.js";
import { asFound, type SetupConfig } from "../config.js";
import { type Caller, discoverLogGroup, discoverRole, whoAmI } from "../discover.js";
import { cloudWatchFlowLogs } from "../pipeline-resolution.js";
import { isAwsError } from "../errors.js";
import { findVpc } from "../vpc.js";
import { presetChecks } from "./alarm-checks.js";
import type { Check, CheckId, DoctorReport } from "./check.js";
import { passRoleCheck, rolePermissionsCheck } from "./permissions.js";
import { type GivenNames, doctorTarget } from "./target.js";
import { asPropagation, newestIamChange } from "./recent-iam.js";
import { readTrust } from "./trust.js";
import { networkCause, NoAnswerError, NotAwsResponseError } from "../sdk-errors.js";

const setupFix = "flowwatch setup (or doctor --fix)";

async function allStreams(clients: AwsClients, group: string): Promise<LogStream[]> {
  const streams: LogStream[] = [];
  let nextToken: string | undefined;
  do {
    const page = await clients.logs.send(new DescribeLogStreamsCommand({ logGroupName: group, ...(nextToken ? { nextToken } : {}) }));
    streams.push(...(page.logStreams ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return streams;
}

/** The config a report judged: its names after doctor's pipeline resolution (what --fix repairs). */
const judged = new WeakMap<DoctorReport, SetupConfig>();
export const judgedConfig = (report: DoctorReport): SetupConfig | undefined => judged.get(report);

/** What to do when GetCallerIdentity fails: an endpoint that is silent, unreachable or not AWS is no credentials problem. */
function credentialsFix(error: unknown): string {
  if (error instanceof NoAnswerError || networkCause(error) !== undefined) return "the endpoint did not answer: check --endpoint (or AWS_ENDPOINT_URL) and the network, or give a longer --timeout";
  if (error instanceof NotAwsResponseError) return "--endpoint (or AWS_ENDPOINT_URL) is not an AWS endpoint";
  return "set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, and --region; --endpoint for the local cloud";
}

/**
 * `given`: which names were options (target.ts); the others are resolved from what exists, once the
 * credentials work. Several candidate pipelines are a SetupError listing them.
 */
export async function runChecks(clients: AwsClients, config: SetupConfig, now = Date.now(), given?: GivenNames): Promise<DoctorReport> {
  const checks: Check[] = [];
  const add = (check: Check) => checks.push(check);
  const skip = (id: CheckId, title: string, because: string) => add({ id, title, status: "skip", detail: `not checked: ${because}` });
  // The role named by the flow log, when the last delivery was refused access: its IAM changes' age decides "pending".
  let refusedRole: string | undefined;
  const finish = async (): Promise<DoctorReport> => {
    // A FAILED delivery explained by a broken link above is that link's symptom, not a link of its own.
    const causes = checks.filter((c) => c.status === "fail" && c.id !== "delivery").map((c) => c.id);
    const at = checks.findIndex((c) => c.id === "delivery");
    const delivery = checks[at];
    if (delivery?.status === "fail" && causes.length > 0) {
      delivery.status = "warn";
      delivery.detail += ` (explained by ${causes.join(", ")})`;
    } else if (delivery?.status === "fail" && refusedRole !== undefined) {
      // Nothing doctor reads explains the refusal: a role or policy minutes old is probably still propagating on AWS.
      checks[at] = asPropagation(delivery, await newestIamChange(clients.iam, refusedRole), now);
    }
    const failed = checks.filter((c) => c.status === "fail").map((c) => c.id);
    const unknown = checks.filter((c) => c.status === "unknown").map((c) => c.id);
    const pending = checks.filter((c) => c.status === "pending").map((c) => c.id);
    const report = { healthy: failed.length === 0 && unknown.length === 0 && pending.length === 0, failed, unknown, pending, checks };
    judged.set(report, config);
    return report;
  };

  let scope: Scope;
  let caller: Caller;
  try {
    ({ scope, caller } = await whoAmI(clients));
    add({ id: "credentials", title: "credentials", status: "ok", detail: `${caller.arn} in ${scope.region}` });
  } catch (error) {
    add({ id: "credentials", title: "credentials", status: "fail", detail: `GetCallerIdentity: ${(error as Error).message}`, fix: credentialsFix(error) });
    return await finish();
  }
  if (given !== undefined) config = await doctorTarget(clients, config, given);

  let vpcId: string;
  try {
    vpcId = await findVpc(clients, config.vpc);
    add({ id: "vpc", title: "VPC", status: "ok", detail: vpcId });
  } catch (error) {
    add({ id: "vpc", title: "VPC", status: "fail", detail: (error as Error).message, fix: "--vpc with the VPC's id or Name tag, in the right --region" });
    return await finish();
  }

  // The flow log feeding the group (a pipeline is identified by what it delivers to), its Name tag breaking a tie.
  const feeding = await cloudWatchFlowLogs(clients.ec2, { logGroup: config.logGroupName, vpcId });
  const flowLog = feeding.find((f) => f.Tags?.some((t) => t.Key === "Name" && t.Value === config.flowLogName)) ?? feeding[0];
  if (flowLog !== undefined) config = asFound(config, flowLog);
  const roleArnValue = flowLog?.DeliverLogsPermissionArn ?? roleArn(scope, config.roleName);
  const roleName = roleArnValue.split("/").pop() ?? config.roleName;
  if (flowLog === undefined) {
    add({ id: "flow-log", title: "flow log", status: "fail", detail: `no flow log on ${vpcId} delivers to ${config.logGroupName}`, fix: setupFix });
    skip("flow-log-status", "flow log status", "no flow log");
    skip("delivery", "delivery", "no flow log");
  } else {
    const others = feeding.length > 1 ? ` (1 of ${feeding.length} flow logs of ${vpcId} delivering to it: ${feeding.map((f) => f.FlowLogId).join(", ")})` : "";
    add({ id: "flow-log", title: "flow log", status: "ok", detail: `${flowLog.FlowLogId}: ${flowLog.TrafficType} traffic to ${flowLog.LogGroupName} every ${flowLog.MaxAggregationInterval} s${others}` });
    const active = flowLog.FlowLogStatus === "ACTIVE";
    add({ id: "flow-log-status", title: "flow log status", status: active ? "ok" : "fail", detail: flowLog.FlowLogStatus ?? "unknown", ...(active ? {} : { fix: "delete the flow log and run flowwatch setup" }) });
    const status = flowLog.DeliverLogsStatus ?? "unknown";
    const failed = status === "FAILED";
    if (failed && flowLog.DeliverLogsErrorMessage === "Access error") refusedRole = roleName;
    add({
      id: "delivery", title: "delivery", status: failed ? "fail" : "ok",
      detail: failed ? `FAILED: ${flowLog.DeliverLogsErrorMessage ?? "no message"} (the last delivery; the next window retries)` : status,
      ...(failed ? { fix: flowLog.DeliverLogsErrorMessage === "Rate limited" ? "fewer flow log records (a narrower traffic type) or a higher CloudWatch Logs quota" : "the role's trust policy or permissions: see the checks below" } : {}),
    });
  }

  let role: Awaited<ReturnType<typeof discoverRole>>;
  let unreadable: string | undefined;
  try {
    role = await discoverRole(clients, scope, roleName);
  } catch (error) {
    // A caller refused GetRole learns nothing about the role: that is unknown, not broken.
    if (!isAwsError(error, "AccessDenied", "AccessDeniedException")) throw error;
    unreadable = `${(error as Error).name}: ${(error as Error).message}`;
  }
  const logGroup = await discoverLogGroup(clients, scope, config.logGroupName);
  if (unreadable !== undefined) {
    add({ id: "role", title: "role", status: "unknown", detail: `could not check: GetRole or ListAttachedRolePolicies refused to the caller (${unreadable})`, fix: "allow the caller iam:GetRole and iam:ListAttachedRolePolicies on the role" });
    for (const [id, title] of [["trust-principal", "trust policy principal"], ["trust-conditions", "trust policy conditions"], ["permissions", "role permissions"]] as const) {
      add({ id, title, status: "unknown", detail: "could not check: the role could not be read" });
    }
  } else if (role === undefined) {
    add({ id: "role", title: "role", status: "fail", detail: `${roleArnValue} does not exist`, fix: setupFix });
    for (const [id, title] of [["trust-principal", "trust policy principal"], ["trust-conditions", "trust policy conditions"], ["permissions", "role permissions"]] as const) skip(id, title, "no role");
  } else {
    add({ id: "role", title: "role", status: "ok", detail: role.arn });
    const sourceArn = flowLogArn(scope, flowLog?.FlowLogId ?? "fl-00000000000000000");
    const verdict = readTrust(role.trust, { "aws:SourceAccount": scope.account, "aws:SourceArn": sourceArn }, role.arn);
    if (verdict.principal === undefined) add({ id: "trust-principal", title: "trust policy principal", status: "unknown", detail: `could not check: ${verdict.why}` });
    else add({ id: "trust-principal", title: "trust policy principal", status: verdict.principal ? "ok" : "fail", detail: verdict.principal ? "vpc-flow-logs.amazonaws.com may assume the role (evaluated by flowwatch)" : verdict.why, ...(verdict.principal ? {} : { fix: `${setupFix}: the trust policy must allow vpc-flow-logs.amazonaws.com sts:AssumeRole` }) });
    if (!verdict.principal) skip("trust-conditions", "trust policy conditions", verdict.principal === undefined ? "the trust policy could not be read" : "the principal is missing");
    else {
      const status = verdict.conditions === true ? "ok" : verdict.conditions === false ? "fail" : "warn";
      add({ id: "trust-conditions", title: "trust policy conditions", status, detail: verdict.why, ...(status === "ok" ? {} : { fix: `${setupFix}: aws:SourceAccount ${scope.account} and aws:SourceArn ${flowLogArn(scope, "*")}` }) });
    }
    add(await rolePermissionsCheck(clients, scope, role.arn, config.logGroupName, logGroup !== undefined));
  }

  add(await passRoleCheck(clients, caller, roleArnValue));

  if (logGroup === undefined) {
    add({ id: "log-group", title: "log group", status: "fail", detail: `${config.logGroupName} does not exist`, fix: setupFix });
    skip("retention", "retention", "no log group");
    skip("streams", "log streams", "no log group");
    skip("freshness", "newest record", "no log group");
    checks.push(...(await presetChecks(clients, config, false, checks)));
    return await finish();
  }
  add({ id: "log-group", title: "log group", status: "ok", detail: logGroupArn(scope, config.logGroupName) });
  const retentionOk = logGroup.retentionDays !== undefined;
  add({ id: "retention", title: "retention", status: retentionOk ? "ok" : "warn", detail: retentionOk ? `${logGroup.retentionDays} days` : "never expires: storage grows without bound", ...(retentionOk ? {} : { fix: `${setupFix} --retention-days 30` }) });

  const streams = await allStreams(clients, config.logGroupName);
  const interfaces = (await clients.ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }))).NetworkInterfaces ?? [];
  const suffix = (flowLog?.TrafficType ?? config.trafficType).toLowerCase();
  const missing = interfaces.map((i) => `${i.NetworkInterfaceId}-${suffix}`).filter((name) => !streams.some((s) => s.logStreamName === name));
  add({ id: "streams", title: "log streams", status: missing.length === 0 ? "ok" : "warn",
    detail: missing.length === 0 ? `one per interface (${interfaces.length})` : `${missing.length} of ${interfaces.length} interfaces have no stream yet: ${missing.slice(0, 5).join(", ")}`,
    ...(missing.length === 0 ? {} : { fix: "none needed if those interfaces had no traffic yet: a stream appears with the first delivered window" }) });

  const newest = Math.max(0, ...streams.map((s) => s.lastEventTimestamp ?? s.lastIngestionTime ?? 0));
  const interval = flowLog?.MaxAggregationInterval ?? config.maxAggregationInterval;
  // AWS delivers a window about five minutes after it closes, more for 600 s windows.
  const expectedLagMs = (2 * interval + 15 * 60) * 1000;
  if (newest === 0) add({ id: "freshness", title: "newest record", status: "warn", detail: "no records yet", fix: "send traffic to an instance of the VPC and wait for the window to close" });
  else {
    const age = now - newest;
    const minutes = Math.round(age / 60_000);
    add({ id: "freshness", title: "newest record", status: age <= expectedLagMs ? "ok" : "warn", detail: `${minutes} min old`, ...(age <= expectedLagMs ? {} : { fix: "no recent traffic, or delivery stopped: see delivery above" }) });
  }
  checks.push(...(await presetChecks(clients, config, true, checks)));
  return await finish();
}

