/**
 * The tutorial end to end with the real AWS CLI v2 and a real curl: IAM steps 1-3, the log group,
 * the flow log, traffic to an instance's public address, and the records it becomes — plus the
 * broken pipelines AWS users hit, each failing as AWS fails and recovering once fixed.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { awsCli } from "../support/aws-cli.js";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud({ publicIpBlock: "127.199.0.0/16", gatewayPorts: [22, 80] });
const vectors = new URL("../vectors/", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "flowwatch-tutorial-"));
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
  new Promise<{ code: number; body: string }>((resolve) => {
    execFile("curl", ["-s", "-m", "5", url], (error, stdout) => resolve({ code: error === null ? 0 : Number(error.code ?? 1), body: stdout }));
  });

const flush = async () => {
  const response = await fetch(`${env.endpoint}/_flowwatch/flush`, { method: "POST" });
  assert.equal(response.status, 200);
  return (await response.json()) as { deliveries: Array<{ status: string; message?: string; records: number }> };
};

const ec2Trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] };

describe("the tutorial, with the AWS CLI v2 and curl", () => {
  const state: Record<string, string> = {};
  const s = (key: string) => state[key] as string;

  test("a VPC with an instance whose security group allows port 80", async () => {
    state.vpc = (
      await aws("ec2", "create-vpc", "--cidr-block", "10.0.0.0/16", "--tag-specifications", "ResourceType=vpc,Tags=[{Key=Name,Value=MyVpc22}]")
    ).Vpc.VpcId;
    state.subnet = (await aws("ec2", "create-subnet", "--vpc-id", s("vpc"), "--cidr-block", "10.0.1.0/24")).Subnet.SubnetId;
    const igw = (await aws("ec2", "create-internet-gateway")).InternetGateway.InternetGatewayId;
    await aws("ec2", "attach-internet-gateway", "--internet-gateway-id", igw, "--vpc-id", s("vpc"));
    const main = (await aws("ec2", "describe-route-tables", "--filters", `Name=vpc-id,Values=${s("vpc")}`, "Name=association.main,Values=true")).RouteTables[0]
      .RouteTableId;
    await aws("ec2", "create-route", "--route-table-id", main, "--destination-cidr-block", "0.0.0.0/0", "--gateway-id", igw);
    state.sg = (await aws("ec2", "create-security-group", "--group-name", "web", "--description", "web", "--vpc-id", s("vpc"))).GroupId;
    await aws("ec2", "authorize-security-group-ingress", "--group-id", s("sg"), "--protocol", "tcp", "--port", "80", "--cidr", "0.0.0.0/0");
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
      s("sg"),
      "--associate-public-ip-address",
    );
    const instance = run.Instances[0];
    state.instance = instance.InstanceId;
    state.eni = instance.NetworkInterfaces[0].NetworkInterfaceId;
    state.privateIp = instance.PrivateIpAddress;
    const described = await aws("ec2", "describe-instances", "--instance-ids", s("instance"));
    state.publicIp = described.Reservations[0].Instances[0].PublicIpAddress;
    assert.match(state.publicIp ?? "", /^127\.199\./);
  });

  test("steps 1 and 2: the policy and the role (its trust policy still names EC2), step 4: the log group, step 5: the flow log", async () => {
    state.policyArn = (
      await aws("iam", "create-policy", "--policy-name", "my-flowpolicy", "--policy-document", `file://${vectors}seed-policy.json`)
    ).Policy.Arn;
    state.roleArn = (
      await aws("iam", "create-role", "--role-name", "my-flowlog-role", "--assume-role-policy-document", file("ec2-trust.json", ec2Trust))
    ).Role.Arn;
    await aws("iam", "attach-role-policy", "--role-name", "my-flowlog-role", "--policy-arn", state.policyArn as string);
    await aws("logs", "create-log-group", "--log-group-name", "MyVpc22-Log");
    const created = await aws(
      "ec2",
      "create-flow-logs",
      "--resource-type",
      "VPC",
      "--resource-ids",
      state.vpc as string,
      "--traffic-type",
      "ALL",
      "--log-group-name",
      "MyVpc22-Log",
      "--deliver-logs-permission-arn",
      state.roleArn as string,
    );
    assert.equal(created.FlowLogIds.length, 1);
    assert.deepEqual(created.Unsuccessful, []);
  });

  test("before step 3 the service cannot assume the role: no records, FAILED with Access error", async () => {
    const response = await curl(`http://${state.publicIp}/`);
    assert.equal(response.code, 0);
    const flushed = await flush();
    assert.deepEqual(
      flushed.deliveries.map((d) => [d.status, d.message]),
      [["FAILED", "Access error"]],
    );
    const logs = await aws("ec2", "describe-flow-logs");
    assert.equal(logs.FlowLogs[0].DeliverLogsStatus, "FAILED");
    assert.equal(logs.FlowLogs[0].DeliverLogsErrorMessage, "Access error");
    assert.deepEqual((await aws("logs", "describe-log-streams", "--log-group-name", "MyVpc22-Log")).logStreams, []);
  });

  test("step 3, then curl: ACCEPT records of the connection in both directions, and REJECT for a denied port", async () => {
    await aws("iam", "update-assume-role-policy", "--role-name", "my-flowlog-role", "--policy-document", `file://${vectors}seed-trust.json`);
    const response = await curl(`http://${state.publicIp}/`);
    assert.equal(response.code, 0);
    assert.match(response.body, new RegExp(state.instance as string));
    const denied = await curl(`http://${state.publicIp}:22/`);
    assert.notEqual(denied.code, 0);
    const flushed = await flush();
    assert.deepEqual(
      flushed.deliveries.map((d) => d.status),
      ["SUCCESS"],
    );

    const streams = await aws("logs", "describe-log-streams", "--log-group-name", "MyVpc22-Log");
    assert.deepEqual(
      streams.logStreams.map((s: { logStreamName: string }) => s.logStreamName),
      [`${state.eni}-all`],
    );
    const events = (await aws("logs", "get-log-events", "--log-group-name", "MyVpc22-Log", "--log-stream-name", `${state.eni}-all`, "--start-from-head"))
      .events as Array<{ message: string; timestamp: number }>;
    const records = events.map((e) => e.message.split(" "));
    const inbound = records.find((r) => r[3] === "127.0.0.1" && r[4] === state.privateIp && r[6] === "80");
    const outbound = records.find((r) => r[3] === state.privateIp && r[4] === "127.0.0.1" && r[5] === "80");
    const rejected = records.find((r) => r[6] === "22");
    assert.ok(inbound, `an inbound record in ${JSON.stringify(records)}`);
    assert.ok(outbound, "an outbound record");
    assert.ok(rejected, "a record of the denied connection");
    for (const r of [inbound, outbound]) {
      assert.equal(r[0], "2");
      assert.equal(r[1], "000000000000");
      assert.equal(r[2], state.eni);
      assert.equal(r[7], "6");
      assert.ok(Number(r[9]) > 0, "bytes counted");
      assert.equal(r[12], "ACCEPT");
      assert.equal(r[13], "OK");
    }
    assert.ok(Number(outbound[9]) > Number(response.body.length), "the response's bytes are in the outbound record");
    assert.equal(rejected[12], "REJECT");
    for (const event of events) assert.equal(event.timestamp, Number(event.message.split(" ")[10]) * 1000);
    const logs = await aws("ec2", "describe-flow-logs");
    assert.equal(logs.FlowLogs[0].DeliverLogsStatus, "SUCCESS");
  });

  test("a policy without logs:PutLogEvents fails with Access error, and recovers when restored", async () => {
    const narrow = {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogGroups", "logs:DescribeLogStreams"], Resource: "*" },
      ],
    };
    await aws("iam", "create-policy-version", "--policy-arn", state.policyArn as string, "--policy-document", file("narrow.json", narrow), "--set-as-default");
    await curl(`http://${state.publicIp}/`);
    assert.deepEqual(
      (await flush()).deliveries.map((d) => [d.status, d.message]),
      [["FAILED", "Access error"]],
    );
    await aws("iam", "set-default-policy-version", "--policy-arn", state.policyArn as string, "--version-id", "v1");
    await curl(`http://${state.publicIp}/`);
    assert.deepEqual(
      (await flush()).deliveries.map((d) => d.status),
      ["SUCCESS"],
    );
  });

  test("a trust policy whose aws:SourceAccount names another account fails, and recovers when fixed", async () => {
    const conditioned = (account: string) => ({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "vpc-flow-logs.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": account } },
        },
      ],
    });
    await aws("iam", "update-assume-role-policy", "--role-name", "my-flowlog-role", "--policy-document", file("other.json", conditioned("999999999999")));
    await curl(`http://${state.publicIp}/`);
    assert.deepEqual(
      (await flush()).deliveries.map((d) => [d.status, d.message]),
      [["FAILED", "Access error"]],
    );
    await aws("iam", "update-assume-role-policy", "--role-name", "my-flowlog-role", "--policy-document", file("own.json", conditioned("000000000000")));
    await curl(`http://${state.publicIp}/`);
    assert.deepEqual(
      (await flush()).deliveries.map((d) => d.status),
      ["SUCCESS"],
    );
    const logs = await aws("ec2", "describe-flow-logs");
    assert.equal(logs.FlowLogs[0].DeliverLogsStatus, "SUCCESS");
  });
});
