/**
 * The resource ARNs each operation acts on, as the service authorization reference for Amazon EC2
 * gives them, for IAM authorization; Describe calls act on `*`. Read from the decoded input (the API's
 * member names: `InstanceIds`, `Resources`), which the pipeline authorizes on.
 */
import type { RequestContext } from "../service.js";
import { kindOfId } from "./ids.js";
import { arnPrefix } from "../partitions.js";

type Params = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : typeof v === "string" ? [v] : []);

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

export function ec2ResourcesFor(operation: string, input: unknown, ctx: RequestContext): readonly string[] {
  const p = (input ?? {}) as Params;
  const arn = (type: string, id: string) => `${arnPrefix(ctx.region)}ec2:${ctx.region}:${ctx.account}:${type}/${id}`;
  const of = (type: string, id: string | undefined) => (id === undefined ? [] : [arn(type, id)]);
  const byId = (id: string) => {
    const kind = kindOfId(id);
    const type = kind === undefined ? undefined : ARN_TYPE[kind];
    return type === undefined ? arn("*", id) : arn(type, id);
  };
  switch (operation) {
    case "CreateVpc":
      return [arn("vpc", "*")];
    case "DeleteVpc":
      return of("vpc", str(p.VpcId));
    case "CreateSubnet":
      return [arn("subnet", "*"), ...of("vpc", str(p.VpcId))];
    case "DeleteSubnet":
    case "ModifySubnetAttribute":
      return of("subnet", str(p.SubnetId));
    case "CreateInternetGateway":
      return [arn("internet-gateway", "*")];
    case "AttachInternetGateway":
    case "DetachInternetGateway":
      return [...of("internet-gateway", str(p.InternetGatewayId)), ...of("vpc", str(p.VpcId))];
    case "DeleteInternetGateway":
      return of("internet-gateway", str(p.InternetGatewayId));
    case "CreateSecurityGroup":
      return [arn("security-group", "*"), ...of("vpc", str(p.VpcId))];
    case "AuthorizeSecurityGroupIngress":
    case "AuthorizeSecurityGroupEgress":
    case "RevokeSecurityGroupIngress":
    case "RevokeSecurityGroupEgress":
    case "DeleteSecurityGroup": {
      const id = str(p.GroupId);
      return id === undefined ? ["*"] : [arn("security-group", id)];
    }
    case "RunInstances": {
      const image = str(p.ImageId);
      return [
        arn("instance", "*"),
        arn("network-interface", "*"),
        ...(image === undefined ? [] : [`${arnPrefix(ctx.region)}ec2:${ctx.region}::image/${image}`]),
        ...of("subnet", str(p.SubnetId)),
        ...list(p.SecurityGroupIds).map((id) => arn("security-group", id)),
      ];
    }
    case "StartInstances":
    case "StopInstances":
    case "TerminateInstances":
      return list(p.InstanceIds).map((id) => arn("instance", id));
    case "CreateTags":
    case "DeleteTags":
      return list(p.Resources).map(byId);
    case "CreateFlowLogs": {
      const type = str(p.ResourceType);
      const resourceType = type === "VPC" ? "vpc" : type === "Subnet" ? "subnet" : type === "NetworkInterface" ? "network-interface" : undefined;
      return [arn("vpc-flow-log", "*"), ...(resourceType === undefined ? [] : list(p.ResourceIds).map((id) => arn(resourceType, id)))];
    }
    case "CreateNetworkAcl":
      return [arn("network-acl", "*"), ...of("vpc", str(p.VpcId))];
    case "DeleteNetworkAcl":
    case "CreateNetworkAclEntry":
    case "ReplaceNetworkAclEntry":
    case "DeleteNetworkAclEntry":
    case "ReplaceNetworkAclAssociation":
      return of("network-acl", str(p.NetworkAclId));
    case "CreateRouteTable":
      return [arn("route-table", "*"), ...of("vpc", str(p.VpcId))];
    case "DeleteRouteTable":
    case "CreateRoute":
    case "ReplaceRoute":
    case "DeleteRoute":
    case "ReplaceRouteTableAssociation":
      return of("route-table", str(p.RouteTableId));
    case "AssociateRouteTable":
      return [...of("route-table", str(p.RouteTableId)), ...of("subnet", str(p.SubnetId))];
    case "DeleteFlowLogs":
      return list(p.FlowLogIds).map((id) => arn("vpc-flow-log", id));
    default:
      return ["*"];
  }
}

