/**
 * CloudWatch through the AWS CLI v2 (its model speaks Query), on a LocalCloud with a ManualClock:
 * every operation, AWS's errors, and the port-scan alarm: a metric filter counting REJECT flow
 * records drives an alarm to ALARM during a scan and back to OK once it stops.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ManualClock } from "../../src/cloud/clock.js";
import { awsCli } from "../support/aws-cli.js";
import { useLocalCloud } from "../support/local-cloud.js";
import { webhookReceiver } from "../support/webhook-receiver.js";

const MIN = 60_000;
const T0 = Math.floor(Date.now() / MIN) * MIN - 30 * MIN;
const clock = new ManualClock(T0);
const env = useLocalCloud({ clock });
// The evaluator runs each minute of real time; the test moves a ManualClock and evaluates explicitly.
const cloudwatch = () => env.cloud.cloudwatch;
const iso = (ms: number) => new Date(ms).toISOString();

const ok = async (args: string[]) => {
  const r = await awsCli(env.endpoint, args);
  assert.equal(r.status, 0, `${args.join(" ")}: ${r.stderr}`);
  return r.json;
};
const fails = async (args: string[], code: string, message?: RegExp) => {
  const r = await awsCli(env.endpoint, args);
  assert.notEqual(r.status, 0, `${args.join(" ")} succeeded`);
  assert.match(r.stderr, new RegExp(`\\(${code}\\)`), r.stderr);
  if (message) assert.match(r.stderr, message);
};

describe("CloudWatch through the AWS CLI v2 (Query)", () => {
  test("put-metric-data, get-metric-statistics, list-metrics, get-metric-data", async () => {
    const at = T0 + 5 * MIN;
    await ok([
      "cloudwatch",
      "put-metric-data",
      "--namespace",
      "Cli",
      "--metric-name",
      "Hits",
      "--value",
      "3",
      "--unit",
      "Count",
      "--dimensions",
      "Host=a",
      "--timestamp",
      iso(at),
    ]);
    await ok([
      "cloudwatch",
      "put-metric-data",
      "--namespace",
      "Cli",
      "--metric-data",
      JSON.stringify([
        {
          MetricName: "Hits",
          Dimensions: [{ Name: "Host", Value: "a" }],
          Timestamp: iso(at + 1000),
          StatisticValues: { SampleCount: 2, Sum: 5, Minimum: 1, Maximum: 4 },
          Unit: "Count",
        },
      ]),
    ]);
    const stats = await ok([
      "cloudwatch",
      "get-metric-statistics",
      "--namespace",
      "Cli",
      "--metric-name",
      "Hits",
      "--dimensions",
      "Name=Host,Value=a",
      "--start-time",
      iso(T0),
      "--end-time",
      iso(T0 + 10 * MIN),
      "--period",
      "60",
      "--statistics",
      "Sum",
      "SampleCount",
      "Maximum",
    ]);
    assert.deepEqual(stats, {
      Label: "Hits",
      Datapoints: [{ Timestamp: iso(at).replace(".000Z", "+00:00"), Sum: 8, SampleCount: 3, Maximum: 4, Unit: "Count" }],
    });
    const p90 = await ok([
      "cloudwatch",
      "get-metric-statistics",
      "--namespace",
      "Cli",
      "--metric-name",
      "Hits",
      "--dimensions",
      "Name=Host,Value=a",
      "--start-time",
      iso(T0),
      "--end-time",
      iso(T0 + 10 * MIN),
      "--period",
      "300",
      "--extended-statistics",
      "p90",
    ]);
    assert.equal(p90.Datapoints[0].ExtendedStatistics.p90, 3);
    assert.deepEqual((await ok(["cloudwatch", "list-metrics", "--namespace", "Cli"])).Metrics, [
      { Namespace: "Cli", MetricName: "Hits", Dimensions: [{ Name: "Host", Value: "a" }] },
    ]);
    const data = await ok([
      "cloudwatch",
      "get-metric-data",
      "--start-time",
      iso(T0),
      "--end-time",
      iso(T0 + 10 * MIN),
      "--metric-data-queries",
      JSON.stringify([
        {
          Id: "m",
          ReturnData: false,
          MetricStat: { Metric: { Namespace: "Cli", MetricName: "Hits", Dimensions: [{ Name: "Host", Value: "a" }] }, Period: 60, Stat: "Sum" },
        },
        { Id: "doubled", Expression: "m * 2", Label: "twice" },
      ]),
    ]);
    assert.equal(data.MetricDataResults.length, 1);
    assert.deepEqual(data.MetricDataResults[0].Values, [16]);
    assert.equal(data.MetricDataResults[0].Label, "twice");
  });

  test("alarms: put-metric-alarm, describe-alarms, set-alarm-state, history, actions on and off, tags, delete", async () => {
    const alarm = [
      "cloudwatch",
      "put-metric-alarm",
      "--alarm-name",
      "cli-alarm",
      "--namespace",
      "Cli",
      "--metric-name",
      "Hits",
      "--statistic",
      "Sum",
      "--period",
      "60",
      "--evaluation-periods",
      "2",
      "--datapoints-to-alarm",
      "1",
      "--threshold",
      "10",
      "--comparison-operator",
      "GreaterThanThreshold",
      "--treat-missing-data",
      "notBreaching",
      "--dimensions",
      "Name=Host,Value=a",
      "--alarm-actions",
      "arn:aws:sns:us-east-1:000000000000:ops",
      "--tags",
      "Key=team,Value=net",
    ];
    await ok(alarm);
    const [a] = (await ok(["cloudwatch", "describe-alarms", "--alarm-names", "cli-alarm"])).MetricAlarms;
    assert.equal(a.StateValue, "INSUFFICIENT_DATA");
    assert.equal(a.TreatMissingData, "notBreaching");
    assert.deepEqual(a.AlarmActions, ["arn:aws:sns:us-east-1:000000000000:ops"]);
    assert.equal(
      (await ok(["cloudwatch", "describe-alarms-for-metric", "--namespace", "Cli", "--metric-name", "Hits", "--dimensions", "Name=Host,Value=a"]))
        .MetricAlarms[0].AlarmName,
      "cli-alarm",
    );
    await ok(["cloudwatch", "set-alarm-state", "--alarm-name", "cli-alarm", "--state-value", "ALARM", "--state-reason", "by hand"]);
    assert.equal((await ok(["cloudwatch", "describe-alarms", "--state-value", "ALARM"])).MetricAlarms[0].StateReason, "by hand");
    const history = (await ok(["cloudwatch", "describe-alarm-history", "--alarm-name", "cli-alarm"])).AlarmHistoryItems;
    assert.deepEqual(
      history.map((h: { HistorySummary: string }) => h.HistorySummary),
      ["Failed to execute action arn:aws:sns:us-east-1:000000000000:ops", "Alarm updated from INSUFFICIENT_DATA to ALARM", 'Alarm "cli-alarm" created'],
    );
    await ok(["cloudwatch", "disable-alarm-actions", "--alarm-names", "cli-alarm"]);
    assert.equal((await ok(["cloudwatch", "describe-alarms"])).MetricAlarms[0].ActionsEnabled, false);
    await ok(["cloudwatch", "enable-alarm-actions", "--alarm-names", "cli-alarm"]);
    const arn = a.AlarmArn;
    await ok(["cloudwatch", "tag-resource", "--resource-arn", arn, "--tags", "Key=env,Value=lab"]);
    await ok(["cloudwatch", "untag-resource", "--resource-arn", arn, "--tag-keys", "team"]);
    assert.deepEqual((await ok(["cloudwatch", "list-tags-for-resource", "--resource-arn", arn])).Tags, [{ Key: "env", Value: "lab" }]);
    await ok(["cloudwatch", "delete-alarms", "--alarm-names", "cli-alarm"]);
    assert.deepEqual((await ok(["cloudwatch", "describe-alarms"])).MetricAlarms, []);
  });

  test("IAM enforcement: cloudwatch:* actions, alarm ARNs as resources", async () => {
    await ok(["iam", "create-user", "--user-name", "watcher"]);
    const key = (await ok(["iam", "create-access-key", "--user-name", "watcher"])).AccessKey;
    const asWatcher = { AWS_ACCESS_KEY_ID: key.AccessKeyId, AWS_SECRET_ACCESS_KEY: key.SecretAccessKey };
    const denied = await awsCli(env.endpoint, ["cloudwatch", "describe-alarms"], asWatcher);
    assert.notEqual(denied.status, 0);
    assert.match(denied.stderr, /AccessDenied/);
    assert.match(denied.stderr, /cloudwatch:DescribeAlarms/);
    // DescribeAlarms names no alarm, so it is authorized on `*`; PutMetricAlarm on the alarm's ARN.
    const policy = {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "cloudwatch:DescribeAlarms", Resource: "*" },
        { Effect: "Allow", Action: "cloudwatch:PutMetricAlarm", Resource: "arn:aws:cloudwatch:us-east-1:000000000000:alarm:team-*" },
      ],
    };
    await ok(["iam", "put-user-policy", "--user-name", "watcher", "--policy-name", "alarms", "--policy-document", JSON.stringify(policy)]);
    const allowed = await awsCli(env.endpoint, ["cloudwatch", "describe-alarms"], asWatcher);
    assert.equal(allowed.status, 0, allowed.stderr);
    const put = (name: string) =>
      awsCli(
        env.endpoint,
        [
          "cloudwatch",
          "put-metric-alarm",
          "--alarm-name",
          name,
          "--namespace",
          "N",
          "--metric-name",
          "M",
          "--statistic",
          "Sum",
          "--period",
          "60",
          "--evaluation-periods",
          "1",
          "--threshold",
          "1",
          "--comparison-operator",
          "GreaterThanThreshold",
        ],
        asWatcher,
      );
    const teamOk = await put("team-ok");
    assert.equal(teamOk.status, 0, teamOk.stderr);
    assert.match((await put("other")).stderr, /AccessDenied/);
    await ok(["cloudwatch", "delete-alarms", "--alarm-names", "team-ok"]);
  });

  test("AWS's errors in Query's shape", async () => {
    await fails(["cloudwatch", "set-alarm-state", "--alarm-name", "missing", "--state-value", "OK", "--state-reason", "x"], "ResourceNotFound");
    await fails(
      ["cloudwatch", "put-metric-data", "--namespace", "AWS/EC2", "--metric-name", "M", "--value", "1"],
      "InvalidParameterValue",
      /The value AWS\/EC2 for parameter Namespace is invalid/,
    );
    await fails(
      [
        "cloudwatch",
        "put-metric-alarm",
        "--alarm-name",
        "x",
        "--namespace",
        "N",
        "--metric-name",
        "M",
        "--statistic",
        "Sum",
        "--period",
        "60",
        "--evaluation-periods",
        "1",
        "--threshold",
        "1",
        "--comparison-operator",
        "Sideways",
      ],
      "ValidationError",
      /Value 'Sideways' at 'comparisonOperator' failed to satisfy constraint/,
    );
    await fails(
      [
        "cloudwatch",
        "get-metric-statistics",
        "--namespace",
        "N",
        "--metric-name",
        "M",
        "--start-time",
        iso(T0),
        "--end-time",
        iso(T0 + 2 * 86_400_000),
        "--period",
        "60",
        "--statistics",
        "Sum",
      ],
      "InvalidParameterCombination",
      /exceeds the limit of 1,440/,
    );
  });

  test("port scan: a metric filter counting REJECT flow records drives an alarm to ALARM, then back to OK", async () => {
    const hook = await webhookReceiver();
    const received = hook.received;
    try {
      const webhook = hook.actionArn("/alarm");
      await ok(["logs", "create-log-group", "--log-group-name", "MyVpc22-Log"]);
      await ok(["logs", "create-log-stream", "--log-group-name", "MyVpc22-Log", "--log-stream-name", "eni-0a1b2c3d4e5f67890-all"]);
      await ok([
        "logs",
        "put-metric-filter",
        "--log-group-name",
        "MyVpc22-Log",
        "--filter-name",
        "rejected",
        "--filter-pattern",
        '[version, account, eni, source, destination, srcport, destport, protocol, packets, bytes, windowstart, windowend, action="REJECT", flowlogstatus]',
        "--metric-transformations",
        "metricName=RejectedFlows,metricNamespace=FlowLogs,metricValue=1,defaultValue=0",
      ]);
      await ok([
        "cloudwatch",
        "put-metric-alarm",
        "--alarm-name",
        "port-scan",
        "--namespace",
        "FlowLogs",
        "--metric-name",
        "RejectedFlows",
        "--statistic",
        "Sum",
        "--period",
        "60",
        "--evaluation-periods",
        "1",
        "--threshold",
        "20",
        "--comparison-operator",
        "GreaterThanThreshold",
        "--alarm-actions",
        webhook,
        "--ok-actions",
        webhook,
      ]);

      // Minute 1: ordinary web traffic. Minute 2: 200 ports probed from one address, all rejected.
      const minute1 = T0 + 20 * MIN;
      const record = (src: string, port: number, action: string, t: number) =>
        `2 123456789010 eni-0a1b2c3d4e5f67890 ${src} 10.0.1.5 ${40000 + (port % 20000)} ${port} 6 ${action === "REJECT" ? 1 : 12} ${action === "REJECT" ? 40 : 5200} ${Math.floor(t / 1000)} ${Math.floor(t / 1000) + 60} ${action} OK`;
      const normal = Array.from({ length: 30 }, (_, i) => ({
        timestamp: minute1 + i * 1000,
        message: record(`198.51.100.${i + 1}`, 80, i % 10 === 0 ? "REJECT" : "ACCEPT", minute1),
      }));
      const scan = Array.from({ length: 200 }, (_, i) => ({
        timestamp: minute1 + MIN + i * 100,
        message: record("203.0.113.66", i + 1, "REJECT", minute1 + MIN),
      }));
      clock.set(minute1 + 2 * MIN);
      for (const batch of [normal, scan]) {
        await ok([
          "logs",
          "put-log-events",
          "--log-group-name",
          "MyVpc22-Log",
          "--log-stream-name",
          "eni-0a1b2c3d4e5f67890-all",
          "--log-events",
          JSON.stringify(batch),
        ]);
      }

      const stats = await ok([
        "cloudwatch",
        "get-metric-statistics",
        "--namespace",
        "FlowLogs",
        "--metric-name",
        "RejectedFlows",
        "--start-time",
        iso(minute1),
        "--end-time",
        iso(minute1 + 2 * MIN),
        "--period",
        "60",
        "--statistics",
        "Sum",
      ]);
      assert.deepEqual(
        stats.Datapoints.map((d: { Sum: number }) => d.Sum),
        [3, 200],
      );

      // The scan's minute is the last complete period: ALARM, and the webhook hears about it.
      await cloudwatch().evaluateAlarms(clock.now());
      let [a] = (await ok(["cloudwatch", "describe-alarms", "--alarm-names", "port-scan"])).MetricAlarms;
      assert.equal(a.StateValue, "ALARM");
      assert.match(a.StateReason, /^Threshold Crossed: 1 datapoint \[200\.0 \(.+\)\] was greater than the threshold \(20\.0\)\.$/);
      assert.equal(received.at(-1)?.NewStateValue, "ALARM");

      // The scan stops: the next minute's traffic is ordinary again, and the alarm returns to OK.
      const after = Array.from({ length: 10 }, (_, i) => ({
        timestamp: minute1 + 2 * MIN + i * 1000,
        message: record(`198.51.100.${i + 1}`, 443, "ACCEPT", minute1 + 2 * MIN),
      }));
      clock.set(minute1 + 3 * MIN);
      await ok([
        "logs",
        "put-log-events",
        "--log-group-name",
        "MyVpc22-Log",
        "--log-stream-name",
        "eni-0a1b2c3d4e5f67890-all",
        "--log-events",
        JSON.stringify(after),
      ]);
      await cloudwatch().evaluateAlarms(clock.now());
      [a] = (await ok(["cloudwatch", "describe-alarms", "--alarm-names", "port-scan"])).MetricAlarms;
      assert.equal(a.StateValue, "OK");
      assert.match(a.StateReason, /was not greater than the threshold \(20\.0\)\.$/);
      assert.equal(received.at(-1)?.NewStateValue, "OK");
      const summaries = (
        await ok(["cloudwatch", "describe-alarm-history", "--alarm-name", "port-scan", "--history-item-type", "StateUpdate"])
      ).AlarmHistoryItems.map((h: { HistorySummary: string }) => h.HistorySummary);
      assert.deepEqual(summaries, ["Alarm updated from ALARM to OK", "Alarm updated from INSUFFICIENT_DATA to ALARM"]);
    } finally {
      hook.close();
    }
  });
});
