import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newLogs } from "../../../test/support/logs-harness.js";
import type { SubscriptionDelivery, SubscriptionTarget } from "./subscription-target.js";

const policy = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "route53.amazonaws.com" }, Action: "logs:PutLogEvents", Resource: "*" }],
});

describe("resource policies", () => {
  it("puts, updates, describes, deletes; the 11th is LimitExceededException (recorded)", () => {
    const t = newLogs();
    const r = t.call("PutResourcePolicy", { policyName: "p0", policyDocument: policy });
    assert.deepEqual(r.resourcePolicy, { policyName: "p0", policyDocument: policy, lastUpdatedTime: t.clock.now(), policyScope: "ACCOUNT" });
    for (let i = 1; i < 10; i++) t.call("PutResourcePolicy", { policyName: `p${i}`, policyDocument: policy });
    t.fails("PutResourcePolicy", { policyName: "p10", policyDocument: policy }, "LimitExceededException", "Resource limit exceeded.");
    t.call("PutResourcePolicy", { policyName: "p0", policyDocument: policy });
    t.call("PutResourcePolicy", { policyName: "p10", policyDocument: policy }, t.scope("000000000000", "eu-west-1"));
    assert.equal(t.call("DescribeResourcePolicies", {}).resourcePolicies.length, 10);
    const page = t.call("DescribeResourcePolicies", { limit: 4 });
    assert.equal(page.resourcePolicies.length, 4);
    assert.equal(t.call("DescribeResourcePolicies", { nextToken: page.nextToken }).resourcePolicies.length, 6);
    t.call("DeleteResourcePolicy", { policyName: "p3" });
    t.fails("DeleteResourcePolicy", { policyName: "non-existent" }, "ResourceNotFoundException", "Policy with name [non-existent] does not exist.");
    t.fails("PutResourcePolicy", { policyName: "bad", policyDocument: "{not json" }, "InvalidParameterException");
  });
});

describe("destinations", () => {
  it("puts, keeps creation time on update, attaches a policy, describes by prefix, deletes", () => {
    const t = newLogs();
    const input = { destinationName: "dest", targetArn: "arn:aws:kinesis:us-east-1:000000000000:stream/s", roleArn: "arn:aws:iam::000000000000:role/r" };
    const { destination } = t.call("PutDestination", input);
    assert.deepEqual(destination, { ...input, arn: "arn:aws:logs:us-east-1:000000000000:destination:dest", creationTime: t.clock.now() });
    t.clock.advance(1000);
    t.call("PutDestinationPolicy", { destinationName: "dest", accessPolicy: policy });
    t.call("PutDestination", { ...input, roleArn: "arn:aws:iam::000000000000:role/r2" });
    const [d] = t.call("DescribeDestinations", { DestinationNamePrefix: "de" }).destinations;
    assert.equal(d.creationTime, t.clock.now() - 1000);
    assert.equal(d.accessPolicy, policy);
    assert.equal(d.roleArn, "arn:aws:iam::000000000000:role/r2");
    assert.deepEqual(t.call("DescribeDestinations", { DestinationNamePrefix: "x" }).destinations, []);
    t.call("DeleteDestination", { destinationName: "dest" });
    assert.deepEqual(t.call("DescribeDestinations", {}).destinations, []);
    t.fails("DeleteDestination", { destinationName: "dest" }, "ResourceNotFoundException");
    t.fails("PutDestinationPolicy", { destinationName: "dest", accessPolicy: policy }, "ResourceNotFoundException");
  });
});

