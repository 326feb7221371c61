/** Subnets: CreateSubnet, DescribeSubnets, DeleteSubnet, ModifySubnetAttribute (MapPublicIpOnLaunch). */
import type { RequestContext } from "../service.js";
import type {
  CreateSubnetRequest,
  CreateSubnetResult,
  DeleteSubnetRequest,
  DescribeSubnetsRequest,
  DescribeSubnetsResult,
  ModifySubnetAttributeRequest,
  Subnet,
} from "../validation/ec2-types.js";
import { availableAddressCount, cidrContains, cidrsOverlap, formatCidr, parseCidr } from "./addresses.js";
import type { Ec2Context } from "./context.js";
import { associateWithDefaultAcl, dropAclAssociation } from "./default-network-acl.js";
import {
  invalidAvailabilityZone,
  invalidCidr,
  invalidParameterCombination,
  missingParameter,
  subnetConflict,
  subnetDependencies,
  subnetNotFound,
  subnetRange,
} from "./errors.js";
import { applyFilters } from "./filters.js";
import { checkId, newId } from "./ids.js";
import { dropRouteTableAssociation } from "./main-route-table.js";
import { page } from "./pagination.js";
import type { SubnetRecord } from "./records.js";
import { findZone, zonesOf } from "./regions.js";
import type { Scope } from "./resource-store.js";
import { modelTags, tagsFromSpecifications } from "./tags.js";
import { requireVpc } from "./vpcs.js";
import { arnPrefix } from "../partitions.js";

export function requireSubnet(ec2: Ec2Context, scope: Scope, id: string): SubnetRecord {
  checkId("subnet", id);
  const subnet = ec2.store.get(scope, "subnet", id);
  if (subnet === undefined) throw subnetNotFound(id);
  return subnet;
}

