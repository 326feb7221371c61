/**
 * Walks every row of CloudWatch's authorization table with the SDK v3: exactly the row's action on
 * exactly the call's resource is not refused, on another ARN it is AccessDenied; and
 * cloudwatch:namespace reaches PutMetricData's conditions.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as CW from "@aws-sdk/client-cloudwatch";
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { matchesPattern } from "../../src/cloud/authorization-table.js";
import { CLOUDWATCH_AUTHORIZATION } from "../../src/cloud/cloudwatch/authorization-table.js";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud();
const A = "000000000000";
const alarm = (name: string) => `arn:aws:cloudwatch:us-east-1:${A}:alarm:${name}`;
const doc = (statement: object) => JSON.stringify({ Version: "2012-10-17", Statement: [statement] });

function caseFor(op: string): { input: Record<string, unknown>; resource: string } {
  const a = `a-${op}`;
  switch (op) {
    case "PutMetricData":
      return { input: { Namespace: "App", MetricData: [{ MetricName: "m", Value: 1 }] }, resource: "*" };
    case "GetMetricStatistics":
      return {
        input: { Namespace: "App", MetricName: "m", StartTime: new Date(0), EndTime: new Date(60_000), Period: 60, Statistics: ["Sum"] },
        resource: "*",
      };
    case "GetMetricData":
      return { input: { StartTime: new Date(0), EndTime: new Date(60_000), MetricDataQueries: [{ Id: "q", Expression: "1" }] }, resource: "*" };
    case "DescribeAlarmsForMetric":
      return { input: { Namespace: "App", MetricName: "m" }, resource: "*" };
    case "PutMetricAlarm":
      return {
        input: {
          AlarmName: a,
          Namespace: "App",
          MetricName: "m",
          Statistic: "Sum",
          Period: 60,
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: "GreaterThanThreshold",
        },
        resource: alarm(a),
      };
    case "SetAlarmState":
      return { input: { AlarmName: a, StateValue: "OK", StateReason: "walk" }, resource: alarm(a) };
    case "DescribeAlarmHistory":
      return { input: { AlarmName: a }, resource: alarm(a) };
    case "DeleteAlarms":
    case "EnableAlarmActions":
    case "DisableAlarmActions":
      return { input: { AlarmNames: [a] }, resource: alarm(a) };
    case "TagResource":
      return { input: { ResourceARN: alarm(a), Tags: [{ Key: "k", Value: "v" }] }, resource: alarm(a) };
    case "UntagResource":
      return { input: { ResourceARN: alarm(a), TagKeys: ["k"] }, resource: alarm(a) };
    case "ListTagsForResource":
      return { input: { ResourceARN: alarm(a) }, resource: alarm(a) };
  }
  return { input: {}, resource: "*" };
}

describe("the CloudWatch authorization table, row by row", () => {
  const clients: { walker?: CW.CloudWatchClient } = {};
  const iam = () => new IAMClient(env.clientConfig());
  const allow = (statement: object) => iam().send(new PutUserPolicyCommand({ UserName: "walker", PolicyName: "walk", PolicyDocument: doc(statement) }));

  test("every operation CloudWatch serves has a row, and every row a served operation", () => {
    assert.deepEqual(Object.keys(CLOUDWATCH_AUTHORIZATION).sort(), Object.keys(env.cloud.service("monitoring").operations).sort());
  });

  test("a walker user with a key", async () => {
    await iam().send(new CreateUserCommand({ UserName: "walker" }));
    const key = (await iam().send(new CreateAccessKeyCommand({ UserName: "walker" }))).AccessKey;
    clients.walker = new CW.CloudWatchClient(env.clientConfig(key?.AccessKeyId, key?.SecretAccessKey));
  });

  for (const [op, row] of Object.entries(CLOUDWATCH_AUTHORIZATION)) {
    test(row.action, async () => {
      const { input, resource } = caseFor(op);
      assert.ok(
        row.resources.some((p) => matchesPattern(p, resource)),
        `${resource} is not one of ${row.resources.join(", ")}`,
      );
      const Command = (CW as unknown as Record<string, new (input: object) => never>)[`${op}Command`] as new (input: object) => never;
      const call = () => (clients.walker as CW.CloudWatchClient).send(new Command(input));
      await allow({ Effect: "Allow", Action: row.action, Resource: resource === "*" ? alarm("nobody") : `${resource}-other` });
      await assert.rejects(call(), (error: Error) => {
        // The code cloudwatch/../authorization.ts gives CloudWatch's JSON and CBOR protocols.
        assert.equal(error.name, "AccessDeniedException");
        assert.equal(
          error.message,
          `User: arn:aws:iam::${A}:user/walker is not authorized to perform: ${row.action} on resource: ${resource} because no identity-based policy allows the ${row.action} action`,
        );
        return true;
      });
      await allow({ Effect: "Allow", Action: row.action, Resource: resource });
      await call().catch((error: Error) => assert.doesNotMatch(error.name, /^AccessDenied/, `${op} refused: ${error.message}`));
    });
  }

  test("cloudwatch:namespace is the PutMetricData request's namespace", async () => {
    await allow({ Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*", Condition: { StringEquals: { "cloudwatch:namespace": "App" } } });
    const walker = clients.walker as CW.CloudWatchClient;
    await walker.send(new CW.PutMetricDataCommand({ Namespace: "App", MetricData: [{ MetricName: "m", Value: 1 }] }));
    await assert.rejects(walker.send(new CW.PutMetricDataCommand({ Namespace: "Other", MetricData: [{ MetricName: "m", Value: 1 }] })), {
      name: "AccessDeniedException",
    });
  });
});
