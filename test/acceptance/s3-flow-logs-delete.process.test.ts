/**
 * DeleteFlowLogs stops S3 delivery: records a closed aggregation window already put into a flow log's
 * open file (which closes only at the five-minute mark) are dropped with the flow log, while another
 * flow log's file of the same records is put. Driven on a manual clock, through the SDK v3.
 */
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { test } from "node:test";
import { CreateFlowLogsCommand, DeleteFlowLogsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { CreateBucketCommand, ListObjectsV2Command, PutBucketPolicyCommand, S3Client } from "@aws-sdk/client-s3";
import { ManualClock } from "../../src/cloud/clock.js";
import { useLocalCloud } from "../support/local-cloud.js";
import { buildTutorialPipeline, connect, flush } from "../support/tutorial-pipeline.js";

const clock = new ManualClock(Date.now());
const env = useLocalCloud({ publicIpBlock: "127.195.0.0/16", gatewayPorts: [80], clock });

const policy = (bucket: string, account: string) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "delivery.logs.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `arn:aws:s3:::${bucket}/*`,
        Condition: {
          StringEquals: { "aws:SourceAccount": account, "s3:x-amz-acl": "bucket-owner-full-control" },
          ArnLike: { "aws:SourceArn": `arn:aws:logs:us-east-1:${account}:*` },
        },
      },
      {
        Effect: "Allow",
        Principal: { Service: "delivery.logs.amazonaws.com" },
        Action: "s3:GetBucketAcl",
        Resource: `arn:aws:s3:::${bucket}`,
        Condition: { StringEquals: { "aws:SourceAccount": account }, ArnLike: { "aws:SourceArn": `arn:aws:logs:us-east-1:${account}:*` } },
      },
    ],
  });

test("a deleted S3 flow log's open file is dropped, not put; the other flow log's is put", async () => {
  const pipeline = await buildTutorialPipeline(env);
  const ec2 = new EC2Client(env.clientConfig());
  const s3 = new S3Client({ ...env.clientConfig(), forcePathStyle: true });
  const account = "000000000000";
  const ids: Record<string, string> = {};
  for (const bucket of ["kept-flows", "deleted-flows"]) {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy(bucket, account) }));
    const created = await ec2.send(
      new CreateFlowLogsCommand({
        ResourceType: "VPC",
        ResourceIds: [pipeline.vpcId],
        TrafficType: "ALL",
        LogDestinationType: "s3",
        LogDestination: `arn:aws:s3:::${bucket}`,
        MaxAggregationInterval: 60,
      }),
    );
    assert.deepEqual(created.Unsuccessful, []);
    ids[bucket] = created.FlowLogIds?.[0] as string;
  }
  await sleep(300);
  assert.equal(await connect(pipeline.publicIp, 80), true);
  // The one-minute window ends: the next tick (1 s) closes it into both flow logs' open files.
  clock.advance(61_000);
  await sleep(2500);
  await ec2.send(new DeleteFlowLogsCommand({ FlowLogIds: [ids["deleted-flows"] as string] }));
  await flush(env);
  const keys = async (bucket: string) => ((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key);
  assert.ok((await keys("kept-flows")).length > 0, "the kept flow log's file was not put");
  assert.deepEqual(await keys("deleted-flows"), []);
});
