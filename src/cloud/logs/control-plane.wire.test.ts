import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  CloudWatchLogsClient,
  CreateDeliveryCommand,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteDeliveryCommand,
  DeleteDeliveryDestinationCommand,
  DeleteDeliveryDestinationPolicyCommand,
  DeleteDeliverySourceCommand,
  DeleteDestinationCommand,
  DeleteLogStreamCommand,
  DeleteResourcePolicyCommand,
  DeleteRetentionPolicyCommand,
  DeleteSubscriptionFilterCommand,
  DescribeDeliveriesCommand,
  DescribeDeliveryDestinationsCommand,
  DescribeDeliverySourcesCommand,
  DescribeDestinationsCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  DescribeResourcePoliciesCommand,
  DescribeSubscriptionFiltersCommand,
  GetDeliveryCommand,
  GetDeliveryDestinationCommand,
  GetDeliveryDestinationPolicyCommand,
  GetDeliverySourceCommand,
  ListTagsLogGroupCommand,
  PutDeliveryDestinationCommand,
  PutDeliveryDestinationPolicyCommand,
  PutDeliverySourceCommand,
  PutDestinationCommand,
  PutDestinationPolicyCommand,
  PutResourcePolicyCommand,
  PutRetentionPolicyCommand,
  PutSubscriptionFilterCommand,
  TagLogGroupCommand,
  UntagLogGroupCommand,
  UntagResourceCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { useLocalCloud } from "../../../test/support/local-cloud.js";

const env = useLocalCloud();
const logs = () => new CloudWatchLogsClient(env.clientConfig());

const failsWith = (promise: Promise<unknown>, code: string, message?: string | RegExp) =>
  assert.rejects(promise, (error: Error) => {
    assert.equal(error.name, code);
    if (typeof message === "string") assert.equal(error.message, message);
    else if (message !== undefined) assert.match(error.message, message);
    return true;
  });

const policy = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "delivery.logs.amazonaws.com" }, Action: "logs:PutLogEvents", Resource: "*" }],
});

