/**
 * doctor's checklist, link by link from the caller to the newest record. A link that cannot be
 * checked because an earlier one is broken is skipped, so the failures name the broken links only.
 */
import { DescribeLogStreamsCommand, type LogStream } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeNetworkInterfacesCommand } from "@aws-sdk/client-ec2";
import { SimulatePrincipalPolicyCommand } from "@aws-sdk/client-iam";
import { type Scope, flowLogArn, logGroupArn, logGroupStreamsArn, roleArn } from "../arns.js";
import type { AwsClients } from "../clients.js";
import { asFound, type SetupConfig } from "../config.js";
import { type Caller, discoverFlowLog, discoverLogGroup, discoverRole, whoAmI } from "../discover.js";
import { findVpc } from "../vpc.js";
import { presetChecks } from "./alarm-checks.js";
import type { Check, CheckId, DoctorReport } from "./check.js";
import { readTrust } from "./trust.js";

const setupFix = "flowwatch setup (or doctor --fix)";

/** A role session's caller is checked as its role; users and roles as themselves. */
export function principalArnOf(caller: Caller): string {
  const session = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(caller.arn);
  return session ? `arn:${session[1]}:iam::${session[2]}:role/${session[3]}` : caller.arn;
}

async function simulate(clients: AwsClients, principal: string, actions: string[], resource: string): Promise<Map<string, string>> {
  const answer = await clients.iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: principal, ActionNames: actions, ResourceArns: [resource] }));
  return new Map((answer.EvaluationResults ?? []).map((r) => [r.EvalActionName ?? "", r.EvalDecision ?? "implicitDeny"]));
}

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

