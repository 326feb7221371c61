/**
 * doctor --fix: setup repairs what it manages (it changes only what differs from its plan), with
 * --alarms when part of the alarm preset is missing or drifted; a caller missing iam:PassRole gets an inline user policy when it is an IAM user allowed to add one.
 */
import { PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { adoptFoundSettings } from "../alarms/adopt.js";
import { discoverAlarms } from "../alarms/discover.js";
import { roleArn } from "../arns.js";
import type { AwsClients } from "../clients.js";
import { asFound, type SetupConfig } from "../config.js";
import { discoverFlowLog, whoAmI } from "../discover.js";
import { findVpc } from "../vpc.js";
import { runSetup } from "../setup.js";
import { isPresetCheck } from "./alarm-checks.js";
import type { DoctorReport } from "./check.js";

/** Links setup repairs; credentials, the VPC and PassRole are outside what it manages. */
const SETUP_LINKS = new Set(["flow-log", "flow-log-status", "role", "trust-principal", "trust-conditions", "permissions", "log-group", "retention"]);

export const PASS_ROLE_POLICY_NAME = "flowwatch-pass-flow-log-role";

export async function fixReport(clients: AwsClients, config: SetupConfig, report: DoctorReport, print: (line: string) => void): Promise<void> {
  if (report.failed.includes("pass-role")) {
    const { scope, caller } = await whoAmI(clients);
    const user = /:user\/(?:.*\/)?([^/]+)$/.exec(caller.arn)?.[1];
    if (user === undefined) print(`cannot fix pass-role: ${caller.arn} is not an IAM user; an administrator must grant iam:PassRole`);
    else {
      const document = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iam:PassRole", Resource: roleArn(scope, config.roleName) }] };
      await clients.iam.send(new PutUserPolicyCommand({ UserName: user, PolicyName: PASS_ROLE_POLICY_NAME, PolicyDocument: JSON.stringify(document) }));
      print(`  added inline policy ${PASS_ROLE_POLICY_NAME} to user ${user}: iam:PassRole on ${config.roleName}`);
    }
  }
  // A missing or drifted part of the alarm preset is recreated by setup --alarms; an alarm in ALARM is left as it is.
  const preset = report.checks.some((c) => isPresetCheck(c.id) && c.status === "fail");
  if (preset || report.checks.some((c) => SETUP_LINKS.has(c.id) && c.status !== "ok" && c.status !== "skip")) {
    // As doctor judged: the existing flow log's format, traffic type and interval, never replaced by defaults.
    const flowLog = await findVpc(clients, config.vpc).then((vpcId) => discoverFlowLog(clients, vpcId, config), () => undefined);
    if (flowLog !== undefined) config = asFound(config, flowLog);
    // With the settings doctor judged by: those given, the rest as the found alarms have them.
    const withPreset = async () => ({ ...config, alarmPreset: true, alarms: adoptFoundSettings(config, await discoverAlarms(clients, config.logGroupName, false)) });
    await runSetup(clients, preset ? await withPreset() : config, { print });
  }
}
