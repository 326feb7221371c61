/**
 * Walks every row of CloudWatch Logs' authorization table with the SDK v3: exactly the row's action
 * on exactly the call's resource ARNs is not refused; on other ARNs it is AccessDeniedException.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as Logs from "@aws-sdk/client-cloudwatch-logs";
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { matchesPattern } from "../../src/cloud/authorization-table.js";
import { LOGS_AUTHORIZATION } from "../../src/cloud/logs/authorization-table.js";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud();
const A = "000000000000";
const base = `arn:aws:logs:us-east-1:${A}:`;
const scoped = (group: string, stream = "") => `${base}log-group:${group}:log-stream:${stream}`;
const doc = (statement: object) => JSON.stringify({ Version: "2012-10-17", Statement: [statement] });

type Case = { input: Record<string, unknown>; resources: string[] };

function caseFor(op: string): Case {
  const g = `g-${op}`;
  const group = (extra: object = {}, stream = ""): Case => ({ input: { logGroupName: g, ...extra }, resources: [scoped(g, stream)] });
  const named = (kind: string, field: string, name: string, extra: object = {}): Case => ({
    input: { [field]: name, ...extra },
    resources: [`${base}${kind}:${name}`],
  });
  switch (op) {
    case "DescribeLogGroups":
      return { input: {}, resources: [scoped("")] };
    case "CreateLogStream":
      return group({ logStreamName: "new" }, "new");
    case "DeleteLogStream":
      return group({ logStreamName: "s" }, "s");
    case "PutLogEvents":
      return group({ logStreamName: "s", logEvents: [{ timestamp: Date.now(), message: "m" }] }, "s");
    case "GetLogEvents":
      return group({ logStreamName: "s" }, "s");
    case "PutRetentionPolicy":
      return group({ retentionInDays: 1 });
    case "TagLogGroup":
      return group({ tags: { k: "v" } });
    case "UntagLogGroup":
      return group({ tags: ["k"] });
    case "TagResource":
      return { input: { resourceArn: `${base}log-group:${g}`, tags: { k: "v" } }, resources: [scoped(g)] };
    case "UntagResource":
      return { input: { resourceArn: `${base}log-group:${g}`, tagKeys: ["k"] }, resources: [scoped(g)] };
    case "ListTagsForResource":
      return { input: { resourceArn: `${base}log-group:${g}` }, resources: [scoped(g)] };
    case "PutSubscriptionFilter":
      return group({ filterName: "f", filterPattern: "", destinationArn: `${base}destination:none` });
    case "DeleteSubscriptionFilter":
    case "DeleteMetricFilter":
      return group({ filterName: "f" });
    case "PutMetricFilter":
      return group({ filterName: "f", filterPattern: "", metricTransformations: [{ metricName: "m", metricNamespace: "n", metricValue: "1" }] });
    case "StartQuery":
      return { input: { logGroupNames: [g], startTime: 0, endTime: 1, queryString: "fields @message" }, resources: [scoped(g)] };
    case "StartLiveTail":
      return { input: { logGroupIdentifiers: [`${base}log-group:${g}`] }, resources: [scoped(g)] };
    case "PutDestination":
      return named("destination", "destinationName", "d", { targetArn: `arn:aws:kinesis:us-east-1:${A}:stream/s`, roleArn: `arn:aws:iam::${A}:role/r` });
    case "PutDestinationPolicy":
      return named("destination", "destinationName", "d", { accessPolicy: "{}" });
    case "DeleteDestination":
      return named("destination", "destinationName", "d");
    case "PutDeliverySource":
      return named("delivery-source", "name", "src", { resourceArn: `arn:aws:ec2:us-east-1:${A}:vpc-flow-log/fl-1`, logType: "FLOW_LOGS" });
    case "GetDeliverySource":
    case "DeleteDeliverySource":
      return named("delivery-source", "name", "src");
    case "PutDeliveryDestination":
      return named("delivery-destination", "name", "dst", { deliveryDestinationConfiguration: { destinationResourceArn: `${base}log-group:${g}` } });
    case "GetDeliveryDestination":
    case "DeleteDeliveryDestination":
      return named("delivery-destination", "name", "dst");
    case "PutDeliveryDestinationPolicy":
      return named("delivery-destination", "deliveryDestinationName", "dst", { deliveryDestinationPolicy: "{}" });
    case "GetDeliveryDestinationPolicy":
    case "DeleteDeliveryDestinationPolicy":
      return named("delivery-destination", "deliveryDestinationName", "dst");
    case "CreateDelivery":
      return {
        input: { deliverySourceName: "src", deliveryDestinationArn: `${base}delivery-destination:dst` },
        resources: [`${base}delivery:*`, `${base}delivery-source:src`, `${base}delivery-destination:dst`],
      };
    case "GetDelivery":
    case "DeleteDelivery":
      return named("delivery", "id", "abc");
    case "PutResourcePolicy":
      return { input: { policyName: "p", policyDocument: "{}" }, resources: ["*"] };
    case "DeleteResourcePolicy":
      return { input: { policyName: "p" }, resources: ["*"] };
    case "TestMetricFilter":
      return { input: { filterPattern: "", logEventMessages: ["m"] }, resources: ["*"] };
    case "GetQueryResults":
    case "StopQuery":
      return { input: { queryId: "00000000-0000-0000-0000-000000000000" }, resources: ["*"] };
    case "GetLogRecord":
      return { input: { logRecordPointer: "x" }, resources: ["*"] };
    case "PutQueryDefinition":
      return { input: { name: "q", queryString: "fields @message" }, resources: ["*"] };
    case "DeleteQueryDefinition":
      return { input: { queryDefinitionId: "00000000-0000-0000-0000-000000000000" }, resources: ["*"] };
    case "CreateExportTask":
      return group({ from: 0, to: 1, destination: "no-such-bucket" });
    case "CancelExportTask":
      return { input: { taskId: "00000000-0000-0000-0000-000000000000" }, resources: ["*"] };
  }
  return LOGS_AUTHORIZATION[op]?.resources[0] === "*" ? { input: {}, resources: ["*"] } : group();
}

const other = (resource: string) => (resource === "*" ? `${base}log-group:nobody` : `${resource}-other`);

describe("the CloudWatch Logs authorization table, row by row", () => {
  const clients: { root?: Logs.CloudWatchLogsClient; walker?: Logs.CloudWatchLogsClient } = {};
  const iam = () => new IAMClient(env.clientConfig());

  test("every operation CloudWatch Logs serves has a row, and every row a served operation", () => {
    assert.deepEqual(Object.keys(LOGS_AUTHORIZATION).sort(), Object.keys(env.cloud.service("logs").operations).sort());
  });

  test("a walker user with a key", async () => {
    await iam().send(new CreateUserCommand({ UserName: "walker" }));
    const key = (await iam().send(new CreateAccessKeyCommand({ UserName: "walker" }))).AccessKey;
    // StartLiveTail's host prefix (`stream-`) would not resolve in front of 127.0.0.1; no other operation has one.
    clients.root = new Logs.CloudWatchLogsClient({ ...env.clientConfig(), disableHostPrefix: true });
    clients.walker = new Logs.CloudWatchLogsClient({ ...env.clientConfig(key?.AccessKeyId, key?.SecretAccessKey), disableHostPrefix: true });
  });

  for (const [op, row] of Object.entries(LOGS_AUTHORIZATION)) {
    test(row.action, async () => {
      const root = clients.root as Logs.CloudWatchLogsClient;
      await root.send(new Logs.CreateLogGroupCommand({ logGroupName: `g-${op}` }));
      await root.send(new Logs.CreateLogStreamCommand({ logGroupName: `g-${op}`, logStreamName: "s" }));
      const { input, resources } = caseFor(op);
      for (const resource of resources)
        assert.ok(
          row.resources.some((p) => matchesPattern(p, resource)),
          `${resource} is not one of ${row.resources.join(", ")}`,
        );
      const Command = (Logs as unknown as Record<string, new (input: object) => unknown>)[`${op}Command`] as new (input: object) => never;
      const call = () => (clients.walker as Logs.CloudWatchLogsClient).send(new Command(input));
      const allow = (list: string[]) =>
        iam().send(
          new PutUserPolicyCommand({ UserName: "walker", PolicyName: "walk", PolicyDocument: doc({ Effect: "Allow", Action: row.action, Resource: list }) }),
        );

      await allow(resources.map(other));
      await assert.rejects(call(), (error: Error) => {
        assert.equal(error.name, "AccessDeniedException");
        assert.equal(
          error.message,
          `User: arn:aws:iam::${A}:user/walker is not authorized to perform: ${row.action} on resource: ${resources[0]} because no identity-based policy allows the ${row.action} action`,
        );
        return true;
      });
      await allow(resources);
      await call().catch((error: Error) => assert.notEqual(error.name, "AccessDeniedException", `${op} refused: ${error.message}`));
    });
  }
});
