/**
 * The resource ARNs each operation acts on, as the service authorization reference for Amazon EC2
 * gives them, for IAM authorization; Describe calls act on `*`. Read from the decoded input (the API's
 * member names: `InstanceIds`, `Resources`), which the pipeline authorizes on.
 */
import { type RequestContext, type ResourceReaders, resourcesFrom } from "../service.js";
import type { Ec2Operations } from "../validation/ec2-types.js";
import { kindOfId } from "./ids.js";
import { arnPrefix } from "../partitions.js";

/** ARN resource types by kind, where they differ from the id kind's name. */
const ARN_TYPE: Record<string, string> = {
  vpc: "vpc",
  subnet: "subnet",
  "internet-gateway": "internet-gateway",
  "security-group": "security-group",
  instance: "instance",
  "network-interface": "network-interface",
  "vpc-flow-log": "vpc-flow-log",
  "network-acl": "network-acl",
  "route-table": "route-table",
};

const arn = (ctx: RequestContext, type: string, id: string) => `${arnPrefix(ctx.region)}ec2:${ctx.region}:${ctx.account}:${type}/${id}`;
/** The ARN of a named resource; none when the id is absent or empty (the operation then refuses it). */
const of = (ctx: RequestContext, type: string, id: string | undefined) => (id === undefined || id === "" ? [] : [arn(ctx, type, id)]);
const byId = (ctx: RequestContext, id: string) => {
  const kind = kindOfId(id);
  const type = kind === undefined ? undefined : ARN_TYPE[kind];
  return arn(ctx, type ?? "*", id);
};
/** A security group call names its group by id, or by name (then it acts on `*`). */
const group = (input: { GroupId?: string }, ctx: RequestContext) =>
  input.GroupId === undefined || input.GroupId === "" ? ["*"] : [arn(ctx, "security-group", input.GroupId)];
const networkAcl = (input: { NetworkAclId: string }, ctx: RequestContext) => of(ctx, "network-acl", input.NetworkAclId);
const routeTable = (input: { RouteTableId: string }, ctx: RequestContext) => of(ctx, "route-table", input.RouteTableId);
const instances = (input: { InstanceIds: string[] }, ctx: RequestContext) => input.InstanceIds.map((id) => arn(ctx, "instance", id));
const gatewayAndVpc = (input: { InternetGatewayId: string; VpcId: string }, ctx: RequestContext) => [
  ...of(ctx, "internet-gateway", input.InternetGatewayId),
  ...of(ctx, "vpc", input.VpcId),
];
const FLOW_LOG_RESOURCE: Readonly<Record<string, string>> = { VPC: "vpc", Subnet: "subnet", NetworkInterface: "network-interface" };

/** Per operation, from its typed input; an operation not listed (the Describe calls) acts on `*`. */
const READERS: ResourceReaders<Ec2Operations> = {
  CreateVpc: (_input, ctx) => [arn(ctx, "vpc", "*")],
  DeleteVpc: (input, ctx) => of(ctx, "vpc", input.VpcId),
  CreateSubnet: (input, ctx) => [arn(ctx, "subnet", "*"), ...of(ctx, "vpc", input.VpcId)],
  DeleteSubnet: (input, ctx) => of(ctx, "subnet", input.SubnetId),
  ModifySubnetAttribute: (input, ctx) => of(ctx, "subnet", input.SubnetId),
  CreateInternetGateway: (_input, ctx) => [arn(ctx, "internet-gateway", "*")],
  AttachInternetGateway: gatewayAndVpc,
  DetachInternetGateway: gatewayAndVpc,
  DeleteInternetGateway: (input, ctx) => of(ctx, "internet-gateway", input.InternetGatewayId),
  CreateSecurityGroup: (input, ctx) => [arn(ctx, "security-group", "*"), ...of(ctx, "vpc", input.VpcId)],
  AuthorizeSecurityGroupIngress: group,
  AuthorizeSecurityGroupEgress: group,
  RevokeSecurityGroupIngress: group,
  RevokeSecurityGroupEgress: group,
  DeleteSecurityGroup: group,
  RunInstances: (input, ctx) => [
    arn(ctx, "instance", "*"),
    arn(ctx, "network-interface", "*"),
    ...(input.ImageId === undefined || input.ImageId === "" ? [] : [`${arnPrefix(ctx.region)}ec2:${ctx.region}::image/${input.ImageId}`]),
    ...of(ctx, "subnet", input.SubnetId),
    ...(input.SecurityGroupIds ?? []).map((id) => arn(ctx, "security-group", id)),
  ],
  StartInstances: instances,
  StopInstances: instances,
  TerminateInstances: instances,
  CreateTags: (input, ctx) => input.Resources.map((id) => byId(ctx, id)),
  DeleteTags: (input, ctx) => input.Resources.map((id) => byId(ctx, id)),
  CreateFlowLogs: (input, ctx) => {
    const type = Object.hasOwn(FLOW_LOG_RESOURCE, input.ResourceType) ? FLOW_LOG_RESOURCE[input.ResourceType] : undefined;
    return [arn(ctx, "vpc-flow-log", "*"), ...(type === undefined ? [] : input.ResourceIds.map((id) => arn(ctx, type, id)))];
  },
  DeleteFlowLogs: (input, ctx) => input.FlowLogIds.map((id) => arn(ctx, "vpc-flow-log", id)),
  CreateNetworkAcl: (input, ctx) => [arn(ctx, "network-acl", "*"), ...of(ctx, "vpc", input.VpcId)],
  DeleteNetworkAcl: networkAcl,
  CreateNetworkAclEntry: networkAcl,
  ReplaceNetworkAclEntry: networkAcl,
  DeleteNetworkAclEntry: networkAcl,
  ReplaceNetworkAclAssociation: networkAcl,
  CreateRouteTable: (input, ctx) => [arn(ctx, "route-table", "*"), ...of(ctx, "vpc", input.VpcId)],
  DeleteRouteTable: routeTable,
  CreateRoute: routeTable,
  ReplaceRoute: routeTable,
  DeleteRoute: routeTable,
  ReplaceRouteTableAssociation: routeTable,
  AssociateRouteTable: (input, ctx) => [...of(ctx, "route-table", input.RouteTableId), ...of(ctx, "subnet", input.SubnetId)],
};

export const ec2ResourcesFor = resourcesFrom<Ec2Operations>(READERS);
