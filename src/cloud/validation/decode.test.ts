import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AwsError } from "../protocol/aws-error.js";
import { cloudwatchModel } from "./cloudwatch-model.js";
import { type ConstraintFrontEnd, InputDecoder, QUERY_FRONT_END } from "./decode.js";
import { ec2Model } from "./ec2-model.js";
import { logsModel } from "./logs-model.js";
import { stsModel } from "./sts-model.js";

const refused = (fn: () => unknown, code: string, message: string | RegExp) =>
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof AwsError, String(e));
    assert.equal(e.code, code);
    if (typeof message === "string") assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });

const jsonFrontEnd: ConstraintFrontEnd = {
  kind: "constraints",
  lowerCamelPaths: false,
  parsesStrings: false,
  wrongType: "serialization",
  serializationError: (m) => new AwsError("SerializationException", m),
  validationError: (op, m) => new AwsError(logsModel.operations[op]?.validationCode ?? "ValidationException", m),
};

describe("InputDecoder", () => {
  it("JSON: keeps the model's members, drops the rest and nulls, refuses a wrong type outright", () => {
    const logs = new InputDecoder(logsModel, jsonFrontEnd);
    assert.deepEqual(logs.decode("GetLogEvents", { logGroupName: "g", logStreamName: "s", limit: 5, startFromHead: null, extra: 1 }, "json"), {
      logGroupName: "g",
      logStreamName: "s",
      limit: 5,
    });
    refused(
      () => logs.decode("GetLogEvents", { logStreamName: "s", limit: "5" }, "json"),
      "SerializationException",
      "Unexpected value type for 'limit': expected EventsLimit",
    );
    refused(() => logs.decode("PutLogEvents", { logGroupName: "g", logStreamName: "s", logEvents: [null] }, "json"), "SerializationException", /'logEvents'/);
    refused(
      () => logs.decode("GetLogEvents", { logStreamName: "s", limit: 10001 }, "json"),
      "InvalidParameterException",
      "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000",
    );
  });

  it("Query: strings parsed by the model's types, refusals gathered as one ValidationError with lowerCamelCase paths", () => {
    const sts = new InputDecoder(stsModel, QUERY_FRONT_END);
    assert.deepEqual(
      sts.decode("AssumeRole", { RoleArn: "arn:aws:iam::123456789012:role/r", RoleSessionName: "session", DurationSeconds: "900", PolicyArns: "" }, "query"),
      {
        RoleArn: "arn:aws:iam::123456789012:role/r",
        RoleSessionName: "session",
        DurationSeconds: 900,
        PolicyArns: [],
      },
    );
    refused(
      () => sts.decode("AssumeRole", { RoleArn: "arn:aws:iam::123456789012:role/r", RoleSessionName: "session", DurationSeconds: "0x10" }, "query"),
      "ValidationError",
      "1 validation error detected: Value '0x10' at 'durationSeconds' failed to satisfy constraint: Member must be an integer",
    );
    refused(
      () => sts.decode("AssumeRole", { RoleArn: "arn:aws:iam::123456789012:role/r", RoleSessionName: "a b", DurationSeconds: "100" }, "query"),
      "ValidationError",
      /^2 validation errors detected: .*'roleSessionName'.*; .*'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900$/,
    );
  });

  it("timestamps become epoch milliseconds from every wire form: CBOR Date, JSON seconds, Query ISO 8601", () => {
    const cw = new InputDecoder(cloudwatchModel, {
      ...jsonFrontEnd,
      lowerCamelPaths: true,
      parsesStrings: true,
      validationError: (_op, m) => new AwsError("ValidationError", m),
    });
    const at = Date.UTC(2026, 0, 1, 12, 0, 0);
    const datum = (Timestamp: unknown) => ({ Namespace: "N", MetricData: [{ MetricName: "M", Value: "1.5", Timestamp }] });
    for (const [wire, protocol] of [
      [new Date(at), "smithy-rpc-v2-cbor"],
      [at / 1000, "json"],
      ["2026-01-01T12:00:00Z", "query"],
    ] as const) {
      assert.deepEqual(cw.decode("PutMetricData", datum(wire), protocol), { Namespace: "N", MetricData: [{ MetricName: "M", Value: 1.5, Timestamp: at }] });
    }
    refused(
      () => cw.decode("PutMetricData", datum("yesterday"), "query"),
      "ValidationError",
      /'metricData\.1\.member\.timestamp' failed to satisfy constraint: Member must be a timestamp/,
    );
  });

  it("EC2 Query: wire names to member names, unknown top-level names and missing required members refused", () => {
    const ec2 = new InputDecoder(ec2Model, {
      kind: "ec2",
      missingParameter: (name) => new AwsError("MissingParameter", `The request must contain the parameter ${name}`),
      unknownParameter: (name) => new AwsError("UnknownParameter", `The parameter ${name} is not recognized`),
      invalidParameterValue: (message) => new AwsError("InvalidParameterValue", message),
    });
    assert.deepEqual(ec2.decode("CreateTags", { ResourceId: ["vpc-1"], Tag: [{ Key: "k", Value: "v" }], DryRun: "true" }, "ec2"), {
      Resources: ["vpc-1"],
      Tags: [{ Key: "k", Value: "v" }],
      DryRun: true,
    });
    refused(() => ec2.decode("CreateTags", { ResourceId: ["vpc-1"], Bogus: "x" }, "ec2"), "UnknownParameter", "The parameter Bogus is not recognized");
    refused(() => ec2.decode("CreateTags", { Tag: [{ Key: "k" }] }, "ec2"), "MissingParameter", "The request must contain the parameter ResourceId");
    refused(() => ec2.decode("DescribeVpcs", { MaxResults: "ten" }, "ec2"), "InvalidParameterValue", "Invalid value 'ten' for MaxResults: expected an integer");
  });
});
