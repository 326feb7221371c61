/**
 * The tutorial's six links for the dashboard's Pipeline page, read through the SDK. A stand-in until
 * `flowwatch doctor`'s checks (src/setup/) can be called: DeliverLogsStatus is the authority, plus the
 * checks that need one call each (log group, role, trust policy).
 */
import { DescribeLogGroupsCommand, DescribeLogStreamsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { GetRoleCommand } from "@aws-sdk/client-iam";
import type { AwsClients } from "./aws-clients.js";
import { flowLogsOf } from "./flow-log-format.js";

export type LinkState = "ok" | "broken" | "unknown";

export interface PipelineLink {
  step: number;
  name: string;
  state: LinkState;
  detail: string;
  fix?: string;
}

export interface PipelineStatus {
  logGroup: string;
  source: string;
  links: PipelineLink[];
}

const FLOW_LOGS_PRINCIPAL = "vpc-flow-logs.amazonaws.com";

export async function pipelineStatus(clients: AwsClients, logGroup: string, now = Date.now()): Promise<PipelineStatus> {
  const links: PipelineLink[] = [];
  const flowLogs = await flowLogsOf(clients.ec2, logGroup);
  const flowLog = flowLogs[0];
  const roleArn = flowLog?.DeliverLogsPermissionArn;
  const roleName = roleArn?.split("/").pop();

  let trust: LinkState = "unknown";
  let roleDetail = roleArn === undefined ? "no flow log names a role yet" : `role ${roleName}`;
  let trustDetail = "needs the role";
  if (roleName !== undefined) {
    try {
      const role = (await clients.iam.send(new GetRoleCommand({ RoleName: roleName }))).Role;
      roleDetail = `${role?.Arn} exists`;
      const doc = JSON.parse(decodeURIComponent(role?.AssumeRolePolicyDocument ?? "{}")) as { Statement?: unknown };
      trust = trusts(doc) ? "ok" : "broken";
      trustDetail = trust === "ok" ? `${FLOW_LOGS_PRINCIPAL} may sts:AssumeRole` : `the trust policy does not let ${FLOW_LOGS_PRINCIPAL} assume the role`;
    } catch (error) {
      roleDetail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
  }
  const roleOk = trust !== "unknown";
  links.push({
    step: 1,
    name: "IAM policy allowing logs:CreateLogGroup, CreateLogStream, PutLogEvents, DescribeLogGroups, DescribeLogStreams",
    state: flowLog?.DeliverLogsStatus === "SUCCESS" ? "ok" : flowLog?.DeliverLogsErrorMessage === "Access error" ? "unknown" : "unknown",
    detail: flowLog?.DeliverLogsStatus === "SUCCESS" ? "deliveries succeed, so the role's permissions suffice" : "not checked here: run flowwatch doctor",
    fix: "attach a policy with those five actions on Resource * to the role (aws iam attach-role-policy)",
  });
  links.push({ step: 2, name: "IAM role for the flow log", state: roleOk ? "ok" : roleArn === undefined ? "unknown" : "broken", detail: roleDetail, fix: "aws iam create-role --role-name my-flowlog-role ..." });
  links.push({
    step: 3,
    name: `trust policy: ${FLOW_LOGS_PRINCIPAL} may assume the role`,
    state: trust,
    detail: trustDetail,
    fix: `aws iam update-assume-role-policy --role-name ${roleName ?? "my-flowlog-role"} --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"${FLOW_LOGS_PRINCIPAL}"},"Action":"sts:AssumeRole"}]}'`,
  });
  const groups = (await clients.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroup }))).logGroups ?? [];
  const groupExists = groups.some((g) => g.logGroupName === logGroup);
  links.push({ step: 4, name: `log group ${logGroup}`, state: groupExists ? "ok" : "broken", detail: groupExists ? "exists" : "does not exist", fix: `aws logs create-log-group --log-group-name ${logGroup}` });
  const status = flowLog?.DeliverLogsStatus;
  links.push({
    step: 5,
    name: "flow log delivering to the group",
    state: flowLog === undefined ? "broken" : status === "FAILED" ? "broken" : "ok",
    detail: flowLog === undefined ? "no flow log delivers to this group" : `${flowLog.FlowLogId} on ${flowLog.ResourceId}: DeliverLogsStatus ${status}${flowLog.DeliverLogsErrorMessage ? ` (${flowLog.DeliverLogsErrorMessage})` : ""}`,
    fix: flowLog === undefined ? "aws ec2 create-flow-logs --resource-type VPC ... --log-group-name " + logGroup : "Access error: fix the trust policy (3) or the role's permissions (1); Rate limited: fewer flow logs per group",
  });
  let last = 0;
  if (groupExists) {
    const streams = (await clients.logs.send(new DescribeLogStreamsCommand({ logGroupName: logGroup, orderBy: "LastEventTime", descending: true, limit: 5 }))).logStreams ?? [];
    last = Math.max(0, ...streams.map((s) => s.lastEventTimestamp ?? s.lastIngestionTime ?? 0));
  }
  links.push({
    step: 6,
    name: "records arriving in <eni>-all streams",
    state: last === 0 ? (status === "FAILED" ? "broken" : "unknown") : status === "FAILED" ? "broken" : "ok",
    detail: last === 0 ? "no records yet" : `last record ${Math.round((now - last) / 1000)} s ago`,
    fix: "make traffic to an instance (curl http://<public-ip>) and wait one aggregation interval",
  });
  for (const link of links) if (link.state === "ok") delete link.fix;
  return { logGroup, source: "DescribeFlowLogs' DeliverLogsStatus, GetRole's trust policy, DescribeLogGroups/Streams (doctor's checks are not available yet)", links };
}

/** An Allow statement naming the flow logs service and sts:AssumeRole (conditions are not evaluated here). */
function trusts(doc: { Statement?: unknown }): boolean {
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  return statements.some((s: { Effect?: string; Principal?: { Service?: string | string[] }; Action?: string | string[] }) => {
    const services = [s.Principal?.Service ?? []].flat();
    const actions = [s.Action ?? []].flat();
    return s.Effect === "Allow" && services.includes(FLOW_LOGS_PRINCIPAL) && actions.some((a) => a === "sts:AssumeRole" || a === "sts:*" || a === "*");
  });
}
