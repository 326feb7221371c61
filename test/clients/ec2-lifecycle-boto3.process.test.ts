/** The EC2 surface beyond the tutorial, through boto3: lifecycles, rules, tags, and AWS's error codes. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { boto3 } from "../support/aws-cli.js";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud();

test("EC2 lifecycles through boto3", async () => {
  const run = await boto3(
    env.endpoint,
    `
import boto3, json, os
from botocore.exceptions import ClientError
ec2 = boto3.client("ec2", endpoint_url=os.environ["ENDPOINT"])
out = {}
def code(call, **kw):
    try:
        call(**kw)
        return None
    except ClientError as e:
        return e.response["Error"]["Code"]

out["regions"] = "us-east-1" in [r["RegionName"] for r in ec2.describe_regions()["Regions"]]
out["zones"] = sorted(z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"])[:2]
vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.1.0/24")["Subnet"]["SubnetId"]
out["subnets"] = [s["CidrBlock"] for s in ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]]
igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
out["igw_attached"] = ec2.describe_internet_gateways(InternetGatewayIds=[igw])["InternetGateways"][0]["Attachments"][0]["VpcId"] == vpc
sg = ec2.create_security_group(GroupName="app", Description="app", VpcId=vpc)["GroupId"]
ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "IpRanges": [{"CidrIp": "10.9.0.0/16"}]}])
out["duplicate_rule"] = code(ec2.authorize_security_group_ingress, GroupId=sg, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "IpRanges": [{"CidrIp": "10.9.0.0/16"}]}])
ec2.authorize_security_group_egress(GroupId=sg, IpPermissions=[{"IpProtocol": "udp", "FromPort": 53, "ToPort": 53, "IpRanges": [{"CidrIp": "10.9.0.2/32"}]}])
rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [sg]}])["SecurityGroupRules"]
out["rule_count"] = len(rules)
ec2.revoke_security_group_ingress(GroupId=sg, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "IpRanges": [{"CidrIp": "10.9.0.0/16"}]}])
ec2.revoke_security_group_egress(GroupId=sg, IpPermissions=[{"IpProtocol": "udp", "FromPort": 53, "ToPort": 53, "IpRanges": [{"CidrIp": "10.9.0.2/32"}]}])
group = ec2.describe_security_groups(GroupIds=[sg])["SecurityGroups"][0]
out["ingress_after_revoke"] = len(group["IpPermissions"])
inst = ec2.run_instances(ImageId="ami-0abcdef1234567890", MinCount=1, MaxCount=1, SubnetId=subnet, SecurityGroupIds=[sg])["Instances"][0]["InstanceId"]
ec2.create_tags(Resources=[inst], Tags=[{"Key": "Name", "Value": "db"}, {"Key": "tier", "Value": "data"}])
ec2.delete_tags(Resources=[inst], Tags=[{"Key": "tier"}])
out["tags"] = [(t["Key"], t["Value"]) for t in ec2.describe_tags(Filters=[{"Name": "resource-id", "Values": [inst]}])["Tags"]]
out["stop"] = ec2.stop_instances(InstanceIds=[inst])["StoppingInstances"][0]["CurrentState"]["Name"]
out["start"] = ec2.start_instances(InstanceIds=[inst])["StartingInstances"][0]["CurrentState"]["Name"]
out["sg_in_use"] = code(ec2.delete_security_group, GroupId=sg)
out["terminate"] = ec2.terminate_instances(InstanceIds=[inst])["TerminatingInstances"][0]["CurrentState"]["Name"]
out["missing_instance"] = code(ec2.terminate_instances, InstanceIds=["i-0123456789abcdef0"])
ec2.delete_security_group(GroupId=sg)
out["vpc_in_use"] = code(ec2.delete_vpc, VpcId=vpc)
ec2.detach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
ec2.delete_internet_gateway(InternetGatewayId=igw)
ec2.delete_subnet(SubnetId=subnet)
ec2.delete_vpc(VpcId=vpc)
out["missing_vpc"] = code(ec2.describe_vpcs, VpcIds=[vpc])
print(json.dumps(out))
`,
  );
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(run.json, {
    regions: true,
    zones: ["us-east-1a", "us-east-1b"],
    subnets: ["10.9.1.0/24"],
    igw_attached: true,
    duplicate_rule: "InvalidPermission.Duplicate",
    rule_count: 3,
    ingress_after_revoke: 0,
    tags: [["Name", "db"]],
    stop: "stopping",
    start: "pending",
    sg_in_use: "DependencyViolation",
    terminate: "shutting-down",
    missing_instance: "InvalidInstanceID.NotFound",
    vpc_in_use: "DependencyViolation",
    missing_vpc: "InvalidVpcID.NotFound",
  });
});
