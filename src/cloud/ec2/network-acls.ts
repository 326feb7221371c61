/**
 * Network ACLs: CreateNetworkAcl, DeleteNetworkAcl, Create/Replace/DeleteNetworkAclEntry,
 * ReplaceNetworkAclAssociation, DescribeNetworkAcls. Every VPC has a default one (default-network-acl.ts)
 * that each subnet is associated with until ReplaceNetworkAclAssociation moves it.
 */
import type { RequestContext } from "../service.js";
import type {
  CreateNetworkAclRequest,
  DeleteNetworkAclEntryRequest,
  DeleteNetworkAclRequest,
  DescribeNetworkAclsRequest,
  ReplaceNetworkAclAssociationRequest,
  CreateNetworkAclResult,
  DescribeNetworkAclsResult,
  NetworkAcl,
  ReplaceNetworkAclAssociationResult,
} from "../validation/ec2-types.js";
import type { Ec2Context } from "./context.js";
import { LAST_RULE, newNetworkAcl } from "./default-network-acl.js";
import {
  associationNotFound,
  cannotDeleteDefaultNetworkAcl,
  differentNetworks,
  idempotentMismatch,
  networkAclDependencies,
  networkAclEntryExists,
  networkAclEntryLimit,
  networkAclEntryNotFound,
  networkAclNotFound,
} from "./errors.js";
import { applyFilters } from "./filters.js";
import { checkId, newId } from "./ids.js";
import { checkRuleNumber, entryFromRequest, entryOrder, entryOutput, type NetworkAclEntryRequest, protocolName } from "./network-acl-entries.js";
import { page } from "./pagination.js";
import type { NetworkAclEntryRecord, NetworkAclRecord } from "./records.js";
import type { Scope } from "./resource-store.js";
import { modelTags, tagsFromSpecifications } from "./tags.js";
import { requireVpc } from "./vpcs.js";

/** AWS's default quota: rules per network ACL, per direction, the `*` rule not counted. */
export const RULES_PER_DIRECTION = 20;

export function requireNetworkAcl(ec2: Ec2Context, scope: Scope, id: string): NetworkAclRecord {
  checkId("network-acl", id);
  const acl = ec2.store.get(scope, "network-acl", id);
  if (acl === undefined) throw networkAclNotFound(id);
  return acl;
}