export async function runChecks(clients: AwsClients, config: SetupConfig, now = Date.now()): Promise<DoctorReport> {
  const checks: Check[] = [];
  const add = (check: Check) => checks.push(check);
  const skip = (id: CheckId, title: string, because: string) => add({ id, title, status: "skip", detail: `not checked: ${because}` });
  const finish = (): DoctorReport => {
    // A FAILED delivery explained by a broken link above is that link's symptom, not a link of its own.
    const causes = checks.filter((c) => c.status === "fail" && c.id !== "delivery").map((c) => c.id);
    const delivery = checks.find((c) => c.id === "delivery");
    if (delivery?.status === "fail" && causes.length > 0) {
      delivery.status = "warn";
      delivery.detail += ` (explained by ${causes.join(", ")})`;
    }
    const failed = checks.filter((c) => c.status === "fail").map((c) => c.id);
    return { healthy: failed.length === 0, failed, checks };
  };

  let scope: Scope;
  let caller: Caller;
  try {
    ({ scope, caller } = await whoAmI(clients));
    add({ id: "credentials", title: "credentials", status: "ok", detail: `${caller.arn} in ${scope.region}` });
  } catch (error) {
    add({ id: "credentials", title: "credentials", status: "fail", detail: `GetCallerIdentity: ${(error as Error).message}`, fix: "set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, and --region; --endpoint for the local cloud" });
    return finish();
  }

  let vpcId: string;
  try {
    vpcId = await findVpc(clients, config.vpc);
    add({ id: "vpc", title: "VPC", status: "ok", detail: vpcId });
  } catch (error) {
    add({ id: "vpc", title: "VPC", status: "fail", detail: (error as Error).message, fix: "--vpc with the VPC's id or Name tag, in the right --region" });
    return finish();
  }

  const flowLog = await discoverFlowLog(clients, vpcId, config);
  if (flowLog !== undefined) config = asFound(config, flowLog);
  const roleArnValue = flowLog?.DeliverLogsPermissionArn ?? roleArn(scope, config.roleName);
  const roleName = roleArnValue.split("/").pop() ?? config.roleName;
  if (flowLog === undefined) {
    add({ id: "flow-log", title: "flow log", status: "fail", detail: `no flow log on ${vpcId} named ${config.flowLogName} or delivering to ${config.logGroupName}`, fix: setupFix });
    skip("flow-log-status", "flow log status", "no flow log");
    skip("delivery", "delivery", "no flow log");
  } else {
    add({ id: "flow-log", title: "flow log", status: "ok", detail: `${flowLog.FlowLogId}: ${flowLog.TrafficType} traffic to ${flowLog.LogGroupName} every ${flowLog.MaxAggregationInterval} s` });
    const active = flowLog.FlowLogStatus === "ACTIVE";
    add({ id: "flow-log-status", title: "flow log status", status: active ? "ok" : "fail", detail: flowLog.FlowLogStatus ?? "unknown", ...(active ? {} : { fix: "delete the flow log and run flowwatch setup" }) });
    const status = flowLog.DeliverLogsStatus ?? "unknown";
    const failed = status === "FAILED";
    add({
      id: "delivery", title: "delivery", status: failed ? "fail" : "ok",
      detail: failed ? `FAILED: ${flowLog.DeliverLogsErrorMessage ?? "no message"} (the last delivery; the next window retries)` : status,
      ...(failed ? { fix: flowLog.DeliverLogsErrorMessage === "Rate limited" ? "fewer flow log records (a narrower traffic type) or a higher CloudWatch Logs quota" : "the role's trust policy or permissions: see the checks below" } : {}),
    });
  }

  const role = await discoverRole(clients, scope, roleName);
  const logGroup = await discoverLogGroup(clients, scope, config.logGroupName);
  if (role === undefined) {
    add({ id: "role", title: "role", status: "fail", detail: `${roleArnValue} does not exist`, fix: setupFix });
    for (const [id, title] of [["trust-principal", "trust policy principal"], ["trust-conditions", "trust policy conditions"], ["permissions", "role permissions"]] as const) skip(id, title, "no role");
  } else {
    add({ id: "role", title: "role", status: "ok", detail: role.arn });
    const sourceArn = flowLogArn(scope, flowLog?.FlowLogId ?? "fl-00000000000000000");
    const verdict = readTrust(role.trust, { "aws:SourceAccount": scope.account, "aws:SourceArn": sourceArn });
    add({ id: "trust-principal", title: "trust policy principal", status: verdict.principal ? "ok" : "fail", detail: verdict.principal ? "vpc-flow-logs.amazonaws.com may assume the role" : verdict.why, ...(verdict.principal ? {} : { fix: `${setupFix}: the trust policy must allow vpc-flow-logs.amazonaws.com sts:AssumeRole` }) });
    if (!verdict.principal) skip("trust-conditions", "trust policy conditions", "the principal is missing");
    else {
      const status = verdict.conditions === true ? "ok" : verdict.conditions === false ? "fail" : "warn";
      add({ id: "trust-conditions", title: "trust policy conditions", status, detail: verdict.why, ...(status === "ok" ? {} : { fix: `${setupFix}: aws:SourceAccount ${scope.account} and aws:SourceArn ${flowLogArn(scope, "*")}` }) });
    }
    const actions = ["logs:CreateLogStream", "logs:PutLogEvents", ...(logGroup === undefined ? ["logs:CreateLogGroup"] : [])];
    try {
      const decisions = await simulate(clients, role.arn, actions, logGroupStreamsArn(scope, config.logGroupName));
      const denied = actions.filter((a) => decisions.get(a) !== "allowed");
      add({ id: "permissions", title: "role permissions", status: denied.length === 0 ? "ok" : "fail",
        detail: denied.length === 0 ? `${actions.join(", ")} allowed on ${logGroupArn(scope, config.logGroupName)}` : `denied: ${denied.map((a) => `${a} (${decisions.get(a) ?? "implicitDeny"})`).join(", ")}`,
        ...(denied.length === 0 ? {} : { fix: `${setupFix}: the role's policy must allow ${denied.join(", ")} on ${logGroupStreamsArn(scope, config.logGroupName)}` }) });
    } catch (error) {
      add({ id: "permissions", title: "role permissions", status: "warn", detail: `could not simulate: ${(error as Error).message}`, fix: "the caller needs iam:SimulatePrincipalPolicy" });
    }
  }

  if (caller.isRoot) add({ id: "pass-role", title: "iam:PassRole", status: "ok", detail: "the account's root may pass any role" });
  else {
    const principal = principalArnOf(caller);
    try {
      const decision = (await simulate(clients, principal, ["iam:PassRole"], roleArnValue)).get("iam:PassRole");
      const ok = decision === "allowed";
      add({ id: "pass-role", title: "iam:PassRole", status: ok ? "ok" : "fail", detail: ok ? `${principal} may pass ${roleArnValue}` : `${principal} may not pass ${roleArnValue} (${decision ?? "implicitDeny"}): CreateFlowLogs will fail`,
        ...(ok ? {} : { fix: `allow iam:PassRole on ${roleArnValue} to ${principal} (doctor --fix adds an inline policy when the caller is an IAM user allowed iam:PutUserPolicy)` }) });
    } catch (error) {
      add({ id: "pass-role", title: "iam:PassRole", status: "warn", detail: `could not simulate: ${(error as Error).message}`, fix: "the caller needs iam:SimulatePrincipalPolicy" });
    }
  }

  if (logGroup === undefined) {
    add({ id: "log-group", title: "log group", status: "fail", detail: `${config.logGroupName} does not exist`, fix: setupFix });
    skip("retention", "retention", "no log group");
    skip("streams", "log streams", "no log group");
    skip("freshness", "newest record", "no log group");
    checks.push(...(await presetChecks(clients, config, false, checks)));
    return finish();
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
  return finish();
}

