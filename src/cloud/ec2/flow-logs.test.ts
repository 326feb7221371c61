import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AwsError } from "../protocol/aws-error.js";
import { newEc2 } from "../../../test/support/ec2-harness.js";

const ROLE = "arn:aws:iam::000000000000:role/my-flowlog-role";
/** The tutorial's step 5, in wire form. */
const step5 = (vpcId: string, extra: Record<string, unknown> = {}) => ({
  ResourceType: "VPC",
  ResourceId: [vpcId],
  TrafficType: "ALL",
  LogGroupName: "MyVpc22-Log",
  DeliverLogsPermissionArn: ROLE,
  ...extra,
});

describe("flow logs", () => {
  it("creates the tutorial's flow log and describes it ACTIVE with the default format", () => {
    const t = newEc2();
    const { vpcId } = t.network();
    const out = t.call(
      "CreateFlowLogs",
      step5(vpcId, { ClientToken: "tok", TagSpecification: [{ ResourceType: "vpc-flow-log", Tag: [{ Key: "Name", Value: "my-flowlog" }] }] }),
    );
    assert.equal(out.ClientToken, "tok");
    assert.deepEqual(out.Unsuccessful, []);
    const [id] = out.FlowLogIds;
    assert.match(id, /^fl-[0-9a-f]{17}$/);
    const [f] = t.call("DescribeFlowLogs", {}).FlowLogs;
    assert.deepEqual(f, {
      CreationTime: new Date(t.clock.now()),
      DeliverLogsErrorMessage: undefined,
      DeliverLogsPermissionArn: ROLE,
      DeliverCrossAccountRole: undefined,
      DeliverLogsStatus: "SUCCESS",
      FlowLogId: id,
      FlowLogStatus: "ACTIVE",
      LogGroupName: "MyVpc22-Log",
      ResourceId: vpcId,
      TrafficType: "ALL",
      LogDestinationType: "cloud-watch-logs",
      LogDestination: "arn:aws:logs:us-east-1:000000000000:log-group:MyVpc22-Log",
      LogFormat:
        "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}",
      Tags: [{ Key: "Name", Value: "my-flowlog" }],
      MaxAggregationInterval: 600,
    });
  });

  it("answers the recorded InvalidParameter messages, in the recorded order", () => {
    const t = newEc2();
    const { vpcId } = t.network();
    const base = { ResourceType: "VPC", ResourceId: [vpcId], TrafficType: "ALL" };
    t.fails(
      "CreateFlowLogs",
      { ...base, LogGroupName: "g", LogDestination: "arn:aws:s3:::b", LogDestinationType: "s3" },
      "InvalidParameter",
      "Please only provide LogGroupName or only provide LogDestination.",
    );
    t.fails("CreateFlowLogs", { ...base, LogDestinationType: "s3" }, "InvalidParameter", "LogDestination can't be empty if LogGroupName is not provided.");
    t.fails(
      "CreateFlowLogs",
      { ...base, LogGroupName: "g", LogDestinationType: "s3" },
      "InvalidParameter",
      "LogDestination type must be cloud-watch-logs if LogGroupName is provided.",
    );
    t.fails(
      "CreateFlowLogs",
      { ...base, LogGroupName: "g" },
      "InvalidParameter",
      "DeliverLogsPermissionArn can't be empty if LogDestinationType is cloud-watch-logs.",
    );
    t.fails(
      "CreateFlowLogs",
      { ...base, LogDestination: "arn:aws:firehose:us-east-1:000000000000:deliverystream/d", LogDestinationType: "kinesis-data-firehose" },
      "InvalidParameter",
      /CloudWatch Logs and S3 only/,
    );
    t.fails("CreateFlowLogs", step5(vpcId, { MaxAggregationInterval: "300" }), "InvalidParameter", "Invalid Flow Log Max Aggregation Interval");
    t.fails("CreateFlowLogs", { ResourceId: [vpcId], TrafficType: "ALL" }, "MissingParameter", "The request must contain the parameter ResourceType");
    t.fails("CreateFlowLogs", step5(vpcId, { TrafficType: "SOME" }), "InvalidParameterValue");
  });

  it("creates an S3 flow log with its DestinationOptions, and reports a missing bucket per resource as recorded", () => {
    const t = newEc2();
    const buckets = new Set(["my-bucket"]);
    t.service.useBuckets((name) => buckets.has(name));
    const { vpcId, subnetId } = t.network();
    const s3 = (resourceType: string, id: string, destination: string, extra: Record<string, unknown> = {}) => ({
      ResourceType: resourceType,
      ResourceId: [id],
      TrafficType: "ALL",
      LogDestinationType: "s3",
      LogDestination: destination,
      ...extra,
    });
    const plain = t.call("CreateFlowLogs", s3("VPC", vpcId, "arn:aws:s3:::my-bucket"));
    assert.deepEqual(plain.Unsuccessful, []);
    const parquet = t.call(
      "CreateFlowLogs",
      s3("Subnet", subnetId, "arn:aws:s3:::my-bucket/team/", {
        DestinationOptions: { FileFormat: "parquet", HiveCompatiblePartitions: "true", PerHourPartition: "true" },
        MaxAggregationInterval: "60",
      }),
    );
    const flowLogs = t.call("DescribeFlowLogs", { Filter: [{ Name: "log-destination-type", Value: ["s3"] }] }).FlowLogs;
    const byId = (id: string) => flowLogs.find((f: { FlowLogId: string }) => f.FlowLogId === id);
    const first = byId(plain.FlowLogIds[0]);
    assert.deepEqual(first.DestinationOptions, { FileFormat: "plain-text", HiveCompatiblePartitions: false, PerHourPartition: false });
    assert.equal(first.LogDestination, "arn:aws:s3:::my-bucket");
    assert.equal(first.LogGroupName, undefined);
    assert.equal(first.DeliverLogsPermissionArn, undefined);
    const second = byId(parquet.FlowLogIds[0]);
    assert.deepEqual(second.DestinationOptions, { FileFormat: "parquet", HiveCompatiblePartitions: true, PerHourPartition: true });
    assert.equal(second.MaxAggregationInterval, 60);
    const missing = t.call("CreateFlowLogs", s3("VPC", vpcId, "arn:aws:s3:::no-such-bucket"));
    assert.deepEqual(missing.FlowLogIds, []);
    assert.deepEqual(missing.Unsuccessful, [{ Error: { Code: "400", Message: "LogDestination: no-such-bucket does not exist" }, ResourceId: vpcId }]);
    const again = t.call("CreateFlowLogs", s3("VPC", vpcId, "arn:aws:s3:::my-bucket"));
    assert.equal(again.Unsuccessful[0].Error.Code, "FlowLogAlreadyExists");
  });

  it("carries an S3 flow log's bucket, folder and options to delivery through the directory", () => {
    const t = newEc2();
    t.service.useBuckets(() => true);
    const { vpcId, subnetId } = t.network();
    t.call("CreateFlowLogs", {
      ResourceType: "VPC",
      ResourceId: [vpcId],
      TrafficType: "ALL",
      LogDestinationType: "s3",
      LogDestination: "arn:aws:s3:::b/x//y/",
      DestinationOptions: { FileFormat: "parquet", HiveCompatiblePartitions: "true" },
    });
    const eni = t.call("RunInstances", { ImageId: "ami-12345678", MinCount: "1", MaxCount: "1", SubnetId: subnetId }).Instances[0].NetworkInterfaces[0]
      .NetworkInterfaceId;
    const [covering] = t.directory.flowLogsCovering("000000000000", "us-east-1", eni);
    assert.deepEqual(covering?.s3, { bucket: "b", prefix: "x/y", fileFormat: "parquet", hiveCompatiblePartitions: true, perHourPartition: false });
  });

  it("refuses S3 destinations AWS would refuse", () => {
    const t = newEc2();
    t.service.useBuckets(() => true);
    const { vpcId } = t.network();
    const base = { ResourceType: "VPC", ResourceId: [vpcId], TrafficType: "ALL", LogDestinationType: "s3" };
    t.fails(
      "CreateFlowLogs",
      { ...base, LogDestination: "arn:aws:s3:::b", DeliverLogsPermissionArn: ROLE },
      "InvalidParameter",
      "DeliverLogsPermissionArn is not applicable for s3 delivery",
    );
    t.fails("CreateFlowLogs", { ...base, LogDestination: "arn:aws:logs:us-east-1:000000000000:log-group:g" }, "InvalidParameter", /not a valid S3 bucket ARN/);
    t.fails("CreateFlowLogs", { ...base, LogDestination: "arn:aws-cn:s3:::b" }, "InvalidParameter", /not a valid S3 bucket ARN/);
    t.fails("CreateFlowLogs", { ...base, LogDestination: "arn:aws:s3:::b/AWSLogs/" }, "InvalidParameter", /AWSLogs is a reserved folder name/);
    t.fails(
      "CreateFlowLogs",
      { ...base, LogDestination: "arn:aws:s3:::b", DestinationOptions: { FileFormat: "csv" } },
      "InvalidParameterValue",
      "Value (csv) for parameter destinationOptions.fileFormat is invalid.",
    );
    t.fails(
      "CreateFlowLogs",
      step5(vpcId, { DestinationOptions: { FileFormat: "parquet" } }),
      "InvalidParameter",
      "DestinationOptions can only be provided if LogDestinationType is s3.",
    );
  });

  it("takes a custom format of any version and refuses one AWS would refuse", () => {
    const t = newEc2();
    const { vpcId } = t.network();
    const format = "${version} ${vpc-id} ${subnet-id} ${instance-id} ${flow-direction} ${traffic-path} ${ecs-cluster-name} ${reject-reason}";
    t.call("CreateFlowLogs", step5(vpcId, { LogFormat: format, MaxAggregationInterval: "60" }));
    const [f] = t.call("DescribeFlowLogs", {}).FlowLogs;
    assert.equal(f.LogFormat, format);
    assert.equal(f.MaxAggregationInterval, 60);
    const trailing = "${version} ${srcaddr} ";
    t.fails(
      "CreateFlowLogs",
      step5(vpcId, { TrafficType: "REJECT", LogFormat: trailing }),
      "InvalidParameter",
      `1 validation error detected: Value '${trailing}' at 'logFormat' has an invalid format`,
    );
    t.fails("CreateFlowLogs", step5(vpcId, { TrafficType: "REJECT", LogFormat: "${nope}" }), "InvalidParameter");
  });

  it("reports a missing resource and a duplicate per resource in unsuccessful", () => {
    const t = newEc2();
    const { vpcId } = t.network();
    t.call("CreateFlowLogs", step5(vpcId));
    const missing = "vpc-0123456789abcdef0";
    const out = t.call("CreateFlowLogs", step5(vpcId, { ResourceId: [vpcId, missing] }));
    assert.deepEqual(out.FlowLogIds, []);
    assert.deepEqual(out.Unsuccessful, [
      {
        Error: { Code: "FlowLogAlreadyExists", Message: "Error. There is an existing Flow Log with the same configuration and log destination." },
        ResourceId: vpcId,
      },
      { Error: { Code: "InvalidVpcID.NotFound", Message: `The vpc ID '${missing}' does not exist` }, ResourceId: missing },
    ]);
    // Another traffic type to the same group is another configuration.
    assert.equal(t.call("CreateFlowLogs", step5(vpcId, { TrafficType: "REJECT" })).FlowLogIds.length, 1);
    t.fails("CreateFlowLogs", step5(vpcId, { ResourceId: ["vpc-x"] }), "InvalidVpcID.Malformed");
  });

  it("takes a log group ARN as LogDestination, and flows logs on subnets and interfaces", () => {
    const t = newEc2();
    const { subnetId } = t.network();
    const eni = t.call("RunInstances", { ImageId: "ami-12345678", MinCount: "1", MaxCount: "1", SubnetId: subnetId }).Instances[0].NetworkInterfaces[0]
      .NetworkInterfaceId;
    t.call("CreateFlowLogs", {
      ResourceType: "Subnet",
      ResourceId: [subnetId],
      TrafficType: "ACCEPT",
      LogDestination: "arn:aws:logs:us-east-1:000000000000:log-group:subnet-logs:*",
      DeliverLogsPermissionArn: ROLE,
    });
    t.call("CreateFlowLogs", {
      ResourceType: "NetworkInterface",
      ResourceId: [eni],
      TrafficType: "REJECT",
      LogGroupName: "eni-logs",
      DeliverLogsPermissionArn: ROLE,
    });
    const groups = t
      .call("DescribeFlowLogs", { Filter: [{ Name: "resource-id", Value: [subnetId, eni] }] })
      .FlowLogs.map((f: { LogGroupName: string }) => f.LogGroupName);
    assert.deepEqual(groups, ["subnet-logs", "eni-logs"]);
    const covering = t.directory.flowLogsCovering("000000000000", "us-east-1", eni);
    assert.deepEqual(
      covering.map((c) => [c.trafficType, c.logGroupName]),
      [
        ["ACCEPT", "subnet-logs"],
        ["REJECT", "eni-logs"],
      ],
    );
    assert.match(covering[0]?.arn ?? "", /^arn:aws:ec2:us-east-1:000000000000:vpc-flow-log\/fl-/);
  });

  it("filters, pages and deletes; an unknown id fails the whole delete", () => {
    const t = newEc2();
    const { vpcId } = t.network();
    const ids = ["ALL", "ACCEPT", "REJECT"].map((traffic) => t.call("CreateFlowLogs", step5(vpcId, { TrafficType: traffic })).FlowLogIds[0]);
    assert.equal(t.call("DescribeFlowLogs", { Filter: [{ Name: "traffic-type", Value: ["REJECT", "ACCEPT"] }] }).FlowLogs.length, 2);
    assert.equal(t.call("DescribeFlowLogs", { FlowLogId: [ids[0]] }).FlowLogs.length, 1);
    const first = t.call("DescribeFlowLogs", { MaxResults: "2" });
    assert.equal(t.call("DescribeFlowLogs", { MaxResults: "2", NextToken: first.NextToken }).FlowLogs.length, 1);
    t.fails("DescribeFlowLogs", { Filter: [{ Name: "status", Value: ["ACTIVE"] }] }, "InvalidParameterValue", "The filter 'status' is invalid");
    const unknown = "fl-0123456789abcdef0";
    t.fails(
      "DeleteFlowLogs",
      { FlowLogId: [ids[0], unknown] },
      "InvalidFlowLogId.NotFound",
      `These flow log ids in the input list are not found: [TotalCount: 2] ${ids[0]} ${unknown}`,
    );
    assert.deepEqual(t.call("DeleteFlowLogs", { FlowLogId: [ids[0]] }), { Unsuccessful: [] });
    assert.equal(t.call("DescribeFlowLogs", {}).FlowLogs.length, 2);
  });

  it("needs iam:PassRole on the role before DryRun or creation", () => {
    const t = newEc2();
    const { vpcId } = t.network();
    const asked: string[] = [];
    const ctx = { ...t.ctx, authorize: (action: string, resource: string) => asked.push(`${action} ${resource}`) };
    t.fails("CreateFlowLogs", step5(vpcId, { DryRun: "true" }), "DryRunOperation", undefined, ctx);
    assert.deepEqual(asked, [`iam:PassRole ${ROLE}`]);
    const denied = {
      ...t.ctx,
      authorize: () => {
        throw new AwsError("UnauthorizedOperation", "You are not authorized to perform this operation.", 403);
      },
    };
    t.fails("CreateFlowLogs", step5(vpcId), "UnauthorizedOperation", undefined, denied);
    assert.equal(t.call("DescribeFlowLogs", {}).FlowLogs.length, 0);
  });

  it("lets delivery set DeliverLogsStatus FAILED with AWS's message, and back", () => {
    const t = newEc2();
    const { vpcId } = t.network();
    const [id] = t.call("CreateFlowLogs", step5(vpcId)).FlowLogIds;
    assert.equal(t.directory.setDeliveryStatus("000000000000", "us-east-1", id, "FAILED", "Access error"), true);
    const [failed] = t.call("DescribeFlowLogs", { Filter: [{ Name: "deliver-log-status", Value: ["FAILED"] }] }).FlowLogs;
    assert.equal(failed.DeliverLogsErrorMessage, "Access error");
    t.directory.setDeliveryStatus("000000000000", "us-east-1", id, "SUCCESS");
    const [ok] = t.call("DescribeFlowLogs", {}).FlowLogs;
    assert.deepEqual([ok.DeliverLogsStatus, ok.DeliverLogsErrorMessage], ["SUCCESS", undefined]);
    assert.equal(t.directory.setDeliveryStatus("000000000000", "us-east-1", "fl-0123456789abcdef0", "FAILED"), false);
  });
});

