/** --emit: the CloudFormation template parses and passes cfn-lint; the Terraform passes `terraform fmt -check` (its parser). */
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
const has = (command: string) => spawnSync(command, ["--version"], { encoding: "utf8" }).status === 0;

describe("setup --emit", () => {
  for (const [name, config] of Object.entries(variants)) {
    test(`cloudformation (${name}) parses and passes cfn-lint`, { skip: !has("cfn-lint") && "cfn-lint is not installed" }, () => {
      const text = JSON.stringify(cloudFormationTemplate(config), null, 2);
      const parsed = JSON.parse(text) as { Resources: Record<string, { Type: string }> };
      assert.deepEqual(Object.values(parsed.Resources).map((r) => r.Type), config.alarmPreset ? [...PIPELINE, ...PRESET] : PIPELINE);
      const file = join(dir, `${name.replace(/\W+/g, "-")}.json`);
      writeFileSync(file, text);
      const lint = spawnSync("cfn-lint", [file], { encoding: "utf8" });
      assert.equal(lint.status, 0, lint.stdout + lint.stderr);
    });

    test(`terraform (${name}) is valid, formatted HCL`, { skip: !has("terraform") && "terraform is not installed" }, () => {
      const text = terraformConfig(config);
      const fmt = spawnSync("terraform", ["fmt", "-check", "-"], { input: text, encoding: "utf8" });
      assert.equal(fmt.status, 0, fmt.stdout + fmt.stderr);
      assert.match(text, /log_format\s+= "\$\$\{(version|srcaddr)\}/);
      const presetBlocks = text.match(/^resource "aws_cloudwatch_(log_metric_filter|metric_alarm)"/gm) ?? [];
      assert.equal(presetBlocks.length, config.alarmPreset ? 8 : 0);
    });
  }
});