describe("subscription filters", () => {
  const lambda = "arn:aws:lambda:us-east-1:000000000000:function:f";

  it("refuses destinations flowwatch does not run, rather than pretend to deliver", () => {
    const t = newLogs();
    t.call("CreateLogGroup", { logGroupName: "g" });
    t.fails(
      "PutSubscriptionFilter",
      { logGroupName: "g", filterName: "f", filterPattern: "", destinationArn: lambda },
      "InvalidParameterException",
      /flowwatch runs no lambda/,
    );
    t.fails(
      "PutSubscriptionFilter",
      { logGroupName: "g", filterName: "f", filterPattern: "", destinationArn: "arn:aws:kinesis:us-east-1:000000000000:stream/s" },
      "InvalidParameterException",
      "destinationArn for vendor kinesis cannot be used without roleArn",
    );
    t.fails(
      "PutSubscriptionFilter",
      { logGroupName: "nope", filterName: "f", filterPattern: "", destinationArn: lambda },
      "ResourceNotFoundException",
      "The specified log group does not exist.",
    );
    assert.deepEqual(t.call("DescribeSubscriptionFilters", { logGroupName: "g" }), { subscriptionFilters: [] });
    t.fails("DescribeSubscriptionFilters", { logGroupName: "nope" }, "ResourceNotFoundException", "The specified log group does not exist.");
  });

  it("with a running target: at most two per group, updates in place, delivers stored batches", () => {
    const delivered: SubscriptionDelivery[] = [];
    const target: SubscriptionTarget = { accepts: (arn) => arn === lambda, deliver: (_arn, d) => delivered.push(d) };
    const t = newLogs({ subscriptionTargets: [target] });
    t.call("CreateLogGroup", { logGroupName: "g" });
    t.call("CreateLogStream", { logGroupName: "g", logStreamName: "s" });
    t.call("PutSubscriptionFilter", { logGroupName: "g", filterName: "a", filterPattern: "", destinationArn: lambda });
    t.call("PutSubscriptionFilter", { logGroupName: "g", filterName: "b", filterPattern: " ", destinationArn: lambda });
    t.fails(
      "PutSubscriptionFilter",
      { logGroupName: "g", filterName: "c", filterPattern: "", destinationArn: lambda },
      "LimitExceededException",
      "Resource limit exceeded.",
    );
    t.call("PutSubscriptionFilter", { logGroupName: "g", filterName: "a", filterPattern: "", destinationArn: lambda, distribution: "Random" });
    const filters = t.call("DescribeSubscriptionFilters", { logGroupName: "g" }).subscriptionFilters;
    assert.deepEqual(filters[0], {
      filterName: "a",
      logGroupName: "g",
      filterPattern: "",
      destinationArn: lambda,
      distribution: "Random",
      applyOnTransformedLogs: false,
      creationTime: t.clock.now(),
    });
    t.fails(
      "PutSubscriptionFilter",
      { logGroupName: "g", filterName: "a", filterPattern: "10.0.0.1", destinationArn: lambda },
      "InvalidParameterException",
      "Invalid character(s) in term '.'",
    );
    t.call("PutLogEvents", { logGroupName: "g", logStreamName: "s", logEvents: [{ timestamp: t.clock.now(), message: "m" }] });
    assert.equal(delivered.length, 2);
    assert.equal(delivered[0]?.logEvents[0]?.message, "m");
    t.call("DeleteSubscriptionFilter", { logGroupName: "g", filterName: "b" });
    t.fails(
      "DeleteSubscriptionFilter",
      { logGroupName: "g", filterName: "b" },
      "ResourceNotFoundException",
      "The specified subscription filter does not exist.",
    );
  });
});