describe("CloudWatch Logs control plane through the SDK", () => {
  test("streams: delete, and a deleted stream is gone", async () => {
    const c = logs();
    await c.send(new CreateLogGroupCommand({ logGroupName: "cp-streams" }));
    await c.send(new CreateLogStreamCommand({ logGroupName: "cp-streams", logStreamName: "s1" }));
    await c.send(new DeleteLogStreamCommand({ logGroupName: "cp-streams", logStreamName: "s1" }));
    assert.deepEqual((await c.send(new DescribeLogStreamsCommand({ logGroupName: "cp-streams" }))).logStreams, []);
    await failsWith(c.send(new DeleteLogStreamCommand({ logGroupName: "cp-streams", logStreamName: "s1" })), "ResourceNotFoundException");
  });

  test("retention: put, shown on the group, deleted; a value AWS does not allow is refused", async () => {
    const c = logs();
    await c.send(new CreateLogGroupCommand({ logGroupName: "cp-retention" }));
    await c.send(new PutRetentionPolicyCommand({ logGroupName: "cp-retention", retentionInDays: 30 }));
    const [group] = (await c.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "cp-retention" }))).logGroups ?? [];
    assert.equal(group?.retentionInDays, 30);
    await c.send(new DeleteRetentionPolicyCommand({ logGroupName: "cp-retention" }));
    const [after] = (await c.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "cp-retention" }))).logGroups ?? [];
    assert.equal(after?.retentionInDays, undefined);
    await failsWith(c.send(new PutRetentionPolicyCommand({ logGroupName: "cp-retention", retentionInDays: 31 })), "InvalidParameterException");
  });

  test("tags through both APIs", async () => {
    const c = logs();
    await c.send(new CreateLogGroupCommand({ logGroupName: "cp-tags" }));
    await c.send(new TagLogGroupCommand({ logGroupName: "cp-tags", tags: { team: "net", env: "dev" } }));
    await c.send(new UntagLogGroupCommand({ logGroupName: "cp-tags", tags: ["env"] }));
    assert.deepEqual((await c.send(new ListTagsLogGroupCommand({ logGroupName: "cp-tags" }))).tags, { team: "net" });
    const arn = "arn:aws:logs:us-east-1:000000000000:log-group:cp-tags";
    await c.send(new TagResourceCommand({ resourceArn: arn, tags: { owner: "flowwatch" } }));
    await c.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ["team"] }));
    assert.deepEqual((await c.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, { owner: "flowwatch" });
  });

  test("resource policies", async () => {
    const c = logs();
    await c.send(new PutResourcePolicyCommand({ policyName: "cp-policy", policyDocument: policy }));
    const listed = await c.send(new DescribeResourcePoliciesCommand({}));
    assert.ok(listed.resourcePolicies?.some((p) => p.policyName === "cp-policy" && p.policyDocument === policy));
    await c.send(new DeleteResourcePolicyCommand({ policyName: "cp-policy" }));
    await failsWith(
      c.send(new DeleteResourcePolicyCommand({ policyName: "cp-policy" })),
      "ResourceNotFoundException",
      "Policy with name [cp-policy] does not exist.",
    );
  });

  test("destinations", async () => {
    const c = logs();
    const input = { destinationName: "cp-dest", targetArn: "arn:aws:kinesis:us-east-1:000000000000:stream/s", roleArn: "arn:aws:iam::000000000000:role/r" };
    const { destination } = await c.send(new PutDestinationCommand(input));
    assert.equal(destination?.arn, "arn:aws:logs:us-east-1:000000000000:destination:cp-dest");
    await c.send(new PutDestinationPolicyCommand({ destinationName: "cp-dest", accessPolicy: policy }));
    const [described] = (await c.send(new DescribeDestinationsCommand({ DestinationNamePrefix: "cp-" }))).destinations ?? [];
    assert.equal(described?.accessPolicy, policy);
    await c.send(new DeleteDestinationCommand({ destinationName: "cp-dest" }));
    await failsWith(c.send(new DeleteDestinationCommand({ destinationName: "cp-dest" })), "ResourceNotFoundException");
  });

  test("subscription filters to a target flowwatch does not run are refused, never pretended", async () => {
    const c = logs();
    await c.send(new CreateLogGroupCommand({ logGroupName: "cp-subs" }));
    await failsWith(
      c.send(
        new PutSubscriptionFilterCommand({
          logGroupName: "cp-subs",
          filterName: "f",
          filterPattern: "",
          destinationArn: "arn:aws:lambda:us-east-1:000000000000:function:f",
        }),
      ),
      "InvalidParameterException",
    );
    assert.deepEqual((await c.send(new DescribeSubscriptionFiltersCommand({ logGroupName: "cp-subs" }))).subscriptionFilters, []);
    await failsWith(c.send(new DeleteSubscriptionFilterCommand({ logGroupName: "cp-subs", filterName: "f" })), "ResourceNotFoundException");
  });

  test("the log delivery API: sources, destinations, policies, deliveries", async () => {
    const c = logs();
    const distribution = "arn:aws:cloudfront::000000000000:distribution/E1Q5F5862X9VJ5";
    const bucket = "arn:aws:s3:::my-bucket";
    await c.send(new PutDeliverySourceCommand({ name: "cp-src", resourceArn: distribution, logType: "ACCESS_LOGS" }));
    assert.equal((await c.send(new GetDeliverySourceCommand({ name: "cp-src" }))).deliverySource?.service, "cloudfront");
    const dst = await c.send(
      new PutDeliveryDestinationCommand({ name: "cp-dst", outputFormat: "json", deliveryDestinationConfiguration: { destinationResourceArn: bucket } }),
    );
    assert.equal((await c.send(new GetDeliveryDestinationCommand({ name: "cp-dst" }))).deliveryDestination?.deliveryDestinationType, "S3");
    await c.send(new PutDeliveryDestinationPolicyCommand({ deliveryDestinationName: "cp-dst", deliveryDestinationPolicy: policy }));
    assert.equal((await c.send(new GetDeliveryDestinationPolicyCommand({ deliveryDestinationName: "cp-dst" }))).policy?.deliveryDestinationPolicy, policy);
    await c.send(new DeleteDeliveryDestinationPolicyCommand({ deliveryDestinationName: "cp-dst" }));
    const { delivery } = await c.send(
      new CreateDeliveryCommand({ deliverySourceName: "cp-src", deliveryDestinationArn: dst.deliveryDestination?.arn as string }),
    );
    assert.match(delivery?.id ?? "", /^[0-9a-z]{16}$/);
    assert.equal((await c.send(new GetDeliveryCommand({ id: delivery?.id as string }))).delivery?.deliverySourceName, "cp-src");
    assert.equal((await c.send(new DescribeDeliveriesCommand({}))).deliveries?.length, 1);
    assert.equal((await c.send(new DescribeDeliverySourcesCommand({}))).deliverySources?.length, 1);
    assert.equal((await c.send(new DescribeDeliveryDestinationsCommand({}))).deliveryDestinations?.length, 1);
    await c.send(new DeleteDeliveryCommand({ id: delivery?.id as string }));
    await c.send(new DeleteDeliverySourceCommand({ name: "cp-src" }));
    await c.send(new DeleteDeliveryDestinationCommand({ name: "cp-dst" }));
    await failsWith(
      c.send(new GetDeliverySourceCommand({ name: "cp-src" })),
      "ResourceNotFoundException",
      "Requested Delivery Source does not exist in this account.",
    );
  });
});
