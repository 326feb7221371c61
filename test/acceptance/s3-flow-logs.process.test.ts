/**
 * Flow logs to S3 end to end with the AWS CLI v2 alone: buckets with the policy AWS documents for
 * delivery.logs.amazonaws.com, `create-flow-logs --log-destination-type s3`, a real curl to an
 * instance, a flush, AWS's key layout in `aws s3 ls`, and the downloaded objects read by DuckDB (Parquet)
 * and gunzip (text). Then a bucket policy without the service principal: FAILED with AWS's message, and
 * the recovery once the policy is fixed.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, test } from "node:test";
import { DuckDBInstance } from "@duckdb/node-api";
import { awsCli } from "../support/aws-cli.js";
import { useLocalCloud } from "../support/local-cloud.js";
import { flush } from "../support/tutorial-pipeline.js";

const env = useLocalCloud({ publicIpBlock: "127.196.0.0/16", gatewayPorts: [22, 80] });
const dir = mkdtempSync(join(tmpdir(), "flowwatch-s3-flow-logs-"));
const file = (name: string, value: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return `file://${path}`;
};

const aws = async (...args: string[]) => {
  const run = await awsCli(env.endpoint, args);
  assert.equal(run.status, 0, `aws ${args.join(" ")}: ${run.stderr}`);
  return run.json;
};

const curl = (url: string) =>
  new Promise<number>((resolve) => {
    execFile("curl", ["-s", "-o", "/dev/null", "-m", "5", url], (error) => resolve(error === null ? 0 : Number(error.code ?? 1)));
  });

/** The bucket policy of the Amazon VPC User Guide ("Amazon S3 bucket permissions for flow logs"), for `principal`. */
const deliveryPolicy = (bucket: string, account: string, principal = "delivery.logs.amazonaws.com") => ({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "AWSLogDeliveryWrite",
      Effect: "Allow",
      Principal: { Service: principal },
      Action: "s3:PutObject",
      Resource: `arn:aws:s3:::${bucket}/*`,
      Condition: {
        StringEquals: { "aws:SourceAccount": account, "s3:x-amz-acl": "bucket-owner-full-control" },
        ArnLike: { "aws:SourceArn": `arn:aws:logs:us-east-1:${account}:*` },
      },
    },
    {
      Sid: "AWSLogDeliveryAclCheck",
      Effect: "Allow",
      Principal: { Service: principal },
      Action: "s3:GetBucketAcl",
      Resource: `arn:aws:s3:::${bucket}`,
      Condition: { StringEquals: { "aws:SourceAccount": account }, ArnLike: { "aws:SourceArn": `arn:aws:logs:us-east-1:${account}:*` } },
    },
  ],
});

/** `aws s3 ls --recursive` as the keys it lists. */
const keysOf = async (bucket: string): Promise<string[]> => {
  const run = await awsCli(env.endpoint, ["s3", "ls", `s3://${bucket}`, "--recursive"]);
  assert.equal(run.status, 0, run.stderr);
  return run.stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => line.trim().split(/\s+/).slice(3).join(" "));
};

/** `aws s3 cp --recursive` of the bucket into a fresh folder; the downloaded files' paths. */
const download = async (bucket: string): Promise<string[]> => {
  const target = mkdtempSync(join(dir, `${bucket}-`));
  await aws("s3", "cp", `s3://${bucket}`, target, "--recursive");
  return (readdirSync(target, { recursive: true, withFileTypes: true }) as Array<{ isFile(): boolean; parentPath: string; name: string }>)
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
};

const duckdb = async (sql: string): Promise<Array<Record<string, unknown>>> => {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Array<Record<string, unknown>>;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
};

