/**
 * The ports of flow log delivery, filled by the services that own the state: EC2's VpcDirectory
 * becomes a VpcView (security groups in the EC2 API's IpPermission form, network ACLs and route tables
 * in its NetworkAcl and RouteTable forms), STS gives AssumeRole.
 */
import type { NetworkAclEntry } from "../../network/network-acls.js";
import type { IpPermission, SecurityGroup } from "../../network/security-group-rules.js";
import type { NetworkAclRule, SecurityRule, VpcDirectory } from "../ec2/index.js";
import type { StsService } from "../sts/index.js";
import type { ServiceRoleAssumer, VpcView } from "./ports.js";

function permission(rule: SecurityRule): IpPermission {
  const out: { -readonly [K in keyof IpPermission]: IpPermission[K] } = { IpProtocol: rule.protocol };
  if (rule.fromPort !== undefined) out.FromPort = rule.fromPort;
  if (rule.toPort !== undefined) out.ToPort = rule.toPort;
  if (rule.cidrIpv4 !== undefined) out.IpRanges = [{ CidrIp: rule.cidrIpv4 }];
  if (rule.cidrIpv6 !== undefined) out.Ipv6Ranges = [{ CidrIpv6: rule.cidrIpv6 }];
  if (rule.groupId !== undefined) out.UserIdGroupPairs = [{ GroupId: rule.groupId }];
  if (rule.prefixListId !== undefined) out.PrefixListIds = [{ PrefixListId: rule.prefixListId }];
  return out;
}

function aclEntry(rule: NetworkAclRule): NetworkAclEntry {
  const out: { -readonly [K in keyof NetworkAclEntry]: NetworkAclEntry[K] } = {
    RuleNumber: rule.ruleNumber,
    Protocol: rule.protocol,
    RuleAction: rule.ruleAction,
    Egress: rule.egress,
  };
  if (rule.cidrBlock !== undefined) out.CidrBlock = rule.cidrBlock;
  if (rule.ipv6CidrBlock !== undefined) out.Ipv6CidrBlock = rule.ipv6CidrBlock;
  if (rule.portRange !== undefined) out.PortRange = { From: rule.portRange.from, To: rule.portRange.to };
  if (rule.icmpTypeCode !== undefined) out.IcmpTypeCode = { Type: rule.icmpTypeCode.type, Code: rule.icmpTypeCode.code };
  return out;
}

export function vpcViewOf(directory: VpcDirectory): VpcView {
  return {
    interfaces: () =>
      directory.allInterfaces().map((i) => ({
        account: i.account,
        region: i.region,
        interfaceId: i.interfaceId,
        vpcId: i.vpcId,
        subnetId: i.subnetId,
        instanceId: i.instanceId ?? null,
        azId: i.azId,
        privateIp: i.privateIp,
        publicIp: i.publicIp ?? null,
        securityGroupIds: i.securityGroupIds,
        running: i.state === "running",
      })),
    flowLogsCovering: (account, region, interfaceId) =>
      directory.flowLogsCovering(account, region, interfaceId).map(({ s3, ...f }) => ({
        ...f,
        account,
        region,
        ...(s3 === undefined
          ? {}
          : {
              s3: {
                destination: { bucket: s3.bucket, prefix: s3.prefix },
                options: { fileFormat: s3.fileFormat, hiveCompatiblePartitions: s3.hiveCompatiblePartitions, perHourPartition: s3.perHourPartition },
              },
            }),
      })),
    securityGroups: (account, region, groupIds) =>
      groupIds.flatMap((id): SecurityGroup[] => {
        const group = directory.securityGroup(account, region, id);
        return group === undefined
          ? []
          : [{ GroupId: group.groupId, IpPermissions: group.ingress.map(permission), IpPermissionsEgress: group.egress.map(permission) }];
      }),
    subnetRouting: (account, region, subnetId) => {
      const routing = directory.subnetRouting(account, region, subnetId);
      if (routing === undefined) return undefined;
      return {
        networkAcl: { NetworkAclId: routing.networkAclId, Entries: routing.networkAclRules.map(aclEntry) },
        routeTable: {
          RouteTableId: routing.routeTableId,
          Routes: routing.routes.map((r) => ({
            ...(r.destinationCidrBlock === undefined ? {} : { DestinationCidrBlock: r.destinationCidrBlock }),
            ...(r.destinationIpv6CidrBlock === undefined ? {} : { DestinationIpv6CidrBlock: r.destinationIpv6CidrBlock }),
            GatewayId: r.gatewayId,
            State: r.state,
          })),
        },
      };
    },
    setDeliveryStatus: (account, region, flowLogId, status, message) => {
      directory.setDeliveryStatus(account, region, flowLogId, status, message);
    },
    onChange: (listener) => {
      directory.onChange(() => listener());
    },
  };
}

export function roleAssumerOf(sts: StsService): ServiceRoleAssumer {
  return {
    assumeRoleAsService(roleArn, servicePrincipal, context) {
      const result = sts.assumeRoleAsService(roleArn, servicePrincipal, context);
      return result.ok ? { ok: true, principal: result.principal } : { ok: false, reason: result.message };
    },
  };
}
