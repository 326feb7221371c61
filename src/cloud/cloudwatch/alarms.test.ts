import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { evaluateAlarm } from "./alarm-evaluation.js";
import type { AlarmDefinition } from "./types.js";
import { newCloudWatch, T0 } from "../../../test/support/cloudwatch-harness.js";
import { webhookReceiver } from "../../../test/support/webhook-receiver.js";

const MIN = 60_000;
const alarm: AlarmDefinition = {
  AlarmName: "hits",
  Namespace: "App",
  MetricName: "Hits",
  Statistic: "Sum",
  Period: 60,
  EvaluationPeriods: 1,
  Threshold: 5,
  ComparisonOperator: "GreaterThanOrEqualToThreshold",
};
const put = (t: ReturnType<typeof newCloudWatch>, value: number, at: number) =>
  t.call("PutMetricData", { Namespace: "App", MetricData: [{ MetricName: "Hits", Value: value, Timestamp: new Date(at) }] });

describe("evaluateAlarm", () => {
  const def = { ...alarm, EvaluationPeriods: 3, DatapointsToAlarm: 2 };
  const periods = (...values: Array<number | undefined>) => values.map((value, i) => ({ ts: T0 - (i + 1) * MIN, ...(value === undefined ? {} : { value }) }));
  it("M out of N breaching is ALARM, with AWS's reason text", () => {
    const r = evaluateAlarm(def, periods(7, 1, 9), T0);
    assert.equal(r?.state, "ALARM");
    assert.equal(
      r?.reason,
      "Threshold Crossed: 2 out of the last 3 datapoints [7.0 (31/12/25 23:59:00), 1.0 (31/12/25 23:58:00), 9.0 (31/12/25 23:57:00)] were greater than or equal to the threshold (5.0) (minimum 2 datapoints for OK -> ALARM transition).",
    );
    assert.equal(evaluateAlarm(def, periods(7, 1, 1), T0)?.state, "OK");
  });
  it("TreatMissingData decides what gaps mean", () => {
    assert.equal(evaluateAlarm(def, periods(undefined, undefined, undefined), T0)?.state, "INSUFFICIENT_DATA");
    assert.equal(evaluateAlarm(def, periods(undefined, undefined, undefined), T0)?.reason, "Insufficient Data: 3 datapoints were unknown.");
    assert.equal(evaluateAlarm({ ...def, TreatMissingData: "ignore" }, periods(undefined, undefined, undefined), T0), undefined);
    assert.equal(evaluateAlarm({ ...def, TreatMissingData: "notBreaching" }, periods(undefined, undefined, undefined), T0)?.state, "OK");
    assert.equal(evaluateAlarm({ ...def, TreatMissingData: "breaching" }, periods(undefined, 9, undefined), T0)?.state, "ALARM");
    assert.equal(evaluateAlarm({ ...def, TreatMissingData: "missing" }, periods(undefined, 9, undefined), T0)?.state, "OK");
  });
  it("gaps filled in by TreatMissingData are named in the reason, in AWS's words", () => {
    const noData: AlarmDefinition = { ...def, ComparisonOperator: "LessThanThreshold", Threshold: 1, DatapointsToAlarm: 3, TreatMissingData: "breaching" };
    assert.equal(
      evaluateAlarm(noData, periods(undefined, undefined, undefined), T0)?.reason,
      "Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated as [Breaching].",
    );
    assert.equal(
      evaluateAlarm(noData, periods(1, undefined, undefined), T0)?.reason,
      "Threshold Crossed: 1 datapoint [1.0 (31/12/25 23:59:00)] was not less than the threshold (1.0) and 2 missing datapoints were treated as [Breaching].",
    );
    assert.equal(
      evaluateAlarm({ ...alarm, TreatMissingData: "notBreaching" }, periods(undefined), T0)?.reason,
      "Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching].",
    );
  });
  it("one period: AWS's single-datapoint wording", () => {
    const r = evaluateAlarm({ ...alarm, ComparisonOperator: "LessThanThreshold" }, periods(7), T0);
    assert.equal(r?.reason, "Threshold Crossed: 1 datapoint [7.0 (31/12/25 23:59:00)] was not less than the threshold (5.0).");
  });
});