describe("flow logs to S3, with the AWS CLI v2, curl and DuckDB", () => {
  const state: Record<string, string> = {};
  const s = (key: string) => state[key] as string;
  const flowLog = async (id: string) => (await aws("ec2", "describe-flow-logs", "--flow-log-ids", id)).FlowLogs[0];

  test("a VPC with an instance whose security group allows port 80", async () => {
    state.account = (await aws("sts", "get-caller-identity")).Account;
    state.vpc = (await aws("ec2", "create-vpc", "--cidr-block", "10.0.0.0/16")).Vpc.VpcId;
    state.subnet = (await aws("ec2", "create-subnet", "--vpc-id", s("vpc"), "--cidr-block", "10.0.1.0/24")).Subnet.SubnetId;
    const igw = (await aws("ec2", "create-internet-gateway")).InternetGateway.InternetGatewayId;
    await aws("ec2", "attach-internet-gateway", "--internet-gateway-id", igw, "--vpc-id", s("vpc"));
    const main = (await aws("ec2", "describe-route-tables", "--filters", `Name=vpc-id,Values=${s("vpc")}`, "Name=association.main,Values=true")).RouteTables[0]
      .RouteTableId;
    await aws("ec2", "create-route", "--route-table-id", main, "--destination-cidr-block", "0.0.0.0/0", "--gateway-id", igw);
    const sg = (await aws("ec2", "create-security-group", "--group-name", "web", "--description", "web", "--vpc-id", s("vpc"))).GroupId;
    await aws("ec2", "authorize-security-group-ingress", "--group-id", sg, "--protocol", "tcp", "--port", "80", "--cidr", "0.0.0.0/0");
    const run = await aws(
      "ec2",
      "run-instances",
      "--image-id",
      "ami-0abcdef1234567890",
      "--instance-type",
      "t3.micro",
      "--subnet-id",
      s("subnet"),
      "--security-group-ids",
      sg,
      "--associate-public-ip-address",
    );
    state.instance = run.Instances[0].InstanceId;
    state.privateIp = run.Instances[0].PrivateIpAddress;
    state.publicIp = (await aws("ec2", "describe-instances", "--instance-ids", s("instance"))).Reservations[0].Instances[0].PublicIpAddress;
    assert.match(s("publicIp"), /^127\.196\./);
  });

  test("Parquet in Hive partitions by hour: AWS's key layout, and DuckDB finds the connection", async () => {
    await aws("s3api", "create-bucket", "--bucket", "flows-parquet");
    await aws(
      "s3api",
      "put-bucket-policy",
      "--bucket",
      "flows-parquet",
      "--policy",
      file("parquet-policy.json", deliveryPolicy("flows-parquet", s("account"))),
    );
    const created = await aws(
      "ec2",
      "create-flow-logs",
      "--resource-type",
      "VPC",
      "--resource-ids",
      s("vpc"),
      "--traffic-type",
      "ALL",
      "--log-destination-type",
      "s3",
      "--log-destination",
      "arn:aws:s3:::flows-parquet/team-a",
      "--destination-options",
      "FileFormat=parquet,HiveCompatiblePartitions=true,PerHourPartition=true",
      "--max-aggregation-interval",
      "60",
    );
    assert.deepEqual(created.Unsuccessful, []);
    state.parquetFlowLog = created.FlowLogIds[0];
    const described = await flowLog(s("parquetFlowLog"));
    assert.equal(described.LogDestinationType, "s3");
    assert.equal(described.LogDestination, "arn:aws:s3:::flows-parquet/team-a");
    assert.deepEqual(described.DestinationOptions, { FileFormat: "parquet", HiveCompatiblePartitions: true, PerHourPartition: true });
    assert.equal(described.LogGroupName, undefined);

    assert.equal(await curl(`http://${s("publicIp")}/`), 0);
    await flush(env);
    assert.equal((await flowLog(s("parquetFlowLog"))).DeliverLogsStatus, "SUCCESS");
    const keys = await keysOf("flows-parquet");
    assert.ok(keys.length > 0, "no objects after the flush");
    const account = s("account");
    const layout = new RegExp(
      `^team-a/AWSLogs/aws-account-id=${account}/aws-service=vpcflowlogs/aws-region=us-east-1/year=\\d{4}/month=\\d{2}/day=\\d{2}/hour=\\d{2}/${account}_vpcflowlogs_us-east-1_${s("parquetFlowLog")}_\\d{8}T\\d{4}Z_[0-9a-f]{8}\\.log\\.parquet$`,
    );
    for (const key of keys) assert.match(key, layout);

    const files = await download("flows-parquet");
    const list = files.map((f) => `'${f.replaceAll("'", "''")}'`).join(", ");
    const rows = await duckdb(`SELECT srcaddr, dstaddr, dstport, protocol, action, interface_id FROM read_parquet([${list}]) WHERE dstport = 80`);
    assert.ok(
      rows.some((r) => r.dstaddr === s("privateIp") && r.action === "ACCEPT" && Number(r.protocol) === 6),
      JSON.stringify(rows, (_k, v) => (typeof v === "bigint" ? Number(v) : v)),
    );
  });

  test("plain text by day: gzip files with the format's header line and the connection", async () => {
    await aws("s3api", "create-bucket", "--bucket", "flows-text");
    await aws("s3api", "put-bucket-policy", "--bucket", "flows-text", "--policy", file("text-policy.json", deliveryPolicy("flows-text", s("account"))));
    const created = await aws(
      "ec2",
      "create-flow-logs",
      "--resource-type",
      "Subnet",
      "--resource-ids",
      s("subnet"),
      "--traffic-type",
      "ACCEPT",
      "--log-destination-type",
      "s3",
      "--log-destination",
      "arn:aws:s3:::flows-text",
    );
    state.textFlowLog = created.FlowLogIds[0];
    assert.deepEqual((await flowLog(s("textFlowLog"))).DestinationOptions, {
      FileFormat: "plain-text",
      HiveCompatiblePartitions: false,
      PerHourPartition: false,
    });
    assert.equal(await curl(`http://${s("publicIp")}/`), 0);
    await flush(env);
    const account = s("account");
    const keys = await keysOf("flows-text");
    assert.ok(keys.length > 0, "no objects after the flush");
    for (const key of keys) {
      assert.match(
        key,
        new RegExp(
          `^AWSLogs/${account}/vpcflowlogs/us-east-1/\\d{4}/\\d{2}/\\d{2}/${account}_vpcflowlogs_us-east-1_${s("textFlowLog")}_\\d{8}T\\d{4}Z_[0-9a-f]{8}\\.log\\.gz$`,
        ),
      );
    }
    const lines = (await download("flows-text")).flatMap((f) => gunzipSync(readFileSync(f)).toString().trim().split("\n"));
    assert.equal(lines[0], "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status");
    assert.ok(
      lines.some((line) => line.split(" ")[4] === s("privateIp") && line.split(" ")[6] === "80" && line.includes(" ACCEPT OK")),
      lines.join("\n"),
    );
  });

  test("a bucket policy without delivery.logs.amazonaws.com: FAILED with Access error and no objects, then delivered once fixed", async () => {
    await aws("s3api", "create-bucket", "--bucket", "flows-denied");
    const wrong = deliveryPolicy("flows-denied", s("account"), "vpc-flow-logs.amazonaws.com");
    await aws("s3api", "put-bucket-policy", "--bucket", "flows-denied", "--policy", file("wrong-policy.json", wrong));
    const created = await aws(
      "ec2",
      "create-flow-logs",
      "--resource-type",
      "VPC",
      "--resource-ids",
      s("vpc"),
      "--traffic-type",
      "REJECT",
      "--log-destination-type",
      "s3",
      "--log-destination",
      "arn:aws:s3:::flows-denied",
    );
    state.deniedFlowLog = created.FlowLogIds[0];
    // Port 22 is not open: a REJECT record.
    await curl(`http://${s("publicIp")}:22/`);
    await flush(env);
    const failed = await flowLog(s("deniedFlowLog"));
    assert.deepEqual([failed.DeliverLogsStatus, failed.DeliverLogsErrorMessage], ["FAILED", "Access error"]);
    assert.deepEqual(await keysOf("flows-denied"), []);

    await aws("s3api", "put-bucket-policy", "--bucket", "flows-denied", "--policy", file("fixed-policy.json", deliveryPolicy("flows-denied", s("account"))));
    await curl(`http://${s("publicIp")}:22/`);
    await flush(env);
    const recovered = await flowLog(s("deniedFlowLog"));
    assert.equal(recovered.DeliverLogsStatus, "SUCCESS");
    assert.equal(recovered.DeliverLogsErrorMessage, undefined);
    assert.ok((await keysOf("flows-denied")).length > 0);
  });

  test("a bucket that does not exist is refused per resource, as recorded on AWS; deleted flow logs deliver nothing more", async () => {
    const missing = await aws(
      "ec2",
      "create-flow-logs",
      "--resource-type",
      "VPC",
      "--resource-ids",
      s("vpc"),
      "--traffic-type",
      "ALL",
      "--log-destination-type",
      "s3",
      "--log-destination",
      "arn:aws:s3:::no-such-bucket-here",
    );
    assert.deepEqual(missing.FlowLogIds, []);
    assert.deepEqual(missing.Unsuccessful[0].Error, { Code: "400", Message: "LogDestination: no-such-bucket-here does not exist" });
    await aws("ec2", "delete-flow-logs", "--flow-log-ids", s("parquetFlowLog"), s("textFlowLog"), s("deniedFlowLog"));
    const before = (await keysOf("flows-parquet")).length;
    await curl(`http://${s("publicIp")}/`);
    await flush(env);
    assert.equal((await keysOf("flows-parquet")).length, before);
  });
});
