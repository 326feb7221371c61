/**
 * doctor --fix: setup repairs what it manages (it changes only what differs from its plan); a caller
 * missing iam:PassRole gets an inline user policy when it is an IAM user allowed to add one.
 */
import { PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { roleArn } from "../arns.js";
import type { AwsClients } from "../clients.js";
import type { SetupConfig } from "../config.js";
import { whoAmI } from "../discover.js";
import { runSetup } from "../setup.js";
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
  if (report.checks.some((c) => SETUP_LINKS.has(c.id) && c.status !== "ok" && c.status !== "skip")) {
    await runSetup(clients, config, { print });
  }
}
