/** `setup --emit terraform`: the same pipeline as Terraform HCL for the AWS provider, documents through jsonencode. */
import { buildPreset } from "./alarms/preset.js";
import type { SetupConfig } from "./config.js";
import { hardenedPermissionsPolicy, hardenedTrustPolicy, SEED_POLICY, SEED_TRUST } from "./documents.js";
import { MANAGED_TAG_KEY, MANAGED_TAG_VALUE } from "./tags.js";

/** An HCL string literal: `${` and `%{` start templates in HCL, so they are doubled. */
const str = (value: string) => JSON.stringify(value).replaceAll("${", "$$${").replaceAll("%{", "%%{");

/** A value as HCL: objects and lists of literals; `{ expr: "..." }` is emitted as a raw expression. */
function hcl(value: unknown, indent: string): string {
  if (typeof value === "string") return str(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => hcl(v, indent)).join(", ")}]`;
  const record = value as Record<string, unknown>;
  if (typeof record.expr === "string" && Object.keys(record).length === 1) return record.expr;
  const inner = `${indent}  `;
  // As terraform fmt: `=` aligned across runs of one-line attributes; a multi-line value ends a run.
  const entries = Object.entries(record).map(([k, v]) => ({ key: str(k), value: hcl(v, inner) }));
  const lines: string[] = [];
  let run: typeof entries = [];
  const flush = () => {
    const width = Math.max(0, ...run.map((e) => e.key.length));
    for (const e of run) lines.push(`${inner}${e.key.padEnd(width)} = ${e.value}`);
    run = [];
  };
  for (const entry of entries) {
    if (entry.value.includes("\n")) {
      flush();
      lines.push(`${inner}${entry.key} = ${entry.value}`);
    } else run.push(entry);
  }
  flush();
  return `{\n${lines.join("\n")}\n${indent}}`;
}

const expr = (text: string) => ({ expr: text });

/** One-line attributes with `=` aligned, as terraform fmt aligns a run of them. */
function attributes(pairs: Array<[string, string]>, indent: string): string {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${indent}${k.padEnd(width)} = ${v}`).join("\n");
}

/** `--alarms`: the preset's metric filters and alarms, as setup creates them. */
function presetBlocks(config: SetupConfig, tags: string): string {
  const preset = buildPreset(config);
  const blocks: string[] = [];
  const id = (key: string) => key.replaceAll("-", "_");
  for (const f of preset.filters) {
    blocks.push(`resource "aws_cloudwatch_log_metric_filter" "${id(f.key)}" {
${attributes(
  [
    ["name", str(f.filterName)],
    ["pattern", str(f.filterPattern)],
    ["log_group_name", "aws_cloudwatch_log_group.flow_logs.name"],
  ],
  "  ",
)}

  metric_transformation {
${attributes(
  [
    ["name", str(f.metricName)],
    ["namespace", str(f.metricNamespace)],
    ["value", str(f.metricValue)],
    ["unit", str(f.unit)],
  ],
  "    ",
)}
  }
}
`);
  }
  for (const a of preset.alarms) {
    const list = (arns: string[]) => `[${arns.map(str).join(", ")}]`;
    blocks.push(`resource "aws_cloudwatch_metric_alarm" "${id(a.key)}" {
${attributes(
  [
    ["alarm_name", str(a.AlarmName)],
    ["alarm_description", str(a.AlarmDescription)],
    ["namespace", str(a.Namespace)],
    ["metric_name", str(a.MetricName)],
    ["statistic", str(a.Statistic)],
    ["period", String(a.Period)],
    ["evaluation_periods", String(a.EvaluationPeriods)],
    ["datapoints_to_alarm", String(a.DatapointsToAlarm)],
    ["threshold", String(a.Threshold)],
    ["comparison_operator", str(a.ComparisonOperator)],
    ["treat_missing_data", str(a.TreatMissingData)],
    ["actions_enabled", String(a.ActionsEnabled)],
    ["alarm_actions", list(a.AlarmActions)],
    ["ok_actions", list(a.OKActions)],
  ],
  "  ",
)}
  tags = ${tags}
}
`);
  }
  return blocks.join("\n");
}

export function terraformConfig(config: SetupConfig): string {
  const vpcIsId = /^vpc-[0-9a-f]+$/.test(config.vpc);
  const policy = config.seedExact
    ? SEED_POLICY
    : hardenedPermissionsPolicy(expr("aws_cloudwatch_log_group.flow_logs.arn"), expr('"${aws_cloudwatch_log_group.flow_logs.arn}:*"'));
  const trust = config.seedExact
    ? SEED_TRUST
    : hardenedTrustPolicy(
        expr("data.aws_caller_identity.current.account_id"),
        expr('"arn:${data.aws_partition.current.partition}:ec2:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:vpc-flow-log/*"'),
      );
  const tags = `{\n    ${str(MANAGED_TAG_KEY)} = ${str(MANAGED_TAG_VALUE)}\n  }`;
  const vpc = vpcIsId
    ? `data "aws_vpc" "watched" {\n  id = ${str(config.vpc)}\n}`
    : `data "aws_vpc" "watched" {\n  tags = {\n    Name = ${str(config.vpc)}\n  }\n}`;
  return `# VPC Flow Logs of a VPC delivered to CloudWatch Logs (flowwatch setup --emit terraform)

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

${vpc}

resource "aws_cloudwatch_log_group" "flow_logs" {
  name${config.retentionDays !== undefined ? `              = ${str(config.logGroupName)}\n  retention_in_days = ${config.retentionDays}` : ` = ${str(config.logGroupName)}`}
  tags = ${tags}
}

resource "aws_iam_policy" "flow_logs" {
  name = ${str(config.policyName)}
  policy = jsonencode(${hcl(policy, "  ")})
  tags = ${tags}
}

resource "aws_iam_role" "flow_logs" {
  name = ${str(config.roleName)}
  assume_role_policy = jsonencode(${hcl(trust, "  ")})
  tags = ${tags}
}

resource "aws_iam_role_policy_attachment" "flow_logs" {
  role       = aws_iam_role.flow_logs.name
  policy_arn = aws_iam_policy.flow_logs.arn
}

resource "aws_flow_log" "vpc" {
  vpc_id                   = data.aws_vpc.watched.id
  traffic_type             = ${str(config.trafficType)}
  log_destination_type     = "cloud-watch-logs"
  log_destination          = aws_cloudwatch_log_group.flow_logs.arn
  iam_role_arn             = aws_iam_role.flow_logs.arn
  log_format               = ${str(config.logFormat)}
  max_aggregation_interval = ${config.maxAggregationInterval}
  tags = {
    Name         = ${str(config.flowLogName)}
    ${str(MANAGED_TAG_KEY)} = ${str(MANAGED_TAG_VALUE)}
  }
}
${config.alarmPreset ? `\n${presetBlocks(config, tags)}` : ""}`;
}
