/**
 * CloudWatch over raw HTTP: RPC v2 CBOR requests written by @smithy/core's codec (the SDK v3's), and
 * malformed CBOR, JSON and Query bodies, which get AWS's errors in each protocol's shape, never a 500.
 */
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, test } from "node:test";
import { useLocalCloud } from "../support/local-cloud.js";
import { signedPost } from "../support/signed-fetch.js";

const require = createRequire(import.meta.url);
const smithy = require("@smithy/core/cbor") as {
  cbor: { serialize(v: unknown): Uint8Array; deserialize(b: Uint8Array): unknown };
  dateToTag(d: Date): unknown;
};
const env = useLocalCloud();
const PATH = "/service/GraniteServiceVersion20100801/operation/";

async function cbor(operation: string, body: Uint8Array | undefined, path = PATH + operation) {
  const res = await fetch(env.endpoint + path, {
    method: "POST",
    headers: { "smithy-protocol": "rpc-v2-cbor", "content-type": "application/cbor", accept: "application/cbor" },
    ...(body === undefined ? {} : { body }),
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, body: bytes.length === 0 ? undefined : (smithy.cbor.deserialize(bytes) as Record<string, any>) };
}

describe("RPC v2 CBOR on the wire", () => {
  test("PutMetricData, GetMetricData and DescribeAlarms in CBOR", async () => {
    const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000);
    const put = await cbor(
      "PutMetricData",
      smithy.cbor.serialize({ Namespace: "Wire", MetricData: [{ MetricName: "M", Value: 2.5, Timestamp: smithy.dateToTag(minute) }] }),
    );
    assert.equal(put.status, 200);
    assert.equal(put.headers.get("smithy-protocol"), "rpc-v2-cbor");
    assert.equal(put.headers.get("content-type"), "application/cbor");
    const got = await cbor(
      "GetMetricData",
      smithy.cbor.serialize({
        MetricDataQueries: [{ Id: "m", MetricStat: { Metric: { Namespace: "Wire", MetricName: "M" }, Period: 60, Stat: "Average" } }],
        StartTime: smithy.dateToTag(new Date(minute.getTime() - 60_000)),
        EndTime: smithy.dateToTag(new Date(minute.getTime() + 60_000)),
      }),
    );
    assert.equal(got.status, 200);
    const [result] = got.body?.MetricDataResults ?? [];
    assert.deepEqual(result.Values, [2.5]);
    assert.deepEqual(
      result.Timestamps.map((t: { tag: number; value: number }) => [t.tag, t.value * 1000]),
      [[1, minute.getTime()]],
    );
    const alarms = await cbor("DescribeAlarms", undefined);
    assert.equal(alarms.status, 200);
    assert.deepEqual(alarms.body, { CompositeAlarms: [], MetricAlarms: [] });
  });

  test("errors: {__type, message} with x-amzn-query-error", async () => {
    const r = await cbor("SetAlarmState", smithy.cbor.serialize({ AlarmName: "none", StateValue: "OK", StateReason: "x" }));
    assert.equal(r.status, 404);
    assert.equal(r.headers.get("x-amzn-query-error"), "ResourceNotFound;Sender");
    assert.equal(r.body?.__type, "com.amazonaws.cloudwatch#ResourceNotFound");
    const unknown = await cbor("PutDashboard", smithy.cbor.serialize({}));
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body?.__type, "UnknownOperationException");
    const otherService = await cbor("DescribeAlarms", undefined, "/service/NoSuchService/operation/DescribeAlarms");
    assert.equal(otherService.status, 400);
    assert.equal(otherService.body?.__type, "UnknownOperationException");
  });

  test("malformed CBOR bodies: SerializationException, never a 500", async () => {
    const bodies = [
      Buffer.from("ff", "hex"),
      Buffer.from("a1", "hex"),
      Buffer.from("9b00000000ffffffff", "hex"),
      Buffer.from("83010203", "hex"),
      Buffer.from("a16141", "hex"),
      Buffer.from("62c328", "hex"),
      Buffer.concat([Buffer.alloc(5000, 0x81), Buffer.from("00", "hex")]),
      Buffer.from("a1694e616d65737061636501", "hex"),
      Buffer.from("not cbor at all"),
    ];
    for (const body of bodies) {
      const r = await cbor("PutMetricData", body);
      assert.ok(r.status >= 400 && r.status < 500, `${body.subarray(0, 16).toString("hex")}: ${r.status}`);
      assert.equal(r.body?.__type, "SerializationException", body.subarray(0, 16).toString("hex"));
    }
  });

  test("malformed JSON and Query bodies get AWS's errors, never a 500", async () => {
    const json = await fetch(env.endpoint, {
      method: "POST",
      headers: { "x-amz-target": "GraniteServiceVersion20100801.PutMetricData", "content-type": "application/x-amz-json-1.0" },
      body: "{nope",
    });
    assert.equal(json.status, 400);
    assert.equal(json.headers.get("content-type"), "application/x-amz-json-1.0");
    assert.equal(((await json.json()) as { __type: string }).__type, "SerializationException");
    const wrongType = await fetch(env.endpoint, {
      method: "POST",
      headers: { "x-amz-target": "GraniteServiceVersion20100801.PutMetricData", "content-type": "application/x-amz-json-1.0" },
      body: JSON.stringify({ Namespace: 5 }),
    });
    assert.equal(wrongType.status, 400);
    assert.equal(((await wrongType.json()) as { __type: string }).__type, "SerializationException");
    const form = (body: string) => signedPost(env.endpoint, "/", { "content-type": "application/x-www-form-urlencoded" }, body, "monitoring");
    const query = await form("Action=PutMetricData&Version=2010-08-01&Namespace=Q&MetricData.member.1.MetricName=M&MetricData.member.1.Value=abc");
    assert.equal(query.status, 400);
    const text = await query.text();
    assert.match(text, /<Code>ValidationError<\/Code>/);
    assert.match(text, /Value &apos;abc&apos; at &apos;metricData.1.member.value&apos; failed to satisfy constraint: Member must be a number/);
    const clash = await form("Action=PutMetricData&Version=2010-08-01&Namespace=Q&MetricData.member.1=x&MetricData.member.1.MetricName=M");
    assert.equal(clash.status, 400);
    assert.match(await clash.text(), /<ErrorResponse xmlns="http:\/\/monitoring.amazonaws.com\/doc\/2010-08-01\/">/);
    const unknown = await form("Action=PutDashboard&Version=2010-08-01");
    assert.equal(unknown.status, 400);
    assert.match(await unknown.text(), /<Code>InvalidAction<\/Code>/);
  });
});