export function networkAclOperations(ec2: Ec2Context) {
  const { store } = ec2;

  const output = (a: NetworkAclRecord, account: string): NetworkAcl => ({
    Associations: a.associations.map((s) => ({ NetworkAclAssociationId: s.id, NetworkAclId: a.id, SubnetId: s.subnetId })),
    Entries: [...a.entries].sort(entryOrder).map(entryOutput),
    IsDefault: a.isDefault,
    NetworkAclId: a.id,
    Tags: modelTags(a.tags),
    VpcId: a.vpcId,
    OwnerId: account,
  });

  /**
   * CreateNetworkAcl. A new network ACL denies everything until rules are added, as on AWS. A ClientToken
   * used before answers that call's ACL, or IdempotentParameterMismatch for another VPC.
   */
  function createNetworkAcl(input: CreateNetworkAclRequest, ctx: RequestContext): CreateNetworkAclResult {
    ec2.ensureDefaults(ctx);
    const vpc = requireVpc(ec2, ctx, input.VpcId);
    const earlier = input.ClientToken === undefined ? undefined : store.list(ctx, "network-acl").find((a) => a.clientToken === input.ClientToken);
    if (earlier !== undefined && earlier.vpcId !== vpc.id) throw idempotentMismatch();
    const acl = earlier ?? newNetworkAcl(vpc.id, false, tagsFromSpecifications(input.TagSpecifications, "network-acl"));
    if (input.ClientToken !== undefined) acl.clientToken = input.ClientToken;
    if (earlier === undefined) store.insert(ctx, "network-acl", acl);
    return { NetworkAcl: output(acl, ctx.account), ...(input.ClientToken === undefined ? {} : { ClientToken: input.ClientToken }) };
  }

  /** DeleteNetworkAcl. The default one goes only with its VPC; one still associated with a subnet is a dependency. */
  function deleteNetworkAcl(input: DeleteNetworkAclRequest, ctx: RequestContext) {
    const acl = requireNetworkAcl(ec2, ctx, input.NetworkAclId);
    if (acl.isDefault) throw cannotDeleteDefaultNetworkAcl(acl.id);
    if (acl.associations.length > 0) throw networkAclDependencies(acl.id);
    store.delete(ctx, acl.id);
  }

  const sameSlot = (e: NetworkAclEntryRecord, ruleNumber: number, egress: boolean) => e.ruleNumber === ruleNumber && e.egress === egress;

  /** CreateNetworkAclEntry. Rule numbers are unique per direction; at most 20 rules per direction. */
  function createNetworkAclEntry(input: NetworkAclEntryRequest, ctx: RequestContext) {
    const acl = requireNetworkAcl(ec2, ctx, input.NetworkAclId);
    const entry = entryFromRequest(input);
    if (acl.entries.some((e) => sameSlot(e, entry.ruleNumber, entry.egress))) throw networkAclEntryExists(entry.ruleNumber);
    if (acl.entries.filter((e) => e.egress === entry.egress && e.ruleNumber !== LAST_RULE).length >= RULES_PER_DIRECTION) throw networkAclEntryLimit();
    acl.entries.push(entry);
    store.update(ctx, "network-acl", acl);
  }

  /** ReplaceNetworkAclEntry. The rule being replaced must exist, in the same direction. */
  function replaceNetworkAclEntry(input: NetworkAclEntryRequest, ctx: RequestContext) {
    const acl = requireNetworkAcl(ec2, ctx, input.NetworkAclId);
    const entry = entryFromRequest(input);
    const index = acl.entries.findIndex((e) => sameSlot(e, entry.ruleNumber, entry.egress));
    if (index < 0) throw networkAclEntryNotFound(entry.ruleNumber, entry.egress, acl.id);
    acl.entries[index] = entry;
    store.update(ctx, "network-acl", acl);
  }

  function deleteNetworkAclEntry(input: DeleteNetworkAclEntryRequest, ctx: RequestContext) {
    const acl = requireNetworkAcl(ec2, ctx, input.NetworkAclId);
    checkRuleNumber(input.RuleNumber);
    const index = acl.entries.findIndex((e) => sameSlot(e, input.RuleNumber, input.Egress));
    if (index < 0) throw networkAclEntryNotFound(input.RuleNumber, input.Egress, acl.id);
    acl.entries.splice(index, 1);
    store.update(ctx, "network-acl", acl);
  }

  /** ReplaceNetworkAclAssociation. The subnet moves to another network ACL of its VPC under a new association id. */
  function replaceNetworkAclAssociation(input: ReplaceNetworkAclAssociationRequest, ctx: RequestContext): ReplaceNetworkAclAssociationResult {
    const target = requireNetworkAcl(ec2, ctx, input.NetworkAclId);
    const current = store.list(ctx, "network-acl").find((a) => a.associations.some((s) => s.id === input.AssociationId));
    const association = current?.associations.find((s) => s.id === input.AssociationId);
    if (current === undefined || association === undefined) throw associationNotFound(input.AssociationId);
    if (current.vpcId !== target.vpcId) throw differentNetworks(`Network ACL ${target.id}`, `subnet ${association.subnetId}`);
    const newAssociationId = newId("network-acl-association");
    current.associations = current.associations.filter((s) => s.id !== association.id);
    store.update(ctx, "network-acl", current);
    // Re-read: the target may be the ACL just written.
    const fresh = requireNetworkAcl(ec2, ctx, target.id);
    fresh.associations.push({ id: newAssociationId, subnetId: association.subnetId });
    store.update(ctx, "network-acl", fresh);
    return { NewAssociationId: newAssociationId };
  }

  function describeNetworkAcls(input: DescribeNetworkAclsRequest, ctx: RequestContext): DescribeNetworkAclsResult {
    ec2.ensureDefaults(ctx);
    let acls = store.list(ctx, "network-acl");
    if (input.NetworkAclIds !== undefined && input.NetworkAclIds.length > 0) {
      for (const id of input.NetworkAclIds) requireNetworkAcl(ec2, ctx, id);
      acls = acls.filter((a) => input.NetworkAclIds?.includes(a.id));
    }
    const entries = (read: (e: NetworkAclEntryRecord) => string | number | boolean | undefined) => (a: NetworkAclRecord) => a.entries.map(read);
    const filtered = applyFilters(acls, input.Filters, {
      "association.association-id": (a) => a.associations.map((s) => s.id),
      "association.network-acl-id": (a) => (a.associations.length > 0 ? a.id : undefined),
      "association.subnet-id": (a) => a.associations.map((s) => s.subnetId),
      default: (a) => a.isDefault,
      "entry.cidr": entries((e) => e.cidrBlock),
      "entry.egress": entries((e) => e.egress),
      "entry.icmp.code": entries((e) => e.icmpTypeCode?.code),
      "entry.icmp.type": entries((e) => e.icmpTypeCode?.type),
      "entry.ipv6-cidr": entries((e) => e.ipv6CidrBlock),
      "entry.port-range.from": entries((e) => e.portRange?.from),
      "entry.port-range.to": entries((e) => e.portRange?.to),
      "entry.protocol": (a) => a.entries.flatMap((e) => [e.protocol, protocolName(e.protocol)]),
      "entry.rule-action": entries((e) => e.ruleAction),
      "entry.rule-number": entries((e) => e.ruleNumber),
      "network-acl-id": (a) => a.id,
      "owner-id": () => ctx.account,
      "vpc-id": (a) => a.vpcId,
    });
    const { items, nextToken } = page(filtered, input);
    return { NetworkAcls: items.map((a) => output(a, ctx.account)), NextToken: nextToken };
  }

  return {
    createNetworkAcl,
    deleteNetworkAcl,
    createNetworkAclEntry,
    replaceNetworkAclEntry,
    deleteNetworkAclEntry,
    replaceNetworkAclAssociation,
    describeNetworkAcls,
  };
}
