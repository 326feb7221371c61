/**
 * doctor --fix: repairs only the links that failed, each with the smallest change, keeping the found
 * settings (the flow log's format, interval and traffic type, the retention, the documents): setup runs
 * with no replacement flag, the found flow log's settings and the broken links as repairs; --alarms when
 * part of the alarm preset is missing, drifted or lost with its log group; a caller missing iam:PassRole
 * gets an inline user policy when it is an IAM user allowed to add one.
 */
import { PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { adoptFoundSettings } from "../alarms/adopt.js";
import { discoverAlarms } from "../alarms/discover.js";
import { roleArn } from "../arns.js";
import type { AwsClients } from "../clients.js";
import { asFound, NO_REPLACEMENTS, type SetupConfig } from "../config.js";
import { discoverFlowLog, whoAmI } from "../discover.js";
import { findVpc } from "../vpc.js";
import type { Repair } from "../plan.js";
import { runSetup } from "../setup.js";
import { isPresetCheck } from "./alarm-checks.js";
import type { DoctorReport } from "./check.js";

/**
 * Links setup repairs; credentials, the VPC and PassRole are outside what it manages. Retention is not
 * one: a group that never expires is the user's choice, and setting one would delete older events.
 */
const SETUP_LINKS = new Set(["flow-log", "flow-log-status", "role", "trust-principal", "trust-conditions", "permissions", "log-group"]);

/** The failed links whose documents setup repairs in place. */
function repairsOf(report: DoctorReport): Set<Repair> {
  const repair = new Set<Repair>();
  if (report.failed.includes("trust-principal") || report.failed.includes("trust-conditions")) repair.add("trust");
  if (report.failed.includes("permissions")) repair.add("permissions");
  return repair;
}

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
  // A deleted log group took the preset's filters with it (doctor skips them): they come back in the same run.
  const presetFound = report.checks.some((c) => isPresetCheck(c.id));
  const preset = report.checks.some((c) => isPresetCheck(c.id) && c.status === "fail") || (presetFound && report.failed.includes("log-group"));
  if (preset || report.checks.some((c) => SETUP_LINKS.has(c.id) && c.status === "fail")) {
    // As doctor judged: the existing flow log's format, traffic type and interval, never replaced by defaults;
    // the found retention and documents kept, whatever options doctor was given.
    const flowLog = await findVpc(clients, config.vpc).then(
      (vpcId) => discoverFlowLog(clients, vpcId, config),
      () => undefined,
    );
    if (flowLog !== undefined) config = asFound(config, flowLog);
    config = { ...config, retentionGiven: false, replace: NO_REPLACEMENTS };
    // With the settings doctor judged by: those given, the rest as the found alarms have them.
    const withPreset = async () => ({
      ...config,
      alarmPreset: true,
      alarms: adoptFoundSettings(config, await discoverAlarms(clients, config.logGroupName, false)),
    });
    await runSetup(clients, preset ? await withPreset() : config, { print, repair: repairsOf(report) });
  }
}
