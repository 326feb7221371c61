/**
 * --emit: the CloudFormation template parses and passes cfn-lint; the Terraform parses with HashiCorp's HCL parser
 * (hcl2json, its Go code compiled to WebAssembly, from npm) and, where terraform is installed, passes `terraform fmt -check`.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { setupConfig } from "./config.js";
import { cloudFormationTemplate } from "./emit-cloudformation.js";
import { terraformConfig } from "./emit-terraform.js";

const dir = mkdtempSync(join(tmpdir(), "flowwatch-emit-"));
const variants = {
  hardened: setupConfig({}),
  "seed-exact v5 600s": setupConfig({ seedExact: true, format: "v5", interval: "600", vpc: "vpc-0123456789abcdef0", retentionDays: "never" }),
  "alarms with an action": setupConfig({ alarms: true, alarmAction: "arn:aws:sns:us-east-1:123456789012:flowwatch-alarms", rejectedThreshold: "50" }),
  "alarms on a custom format": setupConfig({ alarms: true, format: "${srcaddr} ${dstaddr} ${dstport} ${action} ${log-status}", logGroup: "/vpc/flow-logs" }),
};
const PIPELINE = ["AWS::IAM::ManagedPolicy", "AWS::IAM::Role", "AWS::Logs::LogGroup", "AWS::EC2::FlowLog"];
const PRESET = [...Array(4).fill("AWS::Logs::MetricFilter"), ...Array(4).fill("AWS::CloudWatch::Alarm")];
// Imported by a computed name so TypeScript never reads its declarations: they pull in the DOM library
// (`/// <reference lib="dom" />`), which changes fetch's types for the whole program.
const HCL2JSON: string = "@cdktn/hcl2json";
const { parse: parseHcl } = (await import(HCL2JSON)) as { parse: (fileName: string, text: string) => Promise<Record<string, unknown>> };
const has = (command: string) => spawnSync(command, ["--version"], { encoding: "utf8" }).status === 0;
const TF_PIPELINE = ["aws_cloudwatch_log_group", "aws_flow_log", "aws_iam_policy", "aws_iam_role", "aws_iam_role_policy_attachment"];
const TF_PRESET = ["aws_cloudwatch_log_metric_filter", "aws_cloudwatch_metric_alarm"];
// terraform is neither in Debian nor on npm, so a fresh machine cannot have it: its formatting check runs where it
// is installed, and the HCL parser above (the same Go parser terraform uses) checks the syntax everywhere.
const TERRAFORM_MISSING = !has("terraform") && "terraform is not installed (not in Debian's packages nor on npm); the HCL parse test still runs";

describe("setup --emit", () => {
  for (const [name, config] of Object.entries(variants)) {
    // No skip: cfn-lint comes with the machine's Python (.ci/run refuses to start without it).
    test(`cloudformation (${name}) parses and passes cfn-lint`, () => {
      const text = JSON.stringify(cloudFormationTemplate(config), null, 2);
      const parsed = JSON.parse(text) as { Resources: Record<string, { Type: string }> };
      assert.deepEqual(
        Object.values(parsed.Resources).map((r) => r.Type),
        config.alarmPreset ? [...PIPELINE, ...PRESET] : PIPELINE,
      );
      const file = join(dir, `${name.replace(/\W+/g, "-")}.json`);
      writeFileSync(file, text);
      const lint = spawnSync("cfn-lint", [file], { encoding: "utf8" });
      assert.ifError(lint.error && new Error(`cfn-lint cannot run (${lint.error.message}): it comes with the machine's Python (pip install cfn-lint)`));
      assert.equal(lint.status, 0, lint.stdout + lint.stderr);
    });

    test(`terraform (${name}) parses as HCL with the resources of the pipeline`, async () => {
      const text = terraformConfig(config);
      const parsed = (await parseHcl(`${name.replace(/\W+/g, "-")}.tf`, text)) as { resource: Record<string, Record<string, unknown[]>> };
      assert.deepEqual(Object.keys(parsed.resource).sort(), [...TF_PIPELINE, ...(config.alarmPreset ? TF_PRESET : [])].sort());
      assert.match(text, /log_format\s+= "\$\$\{(version|srcaddr)\}/);
      const presetBlocks = TF_PRESET.reduce((n, type) => n + Object.keys(parsed.resource[type] ?? {}).length, 0);
      assert.equal(presetBlocks, config.alarmPreset ? 8 : 0);
    });

    test(`terraform (${name}) is formatted as terraform fmt formats it`, { skip: TERRAFORM_MISSING }, () => {
      const fmt = spawnSync("terraform", ["fmt", "-check", "-"], { input: terraformConfig(config), encoding: "utf8" });
      assert.equal(fmt.status, 0, fmt.stdout + fmt.stderr);
    });
  }
});
