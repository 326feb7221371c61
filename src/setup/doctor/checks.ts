/**
 * doctor's checklist, link by link from the caller to the newest record: each link is a function of
 * links/ and this file runs them in order. A link that cannot be checked because an earlier one is
 * broken is skipped, so the failures name the broken links only.
 */
import { DescribeNetworkInterfacesCommand } from "@aws-sdk/client-ec2";
import { nameOf, roleArn } from "../arns.js";
import type { AwsClients } from "../clients.js";
import { asFound, type SetupConfig } from "../config.js";
import { discoverLogGroup, discoverRole } from "../discover.js";
import { isAwsError } from "../errors.js";
import { cloudWatchFlowLogs } from "../pipeline-resolution.js";
import { presetChecks } from "./alarm-checks.js";
import type { Check, DoctorReport } from "./check.js";
import { credentialsLink } from "./links/credentials.js";
import { flowLogLinks } from "./links/flow-log.js";
import { logGroupLink } from "./links/log-group.js";
import { newestRecordLink } from "./links/newest-record.js";
import { retentionLink } from "./links/retention.js";
import { roleLink } from "./links/role.js";
import { allStreams, streamsLink } from "./links/streams.js";
import { trustLinks } from "./links/trust.js";
import { vpcLink } from "./links/vpc.js";
import { passRoleCheck, rolePermissionsCheck } from "./permissions.js";
import { asPropagation, newestIamChange } from "./recent-iam.js";
import { type GivenNames, doctorTarget } from "./target.js";

/** The config a report judged: its names after doctor's pipeline resolution (what --fix repairs). */
const judged = new WeakMap<DoctorReport, SetupConfig>();
export const judgedConfig = (report: DoctorReport): SetupConfig | undefined => judged.get(report);

/**
 * `given`: which names were options (target.ts); the others are resolved from what exists, once the
 * credentials work. Several candidate pipelines are a SetupError listing them.
 */
export async function runChecks(clients: AwsClients, config: SetupConfig, now = Date.now(), given?: GivenNames): Promise<DoctorReport> {
  const checks: Check[] = [];
  const add = (check: Check) => checks.push(check);
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

  const credentials = await credentialsLink(clients);
  add(credentials.check);
  if (credentials.identity === undefined) return await finish();
  const { scope, caller } = credentials.identity;
  if (given !== undefined) config = await doctorTarget(clients, config, given);

  const vpc = await vpcLink(clients, config.vpc);
  add(vpc.check);
  if (vpc.vpcId === undefined) return await finish();
  const vpcId = vpc.vpcId;

  // The flow log feeding the group (a pipeline is identified by what it delivers to), its Name tag breaking a tie.
  const feeding = await cloudWatchFlowLogs(clients.ec2, { logGroup: config.logGroupName, vpcId });
  const flowLog = feeding.find((f) => f.Tags?.some((t) => t.Key === "Name" && t.Value === config.flowLogName)) ?? feeding[0];
  if (flowLog !== undefined) config = asFound(config, flowLog);
  const roleArnValue = flowLog?.DeliverLogsPermissionArn ?? roleArn(scope, config.roleName);
  const roleName = nameOf(roleArnValue);
  const flowLogChecks = flowLogLinks(flowLog, feeding, vpcId, config.logGroupName);
  checks.push(...flowLogChecks.checks);
  if (flowLogChecks.accessRefused) refusedRole = roleName;

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
  checks.push(...roleLink(role, roleArnValue, unreadable));
  if (unreadable === undefined && role !== undefined) {
    checks.push(...trustLinks(role.trust, role.arn, scope, flowLog?.FlowLogId));
    add(await rolePermissionsCheck(clients, scope, role.arn, config.logGroupName, logGroup !== undefined));
  }

  add(await passRoleCheck(clients, caller, roleArnValue));

  checks.push(...logGroupLink(logGroup !== undefined, scope, config.logGroupName));
  if (logGroup === undefined) {
    checks.push(...(await presetChecks(clients, config, false, checks)));
    return await finish();
  }
  add(retentionLink(logGroup.retentionDays));

  const streams = await allStreams(clients, config.logGroupName);
  const interfaces = (await clients.ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }))).NetworkInterfaces ?? [];
  add(streamsLink(streams, interfaces, flowLog?.TrafficType ?? config.trafficType));
  add(newestRecordLink(streams, flowLog?.MaxAggregationInterval ?? config.maxAggregationInterval, now));
  checks.push(...(await presetChecks(clients, config, true, checks)));
  return await finish();
}
