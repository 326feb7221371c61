/**
 * CloudWatch through the AWS SDK v3 (@aws-sdk/client-cloudwatch, Smithy RPC v2 CBOR by default) on a
 * LocalCloud with a ManualClock: every served operation, AWS's errors as the SDK's exception classes
 * and Query codes, and the port-scan alarm end to end: scenario traffic through the VPC's flow log, a
 * metric filter, an alarm that goes to ALARM during the scan and back to OK once it stops.
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  DescribeAlarmsForMetricCommand,
  DisableAlarmActionsCommand,
  EnableAlarmActionsCommand,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  InvalidFormatFault,
  InvalidNextToken,
  InvalidParameterCombinationException,
  InvalidParameterValueException,
  LimitExceededFault,
  ListMetricsCommand,
  ListTagsForResourceCommand,
  MissingRequiredParameterException,
  PutDashboardCommand,
  PutMetricAlarmCommand,
  type PutMetricAlarmCommandInput,
  PutMetricDataCommand,
  ResourceNotFound,
  ResourceNotFoundException,
  SetAlarmStateCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient, CreateLogGroupCommand, PutMetricFilterCommand } from "@aws-sdk/client-cloudwatch-logs";
// The SDK's own protocol implementations (a dependency of every v3 client), to choose CBOR.
import { AwsSmithyRpcV2CborProtocol } from "@aws-sdk/core/protocols";
import { ManualClock } from "../../src/cloud/clock.js";
import { MAX_ALARMS } from "../../src/cloud/cloudwatch/alarms.js";
import type { RequestContext } from "../../src/cloud/service.js";
import { internalRequest } from "../../src/cli/internal-request.js";
import { useLocalCloud } from "../support/local-cloud.js";
import { buildPipeline } from "../support/pipeline.js";
import { webhookReceiver } from "../support/webhook-receiver.js";

const MIN = 60_000;
/** Half an hour or more back: every timestamp below is within PutMetricData's two weeks. */
// On a 10-minute boundary: GetMetricStatistics' periods start at multiples of Period since the epoch, and
// the 600 s period below must hold minutes 5 and 6 together whatever the time of day.
const T0 = Math.floor(Date.now() / (10 * MIN)) * (10 * MIN) - 30 * MIN;
const clock = new ManualClock(T0);
const env = useLocalCloud({ clock, gatewayPorts: [] });

/** What a client put on the wire and got back, call by call. */
type Wire = Array<{ path: string; requestHeaders: Record<string, string>; status: number; responseHeaders: Record<string, string> }>;

/**
 * The SDK's two ways to CloudWatch: its default (client-cloudwatch 3.1164.0 sends AWS JSON 1.0 with
 * `x-amzn-query-mode`) and RPC v2 CBOR, which a client gets with `protocol: AwsSmithyRpcV2CborProtocol`.
 */
const PROTOCOLS = [
  { name: "RPC v2 CBOR", protocol: AwsSmithyRpcV2CborProtocol, namespace: "SdkCbor", quotaRegion: "eu-west-1" },
  { name: "AWS JSON 1.0, the SDK's default", protocol: undefined, namespace: "SdkJson", quotaRegion: "eu-central-1" },
] as const;

function client(protocol: (typeof PROTOCOLS)[number]["protocol"], wire: Wire, region?: string): CloudWatchClient {
  const cw = new CloudWatchClient({ ...env.clientConfig(), ...(region === undefined ? {} : { region }), ...(protocol === undefined ? {} : { protocol }) });
  cw.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { path: string; headers: Record<string, string> };
      const record = (response: { statusCode: number; headers: Record<string, string> } | undefined) =>
        wire.push({ path: request.path, requestHeaders: { ...request.headers }, status: response?.statusCode ?? 0, responseHeaders: { ...response?.headers } });
      try {
        const result = await next(args);
        record(result.response as { statusCode: number; headers: Record<string, string> });
        return result;
      } catch (e) {
        // Service errors carry the raw response as $response.
        record((e as { $response?: { statusCode: number; headers: Record<string, string> } }).$response);
        throw e;
      }
    },
    { step: "finalizeRequest", name: "recordWire", priority: "low" },
  );
  return cw;
}

