/**
 * EC2's rows of the authorization table (Service Authorization Reference, Amazon EC2): what each
 * served operation acts on, as arn.ts builds it; Describe calls act on `*`.
 */
import { type AuthorizationTable, row, tagConditions, withTagConditions } from "../authorization-table.js";

const EC2 = "arn:${Partition}:ec2:${Region}:${Account}:";
const VPC = `${EC2}vpc/\${VpcId}`;
const SUBNET = `${EC2}subnet/\${SubnetId}`;
const IGW = `${EC2}internet-gateway/\${InternetGatewayId}`;
const SG = `${EC2}security-group/\${SecurityGroupId}`;
const INSTANCE = `${EC2}instance/\${InstanceId}`;
const ENI = `${EC2}network-interface/\${NetworkInterfaceId}`;
const IMAGE = "arn:${Partition}:ec2:${Region}::image/${ImageId}";
const FLOW_LOG = `${EC2}vpc-flow-log/\${VpcFlowLogId}`;
const ACL = `${EC2}network-acl/\${NaclId}`;
const RTB = `${EC2}route-table/\${RouteTableId}`;

const on = (resources: readonly string[], ...names: string[]) => names.map((n) => [n, row(`ec2:${n}`, resources)] as const);

const UNTAGGED: AuthorizationTable = Object.fromEntries([
  ...on(["*"], "DescribeVpcs", "DescribeSubnets", "DescribeInternetGateways", "DescribeAvailabilityZones", "DescribeRegions"),
  ...on(["*"], "DescribeSecurityGroups", "DescribeSecurityGroupRules", "DescribeInstances", "DescribeNetworkInterfaces", "DescribeTags", "DescribeFlowLogs"),
  ...on(["*"], "DescribeNetworkAcls", "DescribeRouteTables"),
  ...on([ACL, VPC], "CreateNetworkAcl"),
  ...on([ACL], "DeleteNetworkAcl", "CreateNetworkAclEntry", "ReplaceNetworkAclEntry", "DeleteNetworkAclEntry", "ReplaceNetworkAclAssociation"),
  ...on([RTB, VPC], "CreateRouteTable"),
  ...on([RTB], "DeleteRouteTable", "CreateRoute", "ReplaceRoute", "DeleteRoute", "ReplaceRouteTableAssociation"),
  ...on([RTB, SUBNET], "AssociateRouteTable"),
  // The association id names neither the table nor the subnet: the call is authorized on `*`.
  ...on(["*"], "DisassociateRouteTable"),
  ...on([VPC], "CreateVpc", "DeleteVpc"),
  ...on([SUBNET, VPC], "CreateSubnet"),
  ...on([SUBNET], "DeleteSubnet", "ModifySubnetAttribute"),
  ...on([IGW], "CreateInternetGateway", "DeleteInternetGateway"),
  ...on([IGW, VPC], "AttachInternetGateway", "DetachInternetGateway"),
  ...on([SG, VPC], "CreateSecurityGroup"),
  ...on(
    [SG],
    "AuthorizeSecurityGroupIngress",
    "AuthorizeSecurityGroupEgress",
    "RevokeSecurityGroupIngress",
    "RevokeSecurityGroupEgress",
    "DeleteSecurityGroup",
  ),
  // The reference also lists volume, key-pair and others; the local cloud's instances have none of them.
  ...on([INSTANCE, ENI, IMAGE, SUBNET, SG], "RunInstances"),
  ...on([INSTANCE], "StartInstances", "StopInstances", "TerminateInstances"),
  ...on([VPC, SUBNET, IGW, SG, INSTANCE, ENI, FLOW_LOG, ACL, RTB], "CreateTags", "DeleteTags"),
  ...on([FLOW_LOG, VPC, SUBNET, ENI], "CreateFlowLogs"),
  ...on([FLOW_LOG], "DeleteFlowLogs"),
]);

/** DeleteTags names keys (and maybe values) to remove: aws:TagKeys only. */
const removedKeys = (tags: unknown) =>
  Array.isArray(tags) ? tags.map((t: unknown) => (typeof t === "object" && t !== null && "Key" in t ? t.Key : undefined)) : undefined;

export const EC2_AUTHORIZATION: AuthorizationTable = withTagConditions(UNTAGGED, {
  CreateTags: (i) => tagConditions(i.Tags),
  DeleteTags: (i) => tagConditions(undefined, removedKeys(i.Tags)),
});
