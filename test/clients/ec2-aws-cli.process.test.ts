import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { awsCli, boto3 } from "../support/aws-cli.js";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud();

const ok = async (args: string[]) => {
  const r = await awsCli(env.endpoint, ["ec2", ...args]);
  assert.equal(r.status, 0, `aws ec2 ${args.join(" ")}: ${r.stderr}`);
  return r.json;
};

describe("EC2 through the AWS CLI v2", () => {
  let vpcId = "";

  test("the tutorial's VPC: MyVpc22, a subnet, an internet gateway, a web security group and an instance with a public address", async () => {
    vpcId = (await ok(["create-vpc", "--cidr-block", "10.0.0.0/16", "--tag-specifications", "ResourceType=vpc,Tags=[{Key=Name,Value=MyVpc22}]"])).Vpc.VpcId;
    assert.match(vpcId, /^vpc-[0-9a-f]{17}$/);
    const subnetId = (await ok(["create-subnet", "--vpc-id", vpcId, "--cidr-block", "10.0.1.0/24"])).Subnet.SubnetId;
    await ok(["modify-subnet-attribute", "--subnet-id", subnetId, "--map-public-ip-on-launch"]);
    const igw = (await ok(["create-internet-gateway"])).InternetGateway.InternetGatewayId;
    assert.equal((await awsCli(env.endpoint, ["ec2", "attach-internet-gateway", "--internet-gateway-id", igw, "--vpc-id", vpcId])).status, 0);
    const sg = (await ok(["create-security-group", "--group-name", "web", "--description", "web", "--vpc-id", vpcId])).GroupId;
    await ok(["authorize-security-group-ingress", "--group-id", sg, "--protocol", "tcp", "--port", "80", "--cidr", "0.0.0.0/0"]);
    const again = await awsCli(env.endpoint, [
      "ec2",
      "authorize-security-group-ingress",
      "--group-id",
      sg,
      "--protocol",
      "tcp",
      "--port",
      "80",
      "--cidr",
      "0.0.0.0/0",
    ]);
    assert.equal(again.status, 254);
    assert.match(again.stderr, /InvalidPermission\.Duplicate.*"peer: 0\.0\.0\.0\/0, TCP, from port: 80, to port: 80, ALLOW" already exists/);
    const run = await ok([
      "run-instances",
      "--image-id",
      "ami-0abcdef1234567890",
      "--instance-type",
      "t3.micro",
      "--count",
      "1",
      "--subnet-id",
      subnetId,
      "--security-group-ids",
      sg,
    ]);
    const instanceId = run.Instances[0].InstanceId;
    assert.equal(run.Instances[0].State.Name, "pending");
    const described = await ok(["describe-instances", "--filters", `Name=vpc-id,Values=${vpcId}`]);
    const instance = described.Reservations[0].Instances[0];
    assert.equal(instance.InstanceId, instanceId);
    assert.equal(instance.State.Name, "running");
    assert.match(instance.PublicIpAddress, /^127\.\d+\.\d+\.\d+$/);
    assert.equal(instance.PrivateIpAddress, "10.0.1.4");
    assert.equal(instance.SecurityGroups[0].GroupName, "web");
    const enis = await ok(["describe-network-interfaces", "--filters", `Name=attachment.instance-id,Values=${instanceId}`]);
    assert.equal(enis.NetworkInterfaces[0].Association.PublicIp, instance.PublicIpAddress);
  });

  test("the tutorial's step 5 verbatim, then describe-flow-logs shows it ACTIVE", async () => {
    const created = await ok([
      "create-flow-logs",
      "--resource-type",
      "VPC",
      "--resource-ids",
      vpcId,
      "--traffic-type",
      "ALL",
      "--log-group-name",
      "MyVpc22-Log",
      "--deliver-logs-permission-arn",
      "arn:aws:iam::000000000000:role/my-flowlog-role",
    ]);
    assert.equal(created.FlowLogIds.length, 1);
    assert.deepEqual(created.Unsuccessful, []);
    const described = await ok(["describe-flow-logs", "--filter", `Name=resource-id,Values=${vpcId}`]);
    const [f] = described.FlowLogs;
    assert.equal(f.FlowLogStatus, "ACTIVE");
    // The role is not created in this file: a delivery tick that runs before this describe fails to
    // assume it, which AWS reports as FAILED / "Access error"; before any delivery it is SUCCESS.
    if (f.DeliverLogsStatus !== "SUCCESS") {
      assert.equal(f.DeliverLogsStatus, "FAILED");
      assert.equal(f.DeliverLogsErrorMessage, "Access error");
    }
    assert.equal(f.LogGroupName, "MyVpc22-Log");
    assert.equal(f.TrafficType, "ALL");
    assert.equal(f.MaxAggregationInterval, 600);
    const dup = await ok([
      "create-flow-logs",
      "--resource-type",
      "VPC",
      "--resource-ids",
      vpcId,
      "--traffic-type",
      "ALL",
      "--log-group-name",
      "MyVpc22-Log",
      "--deliver-logs-permission-arn",
      "arn:aws:iam::000000000000:role/my-flowlog-role",
    ]);
    assert.equal(dup.Unsuccessful[0].Error.Code, "FlowLogAlreadyExists");
  });

  test("errors arrive in EC2's shape with AWS's codes", async () => {
    const missing = await awsCli(env.endpoint, ["ec2", "describe-vpcs", "--vpc-ids", "vpc-0123456789abcdef0"]);
    assert.equal(missing.status, 254);
    assert.match(missing.stderr, /\(InvalidVpcID\.NotFound\) when calling the DescribeVpcs operation: The vpc ID 'vpc-0123456789abcdef0' does not exist/);
    const filter = await awsCli(env.endpoint, ["ec2", "describe-instances", "--filters", "Name=public-ip,Values=1.2.3.4"]);
    assert.match(filter.stderr, /\(InvalidParameterValue\).*The filter 'public-ip' is invalid/);
    const dry = await awsCli(env.endpoint, ["ec2", "describe-vpcs", "--dry-run"]);
    assert.match(dry.stderr, /DryRunOperation/);
    const s3 = await awsCli(env.endpoint, [
      "ec2",
      "create-flow-logs",
      "--resource-type",
      "VPC",
      "--resource-ids",
      vpcId,
      "--traffic-type",
      "ALL",
      "--log-destination-type",
      "s3",
      "--log-group-name",
      "g",
    ]);
    assert.match(s3.stderr, /\(InvalidParameter\).*LogDestination type must be cloud-watch-logs if LogGroupName is provided\./);
  });

  test("boto3 smoke test: VPC, flow log, describe, delete", async () => {
    const script = `
import boto3, json, os
ec2 = boto3.client("ec2", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
fl = ec2.create_flow_logs(ResourceIds=[vpc], ResourceType="VPC", TrafficType="REJECT", LogGroupName="boto-logs",
    DeliverLogsPermissionArn="arn:aws:iam::000000000000:role/r", LogFormat="\${version} \${vpc-id} \${action}", MaxAggregationInterval=60)["FlowLogIds"][0]
got = ec2.describe_flow_logs(FlowLogIds=[fl])["FlowLogs"][0]
ec2.delete_flow_logs(FlowLogIds=[fl])
try:
    ec2.delete_vpc(VpcId="vpc-0123456789abcdef0")
    err = None
except ec2.exceptions.ClientError as e:
    err = e.response["Error"]["Code"]
print(json.dumps({"format": got["LogFormat"], "interval": got["MaxAggregationInterval"], "left": len(ec2.describe_flow_logs()["FlowLogs"]), "err": err}))
`;
    const r = await boto3(env.endpoint, script);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.json, { format: "${version} ${vpc-id} ${action}", interval: 60, left: 1, err: "InvalidVpcID.NotFound" });
  });
});