describe("alarms", () => {
  it("created INSUFFICIENT_DATA, evaluated on the clock to ALARM and back to OK, with history", async () => {
    const t = newCloudWatch();
    await t.call("PutMetricAlarm", { ...alarm, AlarmActions: ["arn:aws:sns:us-east-1:000000000000:ops"], Tags: [{ Key: "team", Value: "net" }] });
    let [a] = (await t.call("DescribeAlarms", {})).MetricAlarms;
    assert.equal(a.StateValue, "INSUFFICIENT_DATA");
    assert.equal(a.StateReason, "Unchecked: Initial alarm creation");
    assert.equal(a.AlarmArn, "arn:aws:cloudwatch:us-east-1:000000000000:alarm:hits");

    await put(t, 6, T0 + 10_000);
    t.clock.set(T0 + MIN + 5_000);
    await t.cw.evaluateAlarms(t.clock.now());
    [a] = (await t.call("DescribeAlarms", { StateValue: "ALARM" })).MetricAlarms;
    assert.equal(a.StateReason, "Threshold Crossed: 1 datapoint [6.0 (01/01/26 00:00:00)] was greater than or equal to the threshold (5.0).");
    assert.equal(JSON.parse(a.StateReasonData).recentDatapoints[0], 6);

    t.clock.set(T0 + 2 * MIN + 5_000);
    await put(t, 1, T0 + MIN + 10_000);
    await t.cw.evaluateAlarms(t.clock.now());
    assert.equal((await t.call("DescribeAlarms", { AlarmNames: ["hits"] })).MetricAlarms[0].StateValue, "OK");

    const history = (await t.call("DescribeAlarmHistory", { AlarmName: "hits" })).AlarmHistoryItems;
    assert.deepEqual(
      history.map((h: { HistoryItemType: string; HistorySummary: string }) => [h.HistoryItemType, h.HistorySummary]),
      [
        ["StateUpdate", "Alarm updated from ALARM to OK"],
        ["Action", "Failed to execute action arn:aws:sns:us-east-1:000000000000:ops"],
        ["StateUpdate", "Alarm updated from INSUFFICIENT_DATA to ALARM"],
        ["ConfigurationUpdate", 'Alarm "hits" created'],
      ],
    );
    assert.match(JSON.parse(history[1].HistoryData).error, /flowwatch does not run this kind of action/);
    const only = await t.call("DescribeAlarmHistory", { AlarmName: "hits", HistoryItemType: "StateUpdate", ScanBy: "TimestampAscending", MaxRecords: 1 });
    assert.equal(only.AlarmHistoryItems[0].HistorySummary, "Alarm updated from INSUFFICIENT_DATA to ALARM");
    assert.ok(only.NextToken);
  });

  it("a webhook action receives the SNS-shaped notification; disabled actions do not run", async () => {
    const hook = await webhookReceiver();
    const received = hook.received;
    try {
      const t = newCloudWatch();
      const arn = hook.actionArn("/hook");
      await t.call("PutMetricAlarm", { ...alarm, AlarmActions: [arn], OKActions: [arn] });
      await t.call("SetAlarmState", { AlarmName: "hits", StateValue: "ALARM", StateReason: "testing" });
      assert.equal(received.length, 1);
      assert.equal(received[0]?.NewStateValue, "ALARM");
      assert.equal(received[0]?.OldStateValue, "INSUFFICIENT_DATA");
      assert.equal(received[0]?.NewStateReason, "testing");
      assert.equal(received[0]?.AlarmArn, "arn:aws:cloudwatch:us-east-1:000000000000:alarm:hits");
      const actions = (await t.call("DescribeAlarmHistory", { HistoryItemType: "Action" })).AlarmHistoryItems;
      assert.equal(actions[0].HistorySummary, `Successfully executed action ${arn}`);

      await t.call("DisableAlarmActions", { AlarmNames: ["hits"] });
      assert.equal((await t.call("DescribeAlarms", {})).MetricAlarms[0].ActionsEnabled, false);
      await t.call("SetAlarmState", { AlarmName: "hits", StateValue: "OK", StateReason: "quiet" });
      assert.equal(received.length, 1);
      await t.call("EnableAlarmActions", { AlarmNames: ["hits"] });
      await t.call("SetAlarmState", { AlarmName: "hits", StateValue: "ALARM", StateReason: "again" });
      assert.equal(received.length, 2);
    } finally {
      hook.close();
    }
  });

  it("update keeps the state; DescribeAlarmsForMetric; tags; delete; regions apart", async () => {
    const t = newCloudWatch();
    await t.call("PutMetricAlarm", { ...alarm, Dimensions: [{ Name: "Host", Value: "a" }], Tags: [{ Key: "a", Value: "1" }] });
    await t.call("SetAlarmState", { AlarmName: "hits", StateValue: "ALARM", StateReason: "x", StateReasonData: "{}" });
    await t.call("PutMetricAlarm", { ...alarm, Dimensions: [{ Name: "Host", Value: "a" }], Threshold: 9, Tags: [{ Key: "ignored", Value: "1" }] });
    const [a] = (await t.call("DescribeAlarms", {})).MetricAlarms;
    assert.equal(a.StateValue, "ALARM");
    assert.equal(a.Threshold, 9);
    assert.equal(
      (await t.call("DescribeAlarmsForMetric", { Namespace: "App", MetricName: "Hits", Dimensions: [{ Name: "Host", Value: "a" }] })).MetricAlarms.length,
      1,
    );
    assert.equal((await t.call("DescribeAlarmsForMetric", { Namespace: "App", MetricName: "Hits", Dimensions: [] })).MetricAlarms.length, 0);
    const arn = a.AlarmArn;
    assert.deepEqual((await t.call("ListTagsForResource", { ResourceARN: arn })).Tags, [{ Key: "a", Value: "1" }]);
    await t.call("TagResource", { ResourceARN: arn, Tags: [{ Key: "b", Value: "2" }] });
    await t.call("UntagResource", { ResourceARN: arn, TagKeys: ["a"] });
    assert.deepEqual((await t.call("ListTagsForResource", { ResourceARN: arn })).Tags, [{ Key: "b", Value: "2" }]);
    assert.deepEqual((await t.call("DescribeAlarms", {}, t.other)).MetricAlarms, []);
    await t.call("DeleteAlarms", { AlarmNames: ["hits", "never-existed"] });
    assert.deepEqual((await t.call("DescribeAlarms", {})).MetricAlarms, []);
    await t.fails("ListTagsForResource", { ResourceARN: arn }, "ResourceNotFoundException");
  });

  it("answers AWS's errors", async () => {
    const t = newCloudWatch();
    await t.fails("SetAlarmState", { AlarmName: "nope", StateValue: "OK", StateReason: "x" }, "ResourceNotFound");
    await t.call("PutMetricAlarm", alarm);
    await t.fails("SetAlarmState", { AlarmName: "hits", StateValue: "OK", StateReason: "x", StateReasonData: "{not json" }, "InvalidFormat");
    await t.fails(
      "PutMetricAlarm",
      { ...alarm, ComparisonOperator: "Sideways" },
      "ValidationError",
      /at 'comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set/,
    );
    await t.fails("PutMetricAlarm", { ...alarm, DatapointsToAlarm: 3 }, "InvalidParameterValue", /DatapointsToAlarm/);
    await t.fails("PutMetricAlarm", { ...alarm, Period: 86_400, EvaluationPeriods: 8 }, "InvalidParameterValue", /more than 7 days/);
    await t.fails("PutMetricAlarm", { ...alarm, ExtendedStatistic: "p99" }, "InvalidParameterCombination");
    await t.fails("PutMetricAlarm", { ...alarm, TreatMissingData: "sometimes" }, "InvalidParameterValue");
    await t.fails("PutMetricAlarm", { ...alarm, ComparisonOperator: "LessThanLowerOrGreaterThanUpperThreshold" }, "InvalidParameterValue", /anomaly detection/);
    await t.fails("PutMetricAlarm", { ...alarm, AlarmActions: ["arn:flowwatch:webhook:::ftp://x"] }, "InvalidParameterValue", /webhook/);
    await t.fails("DescribeAlarms", { AlarmNames: ["a"], AlarmNamePrefix: "a" }, "InvalidParameterCombination");
  });

  it("metric math alarms evaluate through GetMetricData's engine", async () => {
    const t = newCloudWatch();
    await t.call("PutMetricAlarm", {
      AlarmName: "ratio",
      EvaluationPeriods: 1,
      Threshold: 0.5,
      ComparisonOperator: "GreaterThanThreshold",
      Metrics: [
        { Id: "bad", ReturnData: false, MetricStat: { Metric: { Namespace: "App", MetricName: "Errors" }, Period: 60, Stat: "Sum" } },
        { Id: "all", ReturnData: false, MetricStat: { Metric: { Namespace: "App", MetricName: "Hits" }, Period: 60, Stat: "Sum" } },
        { Id: "e", Expression: "bad / all" },
      ],
    });
    await t.call("PutMetricData", {
      Namespace: "App",
      MetricData: [
        { MetricName: "Errors", Value: 3, Timestamp: new Date(T0) },
        { MetricName: "Hits", Value: 4, Timestamp: new Date(T0) },
      ],
    });
    t.clock.set(T0 + MIN);
    await t.cw.evaluateAlarms(t.clock.now());
    assert.equal((await t.call("DescribeAlarms", {})).MetricAlarms[0].StateValue, "ALARM");
  });
});