describe("resourcesFor", () => {
  // resourcesFor reads the decoded input, as the pipeline authorizes on it: the API's member names.
  it("names the ARNs AWS authorizes, * for Describe calls", () => {
    const t = newEc2();
    const rf = t.service.resourcesFor;
    assert.ok(rf);
    assert.deepEqual(rf("DescribeVpcs", {}, t.ctx), ["*"]);
    assert.deepEqual(rf("DeleteVpc", { VpcId: "vpc-0123456789abcdef0" }, t.ctx), ["arn:aws:ec2:us-east-1:000000000000:vpc/vpc-0123456789abcdef0"]);
    assert.deepEqual(rf("TerminateInstances", { InstanceIds: ["i-0123456789abcdef0"] }, t.ctx), [
      "arn:aws:ec2:us-east-1:000000000000:instance/i-0123456789abcdef0",
    ]);
    assert.deepEqual(rf("CreateFlowLogs", { ResourceType: "VPC", ResourceIds: ["vpc-0123456789abcdef0"] }, t.ctx), [
      "arn:aws:ec2:us-east-1:000000000000:vpc-flow-log/*",
      "arn:aws:ec2:us-east-1:000000000000:vpc/vpc-0123456789abcdef0",
    ]);
    assert.deepEqual(rf("DeleteFlowLogs", { FlowLogIds: ["fl-0123456789abcdef0"] }, t.ctx), [
      "arn:aws:ec2:us-east-1:000000000000:vpc-flow-log/fl-0123456789abcdef0",
    ]);
    assert.deepEqual(rf("CreateTags", { Resources: ["sg-0123456789abcdef0"] }, t.ctx), [
      "arn:aws:ec2:us-east-1:000000000000:security-group/sg-0123456789abcdef0",
    ]);
  });
});
