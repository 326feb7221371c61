import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AwsError } from "../protocol/aws-error.js";
import { logsModel } from "./logs-model.js";
import { validationMessage, Validator } from "./validator.js";

describe("Validator over the generated logs model", () => {
  const v = new Validator(logsModel);

  it("covers every operation of the model with its validation error code", () => {
    assert.ok(Object.keys(logsModel.operations).length > 80);
    assert.equal(logsModel.operations.PutLogEvents?.validationCode, "InvalidParameterException");
    assert.equal(logsModel.operations.PutDeliverySource?.validationCode, "ValidationException");
  });

  it("echoes a value whole up to 2,048 characters (AWS was recorded echoing 1,025), a prefix and ... beyond", () => {
    const recorded = "x".repeat(1025);
    const whole = validationMessage(
      v.violations("PutMetricFilter", { logGroupName: "g", filterName: "f", filterPattern: recorded, metricTransformations: [] }),
    );
    assert.ok(whole.includes(`Value '${recorded}' at 'filterPattern' failed to satisfy constraint: Member must have length less than or equal to 1024`));
    const message = validationMessage(v.violations("DescribeLogGroups", { logGroupNamePrefix: "y".repeat(5_000_000) }));
    assert.equal(
      message,
      `1 validation error detected: Value '${"y".repeat(2048)}...' at 'logGroupNamePrefix' failed to satisfy constraint: Member must have length less than or equal to 512`,
    );
  });

  it("writes AWS's single and multiple error forms, list paths 1-based", () => {
    assert.equal(
      validationMessage(v.violations("GetLogEvents", { logStreamName: "s", limit: 10001 })),
      "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000",
    );
    assert.equal(
      validationMessage(
        v.violations("PutLogEvents", {
          logGroupName: "g",
          logStreamName: "s",
          logEvents: [
            { timestamp: 1, message: "" },
            { timestamp: 1, message: "x" },
            { timestamp: 1, message: "" },
          ],
        }),
      ),
      "2 validation errors detected: Value '' at 'logEvents.1.member.message' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value '' at 'logEvents.3.member.message' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it("lists at most ten violations", () => {
    const events = Array.from({ length: 12 }, () => ({ timestamp: 1, message: "" }));
    assert.match(
      validationMessage(v.violations("PutLogEvents", { logGroupName: "g", logStreamName: "s", logEvents: events })),
      /^10 validation errors detected: /,
    );
  });

  it("checks map keys and values, enums and patterns", () => {
    const found = v.violations("TagResource", { resourceArn: "arn:aws:logs:us-east-1:000000000000:log-group:g", tags: { "": "v" } });
    assert.equal(found.length, 1);
    assert.match(found[0]?.constraint ?? "", /^Map keys must satisfy constraint: \[/);
    assert.equal(v.violations("DescribeLogStreams", { orderBy: "Size" })[0]?.constraint, "Member must satisfy enum value set: [LogStreamName, LastEventTime]");
  });

  it("throws the operation's code, and SerializationException for wrong JSON types", () => {
    assert.throws(
      () => v.validate("PutDeliverySource", { name: "bad name!", resourceArn: "a", logType: "x" }),
      (e: unknown) => e instanceof AwsError && e.code === "ValidationException",
    );
    assert.throws(
      () => v.validate("CreateLogGroup", { logGroupName: 5 }),
      (e: unknown) => e instanceof AwsError && e.code === "SerializationException",
    );
    assert.throws(
      () => v.validate("PutLogEvents", { logGroupName: "g", logStreamName: "s", logEvents: "nope" }),
      (e: unknown) => e instanceof AwsError && e.code === "SerializationException",
    );
    assert.doesNotThrow(() => v.validate("CreateLogGroup", { logGroupName: "ok" }));
  });
});
