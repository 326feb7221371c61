/**
 * setup --alarms against a local cloud through the SDK: the preset is created, tagged and idempotent;
 * doctor is healthy with it, names exactly the filter or alarm that is missing or drifted, and --fix
 * repairs it; a backfilled port scan puts data on the rejected-traffic metric and raises its alarm
 * (a finding, not a failure); destroy removes only flowwatch's part.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  GetMetricStatisticsCommand,
  ListTagsForResourceCommand,
  PutMetricAlarmCommand,
} from "@aws-sdk/client-cloudwatch";
import { DescribeMetricFiltersCommand, PutMetricFilterCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeFlowLogsCommand } from "@aws-sdk/client-ec2";
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { useLocalCloud } from "../../test/support/local-cloud.js";
import { ensureDemoNetwork } from "../cli/demo/network.js";
import { V5_FORMAT_TEXT } from "../flowlog/index.js";
import { alarmName, alarmNames, buildPreset, type PresetAlarm } from "./alarms/preset.js";
import { awsClients, type AwsClients } from "./clients.js";
import { setupConfig } from "./config.js";
import { runDestroy } from "./destroy.js";
import type { DoctorReport } from "./doctor/check.js";
import { runChecks } from "./doctor/checks.js";
import { fixReport } from "./doctor/fix.js";
import { runSetup } from "./setup.js";

const env = useLocalCloud({ gatewayPorts: [] });
const config = setupConfig({ alarms: true });
const wait = { timeoutMs: 5_000, pollMs: 50 };
const group = config.logGroupName;

// The local cloud evaluates alarms once a minute of real time; the test evaluates when it needs to.
const evaluateAlarms = () => env.cloud.cloudwatch.evaluateAlarms(Date.now());

const presetIds = (report: DoctorReport) => report.checks.filter((c) => /^(filter|alarm)-/.test(c.id)).map((c) => `${c.id}:${c.status}`);

describe("setup --alarms against the local cloud", () => {
  let root: AwsClients;

  const filters = async () => (await root.logs.send(new DescribeMetricFiltersCommand({ logGroupName: group }))).metricFilters ?? [];
  const alarms = async () => (await root.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: "flowwatch-" }))).MetricAlarms ?? [];
  const fixed = async (report: DoctorReport, told = setupConfig({})) => {
    await fixReport(root, told, report, () => undefined);
    const after = await runChecks(root, told);
    assert.deepEqual(after.failed, [], JSON.stringify(after.checks.filter((c) => c.status === "fail")));
  };

  test("setup creates four metric filters and four tagged alarms; a second setup changes nothing", async () => {
    root = awsClients(env.clientConfig());
    await ensureDemoNetwork(root.ec2);
    const first = await runSetup(root, config, { wait });
    assert.deepEqual(
      first.plan.steps.filter((s) => s.resource === "metric-filter" || s.resource === "alarm").map((s) => `${s.resource} ${s.name} ${s.action}`),
      [
        "metric-filter flowwatch-rejected create",
        "metric-filter flowwatch-ssh create",
        "metric-filter flowwatch-rdp create",
        "metric-filter flowwatch-records create",
        `alarm ${alarmName(group, "rejected")} create`,
        `alarm ${alarmName(group, "ssh")} create`,
        `alarm ${alarmName(group, "rdp")} create`,
        `alarm ${alarmName(group, "no-data")} create`,
      ],
    );

    const byName = Object.fromEntries((await filters()).map((f) => [f.filterName, f]));
    assert.equal(
      byName["flowwatch-rejected"]?.filterPattern,
      '[version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport, protocol, packets, bytes, start, end, action="REJECT", log_status]',
    );
    assert.deepEqual(byName["flowwatch-ssh"]?.metricTransformations, [
      { metricName: "SSHAttempts", metricNamespace: `flowwatch/${group}`, metricValue: "1", unit: "Count" },
    ]);

    const found = await alarms();
    assert.deepEqual(found.map((a) => a.AlarmName).sort(), alarmNames(group).sort());
    const noData = found.find((a) => a.AlarmName === alarmName(group, "no-data"));
    assert.deepEqual(
      [noData?.MetricName, noData?.ComparisonOperator, noData?.Threshold, noData?.EvaluationPeriods, noData?.TreatMissingData],
      ["Records", "LessThanThreshold", 1, 3, "breaching"],
    );
    for (const a of found) {
      const tags = (await root.cloudwatch.send(new ListTagsForResourceCommand({ ResourceARN: a.AlarmArn }))).Tags;
      assert.deepEqual(tags, [{ Key: "managed-by", Value: "flowwatch" }]);
    }

    const second = await runSetup(root, config, { wait });
    assert.equal(second.applied, false);
    assert.ok(
      second.plan.steps.every((s) => s.action === "unchanged"),
      JSON.stringify(second.plan.steps),
    );
  });

  test("doctor is healthy with the preset, also when not told --alarms", async () => {
    for (const told of [config, setupConfig({})]) {
      const report = await runChecks(root, told);
      assert.equal(report.healthy, true, JSON.stringify(report.checks.filter((c) => c.status !== "ok")));
      const ids = presetIds(report);
      assert.equal(ids.length, 8);
      // The no-data alarm may already be in ALARM: no record has reached the group yet.
      assert.ok(
        ids.every((id) => id.endsWith(":ok") || id === "alarm-no-data:warn"),
        ids.join(),
      );
    }
  });

  test("a caller denied CloudWatch: doctor unasked leaves the preset out, asked it warns it could not look", async () => {
    await root.iam.send(new CreateUserCommand({ UserName: "no-cloudwatch" }));
    const document = {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "*", Resource: "*" },
        { Effect: "Deny", Action: "cloudwatch:*", Resource: "*" },
      ],
    };
    await root.iam.send(new PutUserPolicyCommand({ UserName: "no-cloudwatch", PolicyName: "all-but-cloudwatch", PolicyDocument: JSON.stringify(document) }));
    const key = (await root.iam.send(new CreateAccessKeyCommand({ UserName: "no-cloudwatch" }))).AccessKey;
    const limited = awsClients(env.clientConfig(key?.AccessKeyId, key?.SecretAccessKey));
    try {
      const unasked = await runChecks(limited, setupConfig({}));
      assert.deepEqual(presetIds(unasked), []);
      const asked = await runChecks(limited, config);
      const check = asked.checks.find((c) => c.id === "alarm-preset");
      assert.equal(check?.status, "warn");
      assert.match(check?.detail ?? "", /could not look: AccessDenied/);
    } finally {
      limited.destroy();
    }
  });

  test("an alarm deleted: doctor names exactly it, --fix recreates it", async () => {
    await root.cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: [alarmName(group, "ssh")] }));
    const report = await runChecks(root, setupConfig({}));
    assert.deepEqual(report.failed, ["alarm-ssh"]);
    await fixed(report);
    assert.equal((await alarms()).length, 4);
  });

  test("a filter's pattern changed: doctor names exactly it, --fix restores it", async () => {
    await root.logs.send(
      new PutMetricFilterCommand({
        logGroupName: group,
        filterName: "flowwatch-rejected",
        filterPattern: '[..., action="ACCEPT", log_status]',
        metricTransformations: [{ metricName: "RejectedRecords", metricNamespace: `flowwatch/${group}`, metricValue: "1", unit: "Count" }],
      }),
    );
    const report = await runChecks(root, config);
    assert.deepEqual(report.failed, ["filter-rejected"]);
    assert.match(report.checks.find((c) => c.id === "filter-rejected")?.detail ?? "", /filterPattern is '\[\.\.\., action="ACCEPT", log_status\]'/);
    await fixed(report);
    assert.match((await filters()).find((f) => f.filterName === "flowwatch-rejected")?.filterPattern ?? "", /action="REJECT"/);
  });

  test("an alarm's threshold changed: doctor told the threshold names it with the difference, --fix puts it back", async () => {
    const { key: _key, ...wanted } = buildPreset(config).alarms.find((a) => a.key === "rejected") as PresetAlarm;
    await root.cloudwatch.send(new PutMetricAlarmCommand({ ...wanted, Threshold: 5 }));
    // Not given a threshold, doctor reads it from the alarm; given one, it judges the alarm by it.
    assert.deepEqual((await runChecks(root, config)).failed, []);
    const told = setupConfig({ alarms: true, rejectedThreshold: "100" });
    const report = await runChecks(root, told);
    assert.deepEqual(report.failed, ["alarm-rejected"]);
    assert.match(report.checks.find((c) => c.id === "alarm-rejected")?.detail ?? "", /Threshold 5 -> 100/);
    await fixed(report, told);
  });

  test("a backfilled port scan: data on the rejected-traffic metric, its alarm in ALARM, doctor warns and stays healthy", async () => {
    const now = Date.now();
    const response = await fetch(`${env.endpoint}/_flowwatch/traffic`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ scenario: "port-scan", backfill: true, start: now - 15 * 60_000, end: now }),
    });
    const traffic = (await response.json()) as { records: number; failedDeliveries: number };
    assert.ok(traffic.records > 0 && traffic.failedDeliveries === 0, JSON.stringify(traffic));
    await env.cloud.flush();

    const stats = await root.cloudwatch.send(
      new GetMetricStatisticsCommand({
        Namespace: `flowwatch/${group}`,
        MetricName: "RejectedRecords",
        Statistics: ["Sum"],
        Period: 60,
        StartTime: new Date(now - 20 * 60_000),
        EndTime: new Date(now + 60_000),
      }),
    );
    const rejected = (stats.Datapoints ?? []).reduce((sum, d) => sum + (d.Sum ?? 0), 0);
    assert.ok(rejected >= 100, `${rejected} rejected records on the metric`);

    await evaluateAlarms();
    const state = Object.fromEntries((await alarms()).map((a) => [a.AlarmName, a.StateValue]));
    assert.equal(state[alarmName(group, "rejected")], "ALARM");
    assert.equal(state[alarmName(group, "no-data")], "OK");

    const report = await runChecks(root, config);
    assert.equal(report.healthy, true, JSON.stringify(report.failed));
    const check = report.checks.find((c) => c.id === "alarm-rejected");
    assert.equal(check?.status, "warn");
    assert.match(check?.detail ?? "", /^ALARM since .*Threshold Crossed/);
    assert.match(check?.fix ?? "", /flowwatch tail --log-group MyVpc22-Log --since 1h --filter '\[version, .*action="REJECT", log_status\]'/);
    assert.equal(check?.alarm?.state, "ALARM");
    assert.equal(report.checks.find((c) => c.id === "alarm-no-data")?.status, "ok");
  });

  test("a v5 flow log: doctor with default options judges the preset by the flow log's own format, and --fix keeps the flow log", async () => {
    // The flow log is the user's: setup recreates it in another format only when told so.
    await runSetup(root, setupConfig({ alarms: true, format: "v5", replaceFlowLog: true }), { wait, allowDestructive: true });
    const flowLog = async () => (await root.ec2.send(new DescribeFlowLogsCommand({}))).FlowLogs?.find((f) => f.LogGroupName === group);
    const before = await flowLog();
    const report = await runChecks(root, setupConfig({}));
    assert.equal(report.healthy, true, JSON.stringify(report.checks.filter((c) => c.status === "fail")));
    await root.cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: [alarmName(group, "rdp")] }));
    assert.deepEqual((await runChecks(root, setupConfig({}))).failed, ["alarm-rdp"]);
    await fixed(await runChecks(root, setupConfig({})));
    const after = await flowLog();
    assert.deepEqual([after?.FlowLogId, after?.LogFormat], [before?.FlowLogId, before?.LogFormat]);
    assert.equal(after?.LogFormat, V5_FORMAT_TEXT);
    await runSetup(root, { ...config, replace: { ...config.replace, flowLog: true } }, { wait, allowDestructive: true });
  });

  test("destroy removes the preset's alarms and filters, keeps a same-named alarm it did not create", async () => {
    const foreignName = alarmName(group, "rdp");
    await root.cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: [foreignName] }));
    await root.cloudwatch.send(
      new PutMetricAlarmCommand({
        AlarmName: foreignName,
        Namespace: "Theirs",
        MetricName: "M",
        Statistic: "Sum",
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: "GreaterThanThreshold",
      }),
    );
    const outcome = await runDestroy(root, config);
    assert.deepEqual(outcome.kept, [`alarm ${foreignName}: not created by flowwatch`]);
    assert.deepEqual(
      outcome.removed.slice(0, 7).map((r) => r.split(" ")[0]),
      ["alarm", "alarm", "alarm", "metric-filter", "metric-filter", "metric-filter", "metric-filter"],
    );
    assert.deepEqual(
      (await alarms()).map((a) => a.AlarmName),
      [foreignName],
    );
    await root.cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: [foreignName] }));
    root.destroy();
  });
});