/** Expects the call to fail with the SDK's exception class, its `name` and AWS's Query code. */
async function fails(call: Promise<unknown>, type: abstract new (...args: never[]) => Error, code: string, message?: RegExp): Promise<void> {
  await assert.rejects(call, (e: Error & { Code?: string; $fault?: string }) => {
    assert.ok(e instanceof type, `${e.name}: ${e.message}`);
    assert.equal(e.name, type.name);
    assert.equal(e.Code, code, e.message);
    assert.equal(e.$fault, "client");
    if (message) assert.match(e.message, message);
    return true;
  });
}

const at = (minute: number, seconds = 0) => new Date(T0 + minute * MIN + seconds * 1000);

for (const { name, protocol, namespace: NS, quotaRegion } of PROTOCOLS)
  describe(`CloudWatch through the SDK v3 (${name})`, () => {
    const wire: Wire = [];
    // Alarm history outlives the alarm (as on AWS), so each protocol's suite has its own alarm name.
    const ALARM = `${NS}-alarm`;
    // Made once the cloud is listening (useLocalCloud's hook runs first), so the endpoint is known.
    let cw: CloudWatchClient;
    before(() => {
      cw = client(protocol, wire);
    });

    test("PutMetricData, GetMetricStatistics, ListMetrics, GetMetricData: stats, SUM, RATE, METRICS() and arithmetic", async () => {
      const host = (h: string) => [{ Name: "Host", Value: h }];
      await cw.send(
        new PutMetricDataCommand({
          Namespace: NS,
          MetricData: [
            { MetricName: "Hits", Dimensions: host("a"), Timestamp: at(5), Value: 3, Unit: "Count" },
            {
              MetricName: "Hits",
              Dimensions: host("a"),
              Timestamp: at(5, 1),
              StatisticValues: { SampleCount: 2, Sum: 5, Minimum: 1, Maximum: 4 },
              Unit: "Count",
            },
            { MetricName: "Hits", Dimensions: host("a"), Timestamp: at(6), Values: [1, 2], Counts: [1, 3], Unit: "Count" },
            { MetricName: "Hits", Dimensions: host("b"), Timestamp: at(5), Value: 10, Unit: "Count" },
            { MetricName: "Hits", Dimensions: host("b"), Timestamp: at(6), Value: 22, Unit: "Count" },
          ],
        }),
      );

      const stats = await cw.send(
        new GetMetricStatisticsCommand({
          Namespace: NS,
          MetricName: "Hits",
          Dimensions: host("a"),
          StartTime: at(0),
          EndTime: at(10),
          Period: 60,
          Statistics: ["Sum", "SampleCount", "Maximum", "Average"],
        }),
      );
      assert.equal(stats.Label, "Hits");
      const points = [...(stats.Datapoints ?? [])].sort((x, y) => (x.Timestamp?.getTime() ?? 0) - (y.Timestamp?.getTime() ?? 0));
      assert.deepEqual(points, [
        { Timestamp: at(5), Sum: 8, SampleCount: 3, Maximum: 4, Average: 8 / 3, Unit: "Count" },
        { Timestamp: at(6), Sum: 7, SampleCount: 4, Maximum: 2, Average: 7 / 4, Unit: "Count" },
      ]);
      const p50 = await cw.send(
        new GetMetricStatisticsCommand({
          Namespace: NS,
          MetricName: "Hits",
          Dimensions: host("b"),
          StartTime: at(0),
          EndTime: at(10),
          Period: 600,
          ExtendedStatistics: ["p50"],
        }),
      );
      assert.deepEqual(
        p50.Datapoints?.map((d) => d.ExtendedStatistics),
        [{ p50: 10 }],
      );

      const listed = await cw.send(new ListMetricsCommand({ Namespace: NS }));
      assert.deepEqual(listed.Metrics, [
        { Namespace: NS, MetricName: "Hits", Dimensions: host("a") },
        { Namespace: NS, MetricName: "Hits", Dimensions: host("b") },
      ]);
      assert.deepEqual((await cw.send(new ListMetricsCommand({ Namespace: NS, Dimensions: [{ Name: "Host", Value: "b" }] }))).Metrics?.length, 1);

      const stat = (id: string, h: string, Stat = "Sum") => ({
        Id: id,
        ReturnData: false,
        MetricStat: { Metric: { Namespace: NS, MetricName: "Hits", Dimensions: host(h) }, Period: 60, Stat },
      });
      const data = await cw.send(
        new GetMetricDataCommand({
          StartTime: at(0),
          EndTime: at(10),
          ScanBy: "TimestampAscending",
          MetricDataQueries: [
            stat("a", "a"),
            stat("b", "b"),
            { ...stat("peak", "a", "Maximum"), ReturnData: true },
            { Id: "total", Expression: "SUM([a, b])", Label: "all hosts" },
            { Id: "every", Expression: "SUM(METRICS())" },
            { Id: "growth", Expression: "RATE(b)" },
            { Id: "mix", Expression: "a * 2 + b - 1" },
          ],
        }),
      );
      const results = Object.fromEntries((data.MetricDataResults ?? []).map((r) => [r.Id, r]));
      assert.deepEqual(Object.keys(results), ["peak", "total", "every", "growth", "mix"]);
      assert.deepEqual(results.peak?.Values, [4, 2]);
      assert.equal(results.peak?.Label, "Hits");
      assert.deepEqual(results.total?.Timestamps, [at(5), at(6)]);
      assert.deepEqual(results.total?.Values, [18, 29]);
      assert.equal(results.total?.Label, "all hosts");
      assert.equal(results.total?.StatusCode, "Complete");
      // METRICS() is every MetricStat query, the returned "peak" (Maximum of a) included.
      assert.deepEqual(results.every?.Values, [18 + 4, 29 + 2]);
      assert.deepEqual(results.growth?.Timestamps, [at(6)]);
      assert.deepEqual(results.growth?.Values, [12 / 60]);
      assert.deepEqual(results.mix?.Values, [8 * 2 + 10 - 1, 7 * 2 + 22 - 1]);

      // Newest first by default, and pages of MaxDatapoints with a NextToken, as AWS pages them.
      const page = await cw.send(
        new GetMetricDataCommand({ StartTime: at(0), EndTime: at(10), MaxDatapoints: 1, MetricDataQueries: [{ ...stat("a", "a"), ReturnData: true }] }),
      );
      assert.deepEqual(page.MetricDataResults?.[0]?.Timestamps, [at(6)]);
      assert.equal(page.MetricDataResults?.[0]?.StatusCode, "PartialData");
      const rest = await cw.send(
        new GetMetricDataCommand({
          StartTime: at(0),
          EndTime: at(10),
          MaxDatapoints: 1,
          NextToken: page.NextToken,
          MetricDataQueries: [{ ...stat("a", "a"), ReturnData: true }],
        }),
      );
      assert.deepEqual(rest.MetricDataResults?.[0]?.Values, [8]);
      assert.equal(rest.NextToken, undefined);
    });

    test("alarms: PutMetricAlarm, DescribeAlarms, DescribeAlarmsForMetric, SetAlarmState, DescribeAlarmHistory, actions off and on, tags, DeleteAlarms", async () => {
      const alarm: PutMetricAlarmCommandInput = {
        AlarmName: ALARM,
        AlarmDescription: "hits on host a",
        Namespace: NS,
        MetricName: "Hits",
        Dimensions: [{ Name: "Host", Value: "a" }],
        Statistic: "Sum",
        Period: 60,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 2,
        Threshold: 10,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        TreatMissingData: "notBreaching",
        AlarmActions: ["arn:aws:sns:us-east-1:000000000000:ops"],
        Tags: [{ Key: "team", Value: "net" }],
      };
      await cw.send(new PutMetricAlarmCommand(alarm));
      const [a] = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: [ALARM] }))).MetricAlarms ?? [];
      assert.ok(a);
      assert.equal(a.StateValue, "INSUFFICIENT_DATA");
      assert.equal(a.StateReason, "Unchecked: Initial alarm creation");
      assert.equal(a.AlarmArn, `arn:aws:cloudwatch:us-east-1:000000000000:alarm:${ALARM}`);
      assert.equal(a.DatapointsToAlarm, 2);
      assert.equal(a.Threshold, 10);
      assert.equal(a.ActionsEnabled, true);
      assert.ok(a.AlarmConfigurationUpdatedTimestamp instanceof Date);
      assert.deepEqual(a.AlarmActions, ["arn:aws:sns:us-east-1:000000000000:ops"]);
      assert.deepEqual(
        (await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: ALARM }))).MetricAlarms?.map((m) => m.AlarmName),
        [ALARM],
      );
      assert.deepEqual((await cw.send(new DescribeAlarmsCommand({}))).CompositeAlarms, []);
      const forMetric = await cw.send(new DescribeAlarmsForMetricCommand({ Namespace: NS, MetricName: "Hits", Dimensions: [{ Name: "Host", Value: "a" }] }));
      assert.deepEqual(
        forMetric.MetricAlarms?.map((m) => m.AlarmName),
        [ALARM],
      );
      assert.deepEqual(
        (await cw.send(new DescribeAlarmsForMetricCommand({ Namespace: NS, MetricName: "Hits", Dimensions: [{ Name: "Host", Value: "b" }] }))).MetricAlarms,
        [],
      );

      await cw.send(new SetAlarmStateCommand({ AlarmName: ALARM, StateValue: "ALARM", StateReason: "by hand", StateReasonData: '{"why": "test"}' }));
      const alarmed = (await cw.send(new DescribeAlarmsCommand({ StateValue: "ALARM" }))).MetricAlarms ?? [];
      assert.deepEqual(
        alarmed.map((m) => [m.AlarmName, m.StateReason, m.StateReasonData]),
        [[ALARM, "by hand", '{"why": "test"}']],
      );
      const history = (await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: ALARM }))).AlarmHistoryItems ?? [];
      assert.deepEqual(
        history.map((h) => [h.HistoryItemType, h.HistorySummary]),
        [
          ["Action", "Failed to execute action arn:aws:sns:us-east-1:000000000000:ops"],
          ["StateUpdate", "Alarm updated from INSUFFICIENT_DATA to ALARM"],
          ["ConfigurationUpdate", `Alarm "${ALARM}" created`],
        ],
      );
      assert.ok(history.every((h) => h.Timestamp instanceof Date && h.AlarmName === ALARM));
      const updates = (await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: ALARM, HistoryItemType: "StateUpdate" }))).AlarmHistoryItems ?? [];
      assert.equal(updates.length, 1);
      assert.equal(JSON.parse(updates[0]?.HistoryData ?? "{}").newState?.stateValue, "ALARM");

      await cw.send(new DisableAlarmActionsCommand({ AlarmNames: [ALARM] }));
      assert.equal((await cw.send(new DescribeAlarmsCommand({ AlarmNames: [ALARM] }))).MetricAlarms?.[0]?.ActionsEnabled, false);
      await cw.send(new EnableAlarmActionsCommand({ AlarmNames: [ALARM] }));
      assert.equal((await cw.send(new DescribeAlarmsCommand({ AlarmNames: [ALARM] }))).MetricAlarms?.[0]?.ActionsEnabled, true);

      const arn = a.AlarmArn as string;
      assert.deepEqual((await cw.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags, [{ Key: "team", Value: "net" }]);
      await cw.send(new TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: "env", Value: "lab" }] }));
      await cw.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ["team"] }));
      assert.deepEqual((await cw.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags, [{ Key: "env", Value: "lab" }]);

      // An update keeps the state and ignores Tags, as documented.
      await cw.send(new PutMetricAlarmCommand({ ...alarm, Threshold: 50, Tags: [{ Key: "ignored", Value: "x" }] }));
      const updated = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: [ALARM] }))).MetricAlarms?.[0];
      assert.deepEqual([updated?.Threshold, updated?.StateValue], [50, "ALARM"]);
      assert.deepEqual((await cw.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags, [{ Key: "env", Value: "lab" }]);

      await cw.send(new DeleteAlarmsCommand({ AlarmNames: [ALARM, "never-existed"] }));
      assert.deepEqual((await cw.send(new DescribeAlarmsCommand({}))).MetricAlarms, []);
    });

    test("AWS's errors, as the SDK's exception classes with the Query codes", async () => {
      await fails(
        cw.send(new SetAlarmStateCommand({ AlarmName: "missing", StateValue: "OK", StateReason: "x" })),
        ResourceNotFound,
        "ResourceNotFound",
        /^Alarm missing not found$/,
      );
      await fails(
        cw.send(new ListTagsForResourceCommand({ ResourceARN: "arn:aws:cloudwatch:us-east-1:000000000000:alarm:missing" })),
        ResourceNotFoundException,
        "ResourceNotFoundException",
      );
      await fails(
        cw.send(new TagResourceCommand({ ResourceARN: "not-an-arn", Tags: [{ Key: "a", Value: "b" }] })),
        InvalidParameterValueException,
        "InvalidParameterValue",
        /Invalid ARN/,
      );
      await fails(
        cw.send(new PutMetricDataCommand({ Namespace: "AWS/EC2", MetricData: [{ MetricName: "M", Value: 1 }] })),
        InvalidParameterValueException,
        "InvalidParameterValue",
        /^The value AWS\/EC2 for parameter Namespace is invalid\.$/,
      );
      await fails(
        cw.send(new PutMetricDataCommand({ Namespace: NS, MetricData: [{ MetricName: "M", Value: 1, Timestamp: new Date(T0 + 3 * 3_600_000) }] })),
        InvalidParameterValueException,
        "InvalidParameterValue",
        /two hours in the future/,
      );
      await fails(
        cw.send(new PutMetricDataCommand({ Namespace: NS, MetricData: [] })),
        MissingRequiredParameterException,
        "MissingParameter",
        /^The parameter MetricData is required\.$/,
      );
      await fails(
        cw.send(new PutMetricDataCommand({ Namespace: NS, MetricData: [{ MetricName: "M" }] })),
        MissingRequiredParameterException,
        "MissingParameter",
        /MetricData\.member\.1\.Value is required/,
      );
      await fails(
        cw.send(
          new PutMetricDataCommand({
            Namespace: NS,
            MetricData: [{ MetricName: "M", Value: 1, StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1 } }],
          }),
        ),
        InvalidParameterCombinationException,
        "InvalidParameterCombination",
        /are mutually exclusive/,
      );
      await fails(
        cw.send(
          new GetMetricStatisticsCommand({
            Namespace: NS,
            MetricName: "Hits",
            StartTime: at(0),
            EndTime: new Date(T0 + 2 * 86_400_000),
            Period: 60,
            Statistics: ["Sum"],
          }),
        ),
        InvalidParameterCombinationException,
        "InvalidParameterCombination",
        /^You have requested up to 2,880 datapoints, which exceeds the limit of 1,440\./,
      );
      await fails(
        cw.send(new GetMetricStatisticsCommand({ Namespace: NS, MetricName: "Hits", StartTime: at(5), EndTime: at(1), Period: 60, Statistics: ["Sum"] })),
        InvalidParameterValueException,
        "InvalidParameterValue",
        /^The parameter StartTime must be less than the parameter EndTime\.$/,
      );
      await fails(cw.send(new ListMetricsCommand({ NextToken: "garbage" })), InvalidNextToken, "InvalidNextToken");
      await fails(
        cw.send(new DescribeAlarmsCommand({ AlarmNames: ["a"], AlarmNamePrefix: "b" })),
        InvalidParameterCombinationException,
        "InvalidParameterCombination",
      );
      await fails(
        cw.send(
          new GetMetricDataCommand({
            StartTime: at(0),
            EndTime: at(10),
            MetricDataQueries: [{ Id: "m", MetricStat: { Metric: { Namespace: NS, MetricName: "Hits" }, Period: 60, Stat: "TM99" } }],
          }),
        ),
        InvalidParameterValueException,
        "InvalidParameterValue",
      );
      const alarm = {
        AlarmName: "bad",
        Namespace: NS,
        MetricName: "Hits",
        Statistic: "Sum" as const,
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: "GreaterThanThreshold" as const,
      };
      await fails(
        cw.send(new PutMetricAlarmCommand({ ...alarm, EvaluationPeriods: 2, DatapointsToAlarm: 3 })),
        InvalidParameterValueException,
        "InvalidParameterValue",
        /DatapointsToAlarm/,
      );
      await fails(
        cw.send(new PutMetricAlarmCommand({ ...alarm, Period: 3600, EvaluationPeriods: 200 })),
        InvalidParameterValueException,
        "InvalidParameterValue",
        /more than 7 days/,
      );
      await fails(
        cw.send(new PutMetricAlarmCommand({ ...alarm, ComparisonOperator: "LessThanLowerOrGreaterThanUpperThreshold" })),
        InvalidParameterValueException,
        "InvalidParameterValue",
        /anomaly detection band/,
      );
      await fails(
        cw.send(new PutMetricAlarmCommand({ ...alarm, Statistic: undefined })),
        InvalidParameterCombinationException,
        "InvalidParameterCombination",
        /Statistic and ExtendedStatistic/,
      );
      await fails(
        cw.send(new PutMetricAlarmCommand({ ...alarm, MetricName: undefined })),
        MissingRequiredParameterException,
        "MissingParameter",
        /^The parameter MetricName is required\.$/,
      );
      await cw.send(new PutMetricAlarmCommand({ ...alarm, AlarmName: "reasons" }));
      await fails(
        cw.send(new SetAlarmStateCommand({ AlarmName: "reasons", StateValue: "OK", StateReason: "x", StateReasonData: "{not json" })),
        InvalidFormatFault,
        "InvalidFormat",
      );
      await cw.send(new DeleteAlarmsCommand({ AlarmNames: ["reasons"] }));

      // Constraint failures are the front end's ValidationError, which the model has no class for.
      await assert.rejects(
        cw.send(new PutMetricAlarmCommand({ ...alarm, ComparisonOperator: "Sideways" as "GreaterThanThreshold" })),
        (e: Error & { Code?: string }) => {
          assert.equal(e.Code, "ValidationError");
          assert.equal(e.name, "ValidationException");
          assert.match(
            e.message,
            /^1 validation error detected: Value 'Sideways' at 'comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set/,
          );
          return true;
        },
      );
      // An operation flowwatch does not serve is the protocol's unknown-operation error, not a silent success.
      await assert.rejects(cw.send(new PutDashboardCommand({ DashboardName: "d", DashboardBody: "{}" })), (e: Error) => {
        assert.equal(e.name, "UnknownOperationException");
        return true;
      });
    });

    test("what went over the wire: the protocol's path and headers, both ways", () => {
      const cbor = protocol !== undefined;
      const put = wire.find((w) =>
        cbor ? w.path.endsWith("/operation/PutMetricData") : w.requestHeaders["x-amz-target"] === "GraniteServiceVersion20100801.PutMetricData",
      );
      assert.ok(put, "PutMetricData went over the wire");
      assert.match(put.requestHeaders.authorization ?? "", /^AWS4-HMAC-SHA256 Credential=test\/\d{8}\/us-east-1\/monitoring\/aws4_request/);
      const sent = new Set(wire.map((w) => (cbor ? w.path.replace(/^.*\/operation\//, "") : (w.requestHeaders["x-amz-target"] ?? "").replace(/^.*\./, ""))));
      for (const op of [
        "PutMetricData",
        "GetMetricData",
        "GetMetricStatistics",
        "ListMetrics",
        "PutMetricAlarm",
        "DescribeAlarms",
        "DescribeAlarmsForMetric",
        "SetAlarmState",
        "DescribeAlarmHistory",
        "EnableAlarmActions",
        "DisableAlarmActions",
        "TagResource",
        "UntagResource",
        "ListTagsForResource",
        "DeleteAlarms",
      ]) {
        assert.ok(sent.has(op), `${op} sent`);
      }
      for (const w of wire) {
        if (cbor) {
          assert.match(w.path, /^\/service\/GraniteServiceVersion20100801\/operation\/[A-Za-z]+$/);
          assert.equal(w.requestHeaders["smithy-protocol"], "rpc-v2-cbor", w.path);
          assert.equal(w.requestHeaders["content-type"], "application/cbor", w.path);
          assert.equal(w.requestHeaders["x-amz-target"], undefined, w.path);
          assert.equal(w.responseHeaders["smithy-protocol"], "rpc-v2-cbor", w.path);
          if (w.responseHeaders["content-length"] !== "0") assert.equal(w.responseHeaders["content-type"], "application/cbor", w.path);
        } else {
          assert.equal(w.path, "/");
          assert.equal(w.requestHeaders["content-type"], "application/x-amz-json-1.0");
          assert.equal(w.requestHeaders["x-amzn-query-mode"], "true");
          assert.equal(w.requestHeaders["smithy-protocol"], undefined);
          assert.equal(w.responseHeaders["content-type"], "application/x-amz-json-1.0");
        }
      }
      // Errors carry the Query code for the SDK's query-compatible parsing, in both protocols.
      const missing = wire.find((w) => w.status === 404);
      assert.equal(missing?.responseHeaders["x-amzn-query-error"], "ResourceNotFound;Sender");
    });

    test("LimitExceeded past 10,000 alarms in a Region", async () => {
      // The first 10,000 are put in process (the quota is what is under test), the one over it through the SDK.
      const eu = client(protocol, wire, quotaRegion);
      const put = env.cloud.cloudwatch.operations.PutMetricAlarm as (input: unknown, ctx: RequestContext) => unknown;
      const ctx: RequestContext = {
        account: "000000000000",
        region: quotaRegion,
        requestId: "fill",
        principal: { accessKeyId: "test", arn: "arn:aws:iam::000000000000:root", isRoot: true },
        clock,
      };
      const alarm = {
        Namespace: "Fill",
        MetricName: "M",
        Statistic: "Sum",
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: "GreaterThanThreshold",
      };
      for (let i = 0; i < MAX_ALARMS; i++) await put({ ...alarm, AlarmName: `fill-${i}` }, ctx);
      await fails(
        eu.send(new PutMetricAlarmCommand({ ...alarm, AlarmName: "one-too-many", Statistic: "Sum", ComparisonOperator: "GreaterThanThreshold" })),
        LimitExceededFault,
        "LimitExceeded",
        /10000|10,000/,
      );
      // Updating one that exists is not a new alarm.
      await eu.send(new PutMetricAlarmCommand({ ...alarm, AlarmName: "fill-0", Threshold: 2, Statistic: "Sum", ComparisonOperator: "GreaterThanThreshold" }));
      // Other Regions have their own quota.
      await cw.send(new PutMetricAlarmCommand({ ...alarm, AlarmName: "elsewhere", Statistic: "Sum", ComparisonOperator: "GreaterThanThreshold" }));
      await cw.send(new DeleteAlarmsCommand({ AlarmNames: ["elsewhere"] }));
    });
  });

describe("port scan, end to end through the SDK", () => {
  test("scenario traffic through the flow log drives a metric filter over an alarm's threshold (ALARM), then back under it (OK)", async () => {
    const hook = await webhookReceiver();
    const received = hook.received;
    const cw = client(AwsSmithyRpcV2CborProtocol, []);
    const logs = new CloudWatchLogsClient(env.clientConfig());
    try {
      await logs.send(new CreateLogGroupCommand({ logGroupName: "MyVpc22-Log" }));
      await buildPipeline(env.clientConfig(), { instances: 1, interval: 60 });
      await logs.send(
        new PutMetricFilterCommand({
          logGroupName: "MyVpc22-Log",
          filterName: "rejected",
          filterPattern:
            '[version, account, eni, source, destination, srcport, destport, protocol, packets, bytes, windowstart, windowend, action="REJECT", flowlogstatus]',
          metricTransformations: [{ metricName: "RejectedFlows", metricNamespace: "FlowLogs", metricValue: "1", defaultValue: 0 }],
        }),
      );
      const webhook = hook.actionArn("/alarm");
      // TreatMissingData stays "missing": the way back to OK must come from data, not from silence.
      await cw.send(
        new PutMetricAlarmCommand({
          AlarmName: "port-scan",
          Namespace: "FlowLogs",
          MetricName: "RejectedFlows",
          Statistic: "Sum",
          Period: 60,
          EvaluationPeriods: 1,
          Threshold: 100,
          ComparisonOperator: "GreaterThanThreshold",
          AlarmActions: [webhook],
          OKActions: [webhook],
        }),
      );

      const traffic = async (scenario: string, start: number, end: number) => {
        const res = await internalRequest(env.endpoint, "/_flowwatch/traffic", {
          method: "POST",
          body: { scenario, backfill: true, start, end, rate: scenario === "port-scan" ? 20 : 2, seed: 7 },
          credentials: { accessKeyId: "test", secretAccessKey: "test" },
        });
        const result = (await res.json()) as { records: number; failedDeliveries: number };
        assert.equal(res.status, 200, JSON.stringify(result));
        assert.equal(result.failedDeliveries, 0);
        assert.ok(result.records > 0, JSON.stringify(result));
        const flushed = (await (
          await internalRequest(env.endpoint, "/_flowwatch/flush", { method: "POST", credentials: { accessKeyId: "test", secretAccessKey: "test" } })
        ).json()) as { deliveries: Array<{ status: string }> };
        assert.ok(
          flushed.deliveries.every((d) => d.status !== "FAILED"),
          JSON.stringify(flushed),
        );
      };
      const rejected = async (from: number, to: number) => {
        const out = await cw.send(
          new GetMetricDataCommand({
            StartTime: new Date(from),
            EndTime: new Date(to),
            ScanBy: "TimestampAscending",
            MetricDataQueries: [{ Id: "r", MetricStat: { Metric: { Namespace: "FlowLogs", MetricName: "RejectedFlows" }, Period: 60, Stat: "Sum" } }],
          }),
        );
        return out.MetricDataResults?.[0]?.Values ?? [];
      };
      const state = async () => (await cw.send(new DescribeAlarmsCommand({ AlarmNames: ["port-scan"] }))).MetricAlarms?.[0];

      // Two minutes of a SYN scan at 20 probes a second, the last of them the alarm's last complete period.
      await traffic("port-scan", T0 - 2 * MIN, T0);
      const during = await rejected(T0 - 2 * MIN, T0);
      assert.equal(during.length, 2);
      assert.ok(
        during.every((v) => v > 100),
        `rejected flows per minute during the scan: ${during}`,
      );
      await env.cloud.cloudwatch.evaluateAlarms(clock.now());
      let alarm = await state();
      assert.equal(alarm?.StateValue, "ALARM");
      assert.match(alarm?.StateReason ?? "", /^Threshold Crossed: 1 datapoint \[\d+\.0 \(.+\)\] was greater than the threshold \(100\.0\)\.$/);
      assert.equal(received.at(-1)?.NewStateValue, "ALARM");
      assert.equal(received.at(-1)?.AlarmName, "port-scan");

      // The scan stops: two minutes of ordinary traffic, and the alarm comes back to OK on their data.
      clock.set(T0 + 2 * MIN);
      await traffic("baseline", T0, T0 + 2 * MIN);
      const after = await rejected(T0 + MIN, T0 + 2 * MIN);
      assert.equal(after.length, 1, "the quiet minute has data (matches or the filter's defaultValue)");
      assert.ok((after[0] as number) <= 100, `rejected flows after the scan: ${after}`);
      await env.cloud.cloudwatch.evaluateAlarms(clock.now());
      alarm = await state();
      assert.equal(alarm?.StateValue, "OK");
      assert.match(alarm?.StateReason ?? "", /was not greater than the threshold \(100\.0\)\.$/);
      assert.equal(received.at(-1)?.NewStateValue, "OK");
      const summaries = (
        (await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: "port-scan", HistoryItemType: "StateUpdate" }))).AlarmHistoryItems ?? []
      ).map((h) => h.HistorySummary);
      assert.deepEqual(summaries, ["Alarm updated from ALARM to OK", "Alarm updated from INSUFFICIENT_DATA to ALARM"]);
    } finally {
      hook.close();
    }
  });
});
