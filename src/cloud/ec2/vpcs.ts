/** VPCs: CreateVpc, DescribeVpcs, DeleteVpc, and the default VPC each account has in each Region. */
import type { RequestContext } from "../service.js";
import type { CreateVpcRequest, CreateVpcResult, DeleteVpcRequest, DescribeVpcsRequest, DescribeVpcsResult, Vpc } from "../validation/ec2-types.js";
import { formatCidr, parseCidr } from "./addresses.js";
import type { Ec2Context } from "./context.js";
import { newNetworkAcl } from "./default-network-acl.js";
import { defaultSecurityGroup } from "./default-security-group.js";
import { invalidCidr, missingParameter, vpcDependencies, vpcNotFound, vpcRange } from "./errors.js";
import { applyFilters } from "./filters.js";
import { checkId, newId } from "./ids.js";
import { newRouteTable } from "./main-route-table.js";
import { page } from "./pagination.js";
import type { VpcRecord } from "./records.js";
import type { Scope } from "./resource-store.js";
import { modelTags, tagsFromSpecifications } from "./tags.js";

/** A VPC as the model's `Vpc` (members in the order EC2 answers them). */
export function vpcOutput(v: VpcRecord, account: string, state = "available"): Vpc {
  return {
    CidrBlock: v.cidr,
    DhcpOptionsId: v.dhcpOptionsId,
    State: state,
    VpcId: v.id,
    OwnerId: account,
    InstanceTenancy: v.instanceTenancy,
    Ipv6CidrBlockAssociationSet: [],
    CidrBlockAssociationSet: [{ AssociationId: v.cidrAssociationId, CidrBlock: v.cidr, CidrBlockState: { State: "associated" } }],
    IsDefault: v.isDefault,
    Tags: modelTags(v.tags),
  };
}

/** Finds a VPC by id, checking the id's form first as EC2 does. */
export function requireVpc(ec2: Ec2Context, scope: Scope, id: string): VpcRecord {
  checkId("vpc", id);
  const vpc = ec2.store.get(scope, "vpc", id);
  if (vpc === undefined) throw vpcNotFound(id);
  return vpc;
}

export function newVpc(cidr: string, isDefault: boolean, tags: VpcRecord["tags"] = {}, tenancy = "default"): VpcRecord {
  return {
    id: newId("vpc"),
    cidr,
    cidrAssociationId: newId("vpc-cidr-assoc"),
    // One DHCP options set per account and Region is enough: flowwatch has no DHCP options API.
    dhcpOptionsId: "dopt-00000000000000000",
    instanceTenancy: tenancy,
    isDefault,
    tags,
  };
}

export function vpcOperations(ec2: Ec2Context) {
  const { store } = ec2;

  /** CreateVpc. AWS accepts IPv4 blocks from /16 to /28; the response shows the VPC still `pending`. */
  function createVpc(input: CreateVpcRequest, ctx: RequestContext): CreateVpcResult {
    ec2.ensureDefaults(ctx);
    if (input.CidrBlock === undefined) {
      if (input.Ipv4IpamPoolId !== undefined) throw invalidCidr("ipam");
      throw missingParameter("CidrBlock");
    }
    const cidr = parseCidr(input.CidrBlock);
    if (cidr === undefined) throw invalidCidr(input.CidrBlock);
    if (cidr.prefix < 16 || cidr.prefix > 28) throw vpcRange(input.CidrBlock);
    const tags = tagsFromSpecifications(input.TagSpecifications, "vpc");
    const vpc = newVpc(formatCidr(cidr), false, tags, input.InstanceTenancy ?? "default");
    store.insert(ctx, "vpc", vpc);
    store.insert(ctx, "security-group", defaultSecurityGroup(vpc.id, ctx.account));
    store.insert(ctx, "network-acl", newNetworkAcl(vpc.id, true));
    store.insert(ctx, "route-table", newRouteTable(vpc.id, vpc.cidr, true));
    return { Vpc: vpcOutput(vpc, ctx.account, "pending") };
  }

  function describeVpcs(input: DescribeVpcsRequest, ctx: RequestContext): DescribeVpcsResult {
    ec2.ensureDefaults(ctx);
    let vpcs = store.list(ctx, "vpc");
    if (input.VpcIds !== undefined && input.VpcIds.length > 0) {
      for (const id of input.VpcIds) requireVpc(ec2, ctx, id);
      vpcs = vpcs.filter((v) => input.VpcIds?.includes(v.id));
    }
    const filtered = applyFilters(vpcs, input.Filters, {
      cidr: (v) => v.cidr,
      "cidr-block-association.cidr-block": (v) => v.cidr,
      "cidr-block-association.association-id": (v) => v.cidrAssociationId,
      "cidr-block-association.state": () => "associated",
      "dhcp-options-id": (v) => v.dhcpOptionsId,
      "is-default": (v) => v.isDefault,
      "owner-id": () => ctx.account,
      state: () => "available",
      "vpc-id": (v) => v.id,
    });
    const { items, nextToken } = page(filtered, input);
    return { Vpcs: items.map((v) => vpcOutput(v, ctx.account)), NextToken: nextToken };
  }

  /**
   * DeleteVpc. Subnets, security groups other than the default one, network ACLs other than the
   * default one, route tables other than the main one and an attached internet gateway are
   * dependencies, as on AWS; the default group, default network ACL, main route table and the VPC's
   * flow logs go with it.
   */
  function deleteVpc(input: DeleteVpcRequest, ctx: RequestContext): void {
    const vpc = requireVpc(ec2, ctx, input.VpcId);
    const groups = store.list(ctx, "security-group").filter((g) => g.vpcId === vpc.id);
    const acls = store.list(ctx, "network-acl").filter((a) => a.vpcId === vpc.id);
    const tables = store.list(ctx, "route-table").filter((t) => t.vpcId === vpc.id);
    if (
      acls.some((a) => !a.isDefault) ||
      tables.some((t) => t.mainAssociationId === undefined) ||
      store.list(ctx, "subnet").some((s) => s.vpcId === vpc.id) ||
      groups.some((g) => g.name !== "default") ||
      store.list(ctx, "internet-gateway").some((g) => g.vpcId === vpc.id)
    ) {
      throw vpcDependencies(vpc.id);
    }
    for (const g of groups) store.delete(ctx, g.id);
    for (const resource of [...acls, ...tables]) store.delete(ctx, resource.id);
    for (const f of store.list(ctx, "vpc-flow-log")) {
      if (f.resourceId === vpc.id) {
        store.delete(ctx, f.id);
        ec2.changes.queue({ type: "flow-log", account: ctx.account, region: ctx.region, flowLogId: f.id, change: "deleted" });
      }
    }
    store.delete(ctx, vpc.id);
  }

  return { createVpc, describeVpcs, deleteVpc };
}
