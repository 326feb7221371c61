/** Region -> partition as the SDKs resolve it: listed regions, each partition's regex, `aws` otherwise. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { arnPrefix, inPartitionOf, partitionId, partitionOfArn } from "./partitions.js";

test("listed regions, regions only a regex claims, and unknown names", () => {
  const cases: [string, string][] = [
    ["us-east-1", "aws"],
    ["eu-west-3", "aws"],
    ["cn-north-1", "aws-cn"],
    ["cn-northwest-1", "aws-cn"],
    ["aws-cn-global", "aws-cn"],
    ["us-gov-west-1", "aws-us-gov"],
    ["us-gov-east-1", "aws-us-gov"],
    ["us-iso-east-1", "aws-iso"],
    ["us-isob-east-1", "aws-iso-b"],
    ["eu-isoe-west-1", "aws-iso-e"],
    ["us-isof-south-1", "aws-iso-f"],
    ["eusc-de-east-1", "aws-eusc"],
    // Not listed yet: the partition's regex decides.
    ["cn-south-7", "aws-cn"],
    ["us-gov-north-3", "aws-us-gov"],
    ["us-isob-south-2", "aws-iso-b"],
    ["ap-west-9", "aws"],
    // No partition claims these: `aws`, as the SDKs fall back.
    ["local", "aws"],
    ["moon-1", "aws"],
  ];
  for (const [region, partition] of cases) assert.equal(partitionId(region), partition, region);
});

test("ARN prefixes and membership", () => {
  assert.equal(arnPrefix("cn-north-1"), "arn:aws-cn:");
  assert.equal(partitionOfArn("arn:aws-us-gov:iam::123456789012:root"), "aws-us-gov");
  assert.equal(partitionOfArn("not an arn"), undefined);
  assert.equal(inPartitionOf("arn:aws-cn:logs:cn-north-1:1:log-group:g", "cn-northwest-1"), true);
  assert.equal(inPartitionOf("arn:aws:logs:cn-north-1:1:log-group:g", "cn-north-1"), false);
  assert.equal(inPartitionOf("arn:aws-cn:logs:us-east-1:1:log-group:g", "us-east-1"), false);
});
