/**
 * CloudWatch through boto3, in both protocols botocore speaks to it: JSON 1.0 (what this botocore
 * chooses from the model's `protocols`) and Smithy RPC v2 CBOR (chosen by narrowing botocore's
 * protocol preference to it): every operation, and errors read through awsQueryCompatible.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { boto3 } from "../support/aws-cli.js";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud();

const script = (protocol: "json" | "smithy-rpc-v2-cbor", ns: string) => `
import boto3, botocore.model, datetime, json, os
botocore.model.PRIORITY_ORDERED_SUPPORTED_PROTOCOLS = (${JSON.stringify(protocol)},)
c = boto3.client("cloudwatch", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
out = {"protocol": c.meta.service_model.resolved_protocol}
now = datetime.datetime.now(datetime.timezone.utc).replace(second=0, microsecond=0)
dims = [{"Name": "Eni", "Value": "eni-1"}]
c.put_metric_data(Namespace="${ns}", MetricData=[{"MetricName": "Rejects", "Dimensions": dims, "Timestamp": now - datetime.timedelta(minutes=2), "Value": 4.0, "Unit": "Count"},
                                                 {"MetricName": "Rejects", "Dimensions": dims, "Timestamp": now - datetime.timedelta(minutes=1), "Values": [1.0, 2.0], "Counts": [1.0, 3.0], "Unit": "Count"}])
s = c.get_metric_statistics(Namespace="${ns}", MetricName="Rejects", Dimensions=dims, StartTime=now - datetime.timedelta(minutes=5), EndTime=now, Period=60, Statistics=["Sum", "SampleCount"])
out["stats"] = sorted([[p["Timestamp"].timestamp() - now.timestamp(), p["Sum"], p["SampleCount"], p["Unit"]] for p in s["Datapoints"]])
out["metrics"] = c.list_metrics(Namespace="${ns}")["Metrics"]
d = c.get_metric_data(MetricDataQueries=[{"Id": "r", "ReturnData": False, "MetricStat": {"Metric": {"Namespace": "${ns}", "MetricName": "Rejects", "Dimensions": dims}, "Period": 60, "Stat": "Sum"}},
                                         {"Id": "rate", "Expression": "RATE(r) * 60"}], StartTime=now - datetime.timedelta(minutes=5), EndTime=now, ScanBy="TimestampAscending")
out["data"] = [[r["Id"], r["Values"], r["StatusCode"]] for r in d["MetricDataResults"]]
c.put_metric_alarm(AlarmName="b-${ns}", Namespace="${ns}", MetricName="Rejects", Dimensions=dims, Statistic="Sum", Period=60, EvaluationPeriods=1, Threshold=5.0, ComparisonOperator="GreaterThanThreshold", Tags=[{"Key": "k", "Value": "v"}])
a = c.describe_alarms(AlarmNamePrefix="b-${ns}")["MetricAlarms"][0]
out["alarm"] = [a["StateValue"], a["Threshold"], a["StateUpdatedTimestamp"].year > 2000]
out["for_metric"] = len(c.describe_alarms_for_metric(Namespace="${ns}", MetricName="Rejects", Dimensions=dims)["MetricAlarms"])
c.set_alarm_state(AlarmName="b-${ns}", StateValue="ALARM", StateReason="boto3", StateReasonData=json.dumps({"why": "test"}))
out["history"] = [h["HistorySummary"] for h in c.describe_alarm_history(AlarmName="b-${ns}")["AlarmHistoryItems"]]
c.disable_alarm_actions(AlarmNames=["b-${ns}"])
c.enable_alarm_actions(AlarmNames=["b-${ns}"])
c.tag_resource(ResourceARN=a["AlarmArn"], Tags=[{"Key": "k2", "Value": "v2"}])
c.untag_resource(ResourceARN=a["AlarmArn"], TagKeys=["k"])
out["tags"] = c.list_tags_for_resource(ResourceARN=a["AlarmArn"])["Tags"]
errors = []
for call in [lambda: c.set_alarm_state(AlarmName="nope", StateValue="OK", StateReason="x"),
             lambda: c.put_metric_data(Namespace="AWS/X", MetricData=[{"MetricName": "M", "Value": 1.0}]),
             lambda: c.get_metric_data(MetricDataQueries=[{"Id": "e", "Expression": "FORECAST(m)"}], StartTime=now, EndTime=now + datetime.timedelta(minutes=1)),
             lambda: c.list_tags_for_resource(ResourceARN=a["AlarmArn"] + "x")]:
    try:
        call()
        errors.append(None)
    except c.exceptions.ClientError as e:
        errors.append([e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"], type(e).__name__])
out["errors"] = errors
c.delete_alarms(AlarmNames=["b-${ns}"])
out["left"] = len(c.describe_alarms(AlarmNamePrefix="b-${ns}")["MetricAlarms"])
print(json.dumps(out, default=str))
`;

for (const protocol of ["json", "smithy-rpc-v2-cbor"] as const) {
  describe(`CloudWatch through boto3 (${protocol})`, () => {
    test("every operation, and AWS's errors", async () => {
      const ns = protocol === "json" ? "BotoJson" : "BotoCbor";
      const r = await boto3(env.endpoint, script(protocol, ns));
      assert.equal(r.status, 0, r.stderr);
      const out = r.json;
      assert.equal(out.protocol, protocol);
      assert.deepEqual(out.stats, [
        [-120, 4, 1, "Count"],
        [-60, 7, 4, "Count"],
      ]);
      assert.deepEqual(out.metrics, [{ Namespace: ns, MetricName: "Rejects", Dimensions: [{ Name: "Eni", Value: "eni-1" }] }]);
      assert.deepEqual(out.data, [["rate", [3], "Complete"]]);
      assert.deepEqual(out.alarm, ["INSUFFICIENT_DATA", 5, true]);
      assert.equal(out.for_metric, 1);
      assert.deepEqual(out.history, ["Alarm updated from INSUFFICIENT_DATA to ALARM", `Alarm "b-${ns}" created`]);
      assert.deepEqual(out.tags, [{ Key: "k2", Value: "v2" }]);
      assert.deepEqual(out.errors, [
        ["ResourceNotFound", 404, "ResourceNotFound"],
        ["InvalidParameterValue", 400, "InvalidParameterValueException"],
        ["ValidationError", 400, "ClientError"],
        ["ResourceNotFoundException", 404, "ResourceNotFoundException"],
      ]);
      assert.equal(out.left, 0);
    });
  });
}