export function subnetOperations(ec2: Ec2Context) {
  const { store } = ec2;

  /** Addresses in use in a subnet: its network interfaces' private addresses. */
  const usedIn = (scope: Scope, subnetId: string) => store.list(scope, "network-interface").filter((n) => n.subnetId === subnetId).length;

  function subnetOutput(s: SubnetRecord, ctx: RequestContext): Subnet {
    const cidr = parseCidr(s.cidr);
    return {
      SubnetId: s.id,
      SubnetArn: `${arnPrefix(ctx.region)}ec2:${ctx.region}:${ctx.account}:subnet/${s.id}`,
      State: "available",
      VpcId: s.vpcId,
      CidrBlock: s.cidr,
      Ipv6CidrBlockAssociationSet: [],
      AvailableIpAddressCount: cidr === undefined ? 0 : availableAddressCount(cidr, usedIn(ctx, s.id)),
      AvailabilityZone: s.az,
      AvailabilityZoneId: s.azId,
      DefaultForAz: s.defaultForAz,
      MapPublicIpOnLaunch: s.mapPublicIpOnLaunch,
      MapCustomerOwnedIpOnLaunch: false,
      AssignIpv6AddressOnCreation: false,
      Ipv6Native: false,
      OwnerId: ctx.account,
      EnableDns64: false,
      PrivateDnsNameOptionsOnLaunch: { HostnameType: "ip-name", EnableResourceNameDnsARecord: false, EnableResourceNameDnsAAAARecord: false },
      Tags: modelTags(s.tags),
    };
  }

  /**
   * CreateSubnet. The block must lie within the VPC's (InvalidSubnet.Range), be /16 to /28, and not
   * overlap another subnet (InvalidSubnet.Conflict). Without a zone, AWS picks one; flowwatch takes
   * the zone with fewest subnets of the VPC, the first on a tie.
   */
  function createSubnet(input: CreateSubnetRequest, ctx: RequestContext): CreateSubnetResult {
    ec2.ensureDefaults(ctx);
    if (input.CidrBlock === undefined) throw missingParameter("CidrBlock");
    const vpc = requireVpc(ec2, ctx, input.VpcId);
    const cidr = parseCidr(input.CidrBlock);
    if (cidr === undefined) throw invalidCidr(input.CidrBlock);
    const vpcCidr = parseCidr(vpc.cidr);
    if (vpcCidr === undefined || !cidrContains(vpcCidr, cidr) || cidr.prefix < 16 || cidr.prefix > 28) throw subnetRange(input.CidrBlock);
    const siblings = store.list(ctx, "subnet").filter((s) => s.vpcId === vpc.id);
    for (const s of siblings) {
      const other = parseCidr(s.cidr);
      if (other !== undefined && cidrsOverlap(other, cidr)) throw subnetConflict(input.CidrBlock);
    }
    const zones = zonesOf(ctx.region);
    let zone = zones[0];
    if (input.AvailabilityZone !== undefined && input.AvailabilityZoneId !== undefined) {
      throw invalidParameterCombination("Only one of AvailabilityZone or AvailabilityZoneId may be specified.");
    }
    const asked = input.AvailabilityZone ?? input.AvailabilityZoneId;
    if (asked !== undefined) {
      zone = findZone(ctx.region, asked);
      if (zone === undefined)
        throw invalidAvailabilityZone(
          asked,
          zones.map((z) => z.name),
        );
    } else {
      const count = (name: string) => siblings.filter((s) => s.az === name).length;
      zone = [...zones].sort((a, b) => count(a.name) - count(b.name))[0];
    }
    if (zone === undefined) throw invalidAvailabilityZone(asked ?? "", []);
    const subnet: SubnetRecord = {
      id: newId("subnet"),
      vpcId: vpc.id,
      cidr: formatCidr(cidr),
      az: zone.name,
      azId: zone.id,
      mapPublicIpOnLaunch: false,
      defaultForAz: false,
      tags: tagsFromSpecifications(input.TagSpecifications, "subnet"),
    };
    store.insert(ctx, "subnet", subnet);
    associateWithDefaultAcl(store, ctx, vpc.id, subnet.id);
    return { Subnet: subnetOutput(subnet, ctx) };
  }

  function describeSubnets(input: DescribeSubnetsRequest, ctx: RequestContext): DescribeSubnetsResult {
    ec2.ensureDefaults(ctx);
    let subnets = store.list(ctx, "subnet");
    if (input.SubnetIds !== undefined && input.SubnetIds.length > 0) {
      for (const id of input.SubnetIds) requireSubnet(ec2, ctx, id);
      subnets = subnets.filter((s) => input.SubnetIds?.includes(s.id));
    }
    const filtered = applyFilters(subnets, input.Filters, {
      "availability-zone": (s) => s.az,
      "availability-zone-id": (s) => s.azId,
      availableIpAddressCount: (s) => subnetOutput(s, ctx).AvailableIpAddressCount,
      "available-ip-address-count": (s) => subnetOutput(s, ctx).AvailableIpAddressCount,
      "cidr-block": (s) => s.cidr,
      cidr: (s) => s.cidr,
      cidrBlock: (s) => s.cidr,
      "default-for-az": (s) => s.defaultForAz,
      defaultForAz: (s) => s.defaultForAz,
      "map-public-ip-on-launch": (s) => s.mapPublicIpOnLaunch,
      "owner-id": () => ctx.account,
      state: () => "available",
      "subnet-arn": (s) => `${arnPrefix(ctx.region)}ec2:${ctx.region}:${ctx.account}:subnet/${s.id}`,
      "subnet-id": (s) => s.id,
      "vpc-id": (s) => s.vpcId,
    });
    const { items, nextToken } = page(filtered, input);
    return { Subnets: items.map((s) => subnetOutput(s, ctx)), NextToken: nextToken };
  }

  /** DeleteSubnet. A network interface in it (an instance, running or stopped) is a dependency; its network ACL and route table associations go with it. */
  function deleteSubnet(input: DeleteSubnetRequest, ctx: RequestContext) {
    const subnet = requireSubnet(ec2, ctx, input.SubnetId);
    if (usedIn(ctx, subnet.id) > 0) throw subnetDependencies(subnet.id);
    for (const f of store.list(ctx, "vpc-flow-log")) {
      if (f.resourceId === subnet.id) {
        store.delete(ctx, f.id);
        ec2.changes.queue({ type: "flow-log", account: ctx.account, region: ctx.region, flowLogId: f.id, change: "deleted" });
      }
    }
    dropAclAssociation(store, ctx, subnet.id);
    dropRouteTableAssociation(store, ctx, subnet.id);
    store.delete(ctx, subnet.id);
  }

  /** ModifySubnetAttribute: MapPublicIpOnLaunch; other attributes flowwatch does not simulate are refused. */
  function modifySubnetAttribute(input: ModifySubnetAttributeRequest, ctx: RequestContext) {
    const subnet = requireSubnet(ec2, ctx, input.SubnetId);
    const others = Object.keys(input).filter((k) => k !== "SubnetId" && k !== "MapPublicIpOnLaunch" && k !== "DryRun");
    if (others.length > 0) {
      throw invalidParameterCombination(`flowwatch simulates only MapPublicIpOnLaunch; ${others.join(", ")} is refused rather than ignored.`);
    }
    if (input.MapPublicIpOnLaunch === undefined) throw missingParameter("MapPublicIpOnLaunch");
    subnet.mapPublicIpOnLaunch = input.MapPublicIpOnLaunch.Value === true;
    store.update(ctx, "subnet", subnet);
  }

  return { createSubnet, describeSubnets, deleteSubnet, modifySubnetAttribute };
}