describe("log delivery API", () => {
  const bucket = "arn:aws:s3:::my-bucket";
  const distribution = "arn:aws:cloudfront::000000000000:distribution/E1Q5F5862X9VJ5";

  it("sources, destinations, policies and deliveries with AWS's shapes and messages (recorded)", () => {
    const t = newLogs();
    const src = t.call("PutDeliverySource", { name: "src", resourceArn: distribution, logType: "ACCESS_LOGS", tags: { key1: "value1" } });
    assert.deepEqual(src.deliverySource, {
      name: "src",
      arn: "arn:aws:logs:us-east-1:000000000000:delivery-source:src",
      resourceArns: [distribution],
      service: "cloudfront",
      logType: "ACCESS_LOGS",
      tags: { key1: "value1" },
    });
    t.fails(
      "PutDeliverySource",
      { name: "x", resourceArn: "arn:aws:nothing:::x", logType: "ACCESS_LOGS" },
      "ResourceNotFoundException",
      "Cannot access provided service.",
    );
    t.fails("PutDeliverySource", { name: "src", resourceArn: distribution, logType: "ACCESS_LOGS", tags: { a: "b" } }, "ConflictException");
    t.fails("GetDeliverySource", { name: "nope" }, "ResourceNotFoundException", "Requested Delivery Source does not exist in this account.");
    t.fails(
      "PutDeliveryDestination",
      { name: "dst", outputFormat: "foobar", deliveryDestinationConfiguration: { destinationResourceArn: bucket } },
      "ValidationException",
      "1 validation error detected: Value 'foobar' at 'outputFormat' failed to satisfy constraint: Member must satisfy enum value set: [w3c, raw, json, plain, parquet]",
    );
    const dst = t.call("PutDeliveryDestination", { name: "dst", outputFormat: "json", deliveryDestinationConfiguration: { destinationResourceArn: bucket } });
    assert.deepEqual(dst.deliveryDestination, {
      name: "dst",
      arn: "arn:aws:logs:us-east-1:000000000000:delivery-destination:dst",
      deliveryDestinationType: "S3",
      outputFormat: "json",
      deliveryDestinationConfiguration: { destinationResourceArn: bucket },
    });
    t.fails(
      "PutDeliveryDestination",
      { name: "dst", outputFormat: "plain", deliveryDestinationConfiguration: { destinationResourceArn: bucket } },
      "ValidationException",
    );
    t.fails("GetDeliveryDestination", { name: "nope" }, "ResourceNotFoundException", "Requested Delivery Destination does not exist in this account.");
    const p = t.call("PutDeliveryDestinationPolicy", { deliveryDestinationName: "dst", deliveryDestinationPolicy: policy });
    assert.deepEqual(p, { policy: { deliveryDestinationPolicy: policy } });
    assert.deepEqual(t.call("GetDeliveryDestinationPolicy", { deliveryDestinationName: "dst" }), p);
    assert.equal(t.call("GetDeliveryDestination", { name: "dst" }).deliveryDestination.deliveryDestinationPolicy, undefined);
    t.call("DeleteDeliveryDestinationPolicy", { deliveryDestinationName: "dst" });
    assert.deepEqual(t.call("GetDeliveryDestinationPolicy", { deliveryDestinationName: "dst" }), { policy: {} });

    const { delivery } = t.call("CreateDelivery", {
      deliverySourceName: "src",
      deliveryDestinationArn: dst.deliveryDestination.arn,
      recordFields: ["date"],
      fieldDelimiter: ",",
    });
    assert.match(delivery.id, /^[0-9a-z]{16}$/);
    assert.equal(delivery.arn, `arn:aws:logs:us-east-1:000000000000:delivery:${delivery.id}`);
    assert.equal(delivery.deliveryDestinationType, "S3");
    t.fails(
      "CreateDelivery",
      { deliverySourceName: "src", deliveryDestinationArn: dst.deliveryDestination.arn },
      "ConflictException",
      "The specified Delivery already exists",
    );
    t.fails(
      "CreateDelivery",
      { deliverySourceName: "nope", deliveryDestinationArn: dst.deliveryDestination.arn },
      "ResourceNotFoundException",
      "Requested Delivery Source does not exist in this account.",
    );
    assert.deepEqual(t.call("GetDelivery", { id: delivery.id }).delivery, delivery);
    assert.equal(t.call("DescribeDeliveries", {}).deliveries.length, 1);
    assert.equal(t.call("DescribeDeliverySources", {}).deliverySources.length, 1);
    assert.equal(t.call("DescribeDeliveryDestinations", {}).deliveryDestinations.length, 1);
    t.call("DeleteDelivery", { id: delivery.id });
    t.fails("GetDelivery", { id: delivery.id }, "ResourceNotFoundException", "Requested Delivery does not exist in this account.");
    t.call("DeleteDeliverySource", { name: "src" });
    t.fails("DeleteDeliverySource", { name: "src" }, "ResourceNotFoundException", "Requested Delivery Source does not exist in this account..");
    t.call("DeleteDeliveryDestination", { name: "dst" });
    t.fails("DeleteDeliveryDestination", { name: "dst" }, "ResourceNotFoundException", "Requested Delivery Destination does not exist in this account.");
    t.fails(
      "GetDelivery",
      { id: "not-alnum" },
      "ValidationException",
      "1 validation error detected: Value 'not-alnum' at 'id' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-9A-Za-z]+$",
    );
  });
});
