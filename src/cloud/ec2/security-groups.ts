/**
 * Security groups: create, describe, authorize and revoke ingress and egress rules, delete (the default
 * group every VPC starts with is made in default-security-group.ts).
 */
import type { RequestContext } from "../service.js";
import type {
  AuthorizeSecurityGroupEgressRequest,
  AuthorizeSecurityGroupIngressRequest,
  CreateSecurityGroupRequest,
  DeleteSecurityGroupRequest,
  DescribeSecurityGroupRulesRequest,
  DescribeSecurityGroupsRequest,
  IpPermission,
  RevokeSecurityGroupEgressRequest,
  RevokeSecurityGroupIngressRequest,
  AuthorizeSecurityGroupIngressResult,
  CreateSecurityGroupResult,
  DeleteSecurityGroupResult,
  DescribeSecurityGroupRulesResult,
  DescribeSecurityGroupsResult,
  RevokeSecurityGroupIngressResult,
  SecurityGroup,
} from "../validation/ec2-types.js";
import type { Ec2Context } from "./context.js";
import { allTraffic } from "./default-security-group.js";
import {
  cannotDeleteDefaultGroup,
  defaultGroupName,
  groupDependency,
  groupDuplicate,
  groupNameLikeId,
  groupNameNotFoundInVpc,
  groupNotFound,
  groupRuleNotFound,
  missingParameter,
  noDefaultVpc,
  permissionDuplicate,
} from "./errors.js";
import { applyFilters } from "./filters.js";
import { checkId, newId } from "./ids.js";
import { page } from "./pagination.js";
import type { RuleRecord, SecurityGroupRecord } from "./records.js";
import type { Scope } from "./resource-store.js";
import { type LegacyPermission, legacyPermission, peerText, permissionsOutput, ruleOutput, rulesFromPermissions, sameRule } from "./security-group-rules.js";
import { modelTags, tagsFromSpecifications } from "./tags.js";
import { requireVpc } from "./vpcs.js";
import { arnPrefix } from "../partitions.js";

/** What the Authorize and Revoke calls share; each call's generated request fits it. */
interface RuleChangeRequest extends LegacyPermission {
  GroupId?: string;
  GroupName?: string;
  IpPermissions?: IpPermission[];
  SecurityGroupRuleIds?: string[];
}

export function requireGroup(ec2: Ec2Context, scope: Scope, id: string): SecurityGroupRecord {
  checkId("security-group", id);
  const group = ec2.store.get(scope, "security-group", id);
  if (group === undefined) throw groupNotFound(id);
  return group;
}

export function securityGroupOperations(ec2: Ec2Context) {
  const { store } = ec2;
  const defaultVpc = (scope: Scope) => store.list(scope, "vpc").find((v) => v.isDefault);

  /** A group named without a VPC is looked up in the default VPC, as AWS does. */
  function groupByName(scope: Scope, name: string, vpcId?: string): SecurityGroupRecord {
    const vpc = vpcId ?? defaultVpc(scope)?.id;
    if (vpc === undefined) throw noDefaultVpc();
    const group = store.list(scope, "security-group").find((g) => g.vpcId === vpc && g.name === name);
    if (group === undefined) throw groupNameNotFoundInVpc(name, vpc, vpcId === undefined);
    return group;
  }

  function target(ctx: RequestContext, input: { GroupId?: string; GroupName?: string }): SecurityGroupRecord {
    if (input.GroupId !== undefined) return requireGroup(ec2, ctx, input.GroupId);
    if (input.GroupName !== undefined) return groupByName(ctx, input.GroupName);
    throw missingParameter("GroupId");
  }

  function groupOutput(g: SecurityGroupRecord, ctx: RequestContext): SecurityGroup {
    const names = (id: string) => store.get(ctx, "security-group", id)?.name;
    return {
      OwnerId: ctx.account,
      GroupId: g.id,
      GroupName: g.name,
      Description: g.description,
      VpcId: g.vpcId,
      SecurityGroupArn: `${arnPrefix(ctx.region)}ec2:${ctx.region}:${ctx.account}:security-group/${g.id}`,
      IpPermissions: permissionsOutput(g.ingress, names),
      IpPermissionsEgress: permissionsOutput(g.egress, names),
      Tags: modelTags(g.tags),
    };
  }

  function changed(ctx: RequestContext, groupId: string, change: "created" | "rules" | "deleted") {
    ec2.changes.queue({ type: "security-group", account: ctx.account, region: ctx.region, groupId, change });
  }

  /** CreateSecurityGroup. A new group allows all traffic out and nothing in, as on AWS. */
  function createSecurityGroup(input: CreateSecurityGroupRequest, ctx: RequestContext): CreateSecurityGroupResult {
    ec2.ensureDefaults(ctx);
    if (input.GroupName === "default") throw defaultGroupName();
    if (input.GroupName.startsWith("sg-")) throw groupNameLikeId(input.GroupName);
    const vpcId = input.VpcId === undefined ? defaultVpc(ctx)?.id : requireVpc(ec2, ctx, input.VpcId).id;
    if (vpcId === undefined) throw noDefaultVpc();
    if (store.list(ctx, "security-group").some((g) => g.vpcId === vpcId && g.name === input.GroupName)) throw groupDuplicate(input.GroupName, vpcId);
    const group: SecurityGroupRecord = {
      id: newId("security-group"),
      name: input.GroupName,
      description: input.Description,
      vpcId,
      ingress: [],
      egress: [allTraffic({ cidrIpv4: "0.0.0.0/0" })],
      tags: tagsFromSpecifications(input.TagSpecifications, "security-group"),
    };
    store.insert(ctx, "security-group", group);
    changed(ctx, group.id, "created");
    // AWS answers tagSet only for a group created with tags (recorded: test/vectors/aws-recorded/ec2_test_ec2.snapshot.json).
    const tags = Object.keys(group.tags).length === 0 ? {} : { Tags: modelTags(group.tags) };
    return { GroupId: group.id, ...tags, SecurityGroupArn: groupOutput(group, ctx).SecurityGroupArn };
  }

  function describeSecurityGroups(input: DescribeSecurityGroupsRequest, ctx: RequestContext): DescribeSecurityGroupsResult {
    ec2.ensureDefaults(ctx);
    let groups = store.list(ctx, "security-group");
    if ((input.GroupIds ?? []).length > 0 || (input.GroupNames ?? []).length > 0) {
      const wanted = new Set<string>();
      for (const id of input.GroupIds ?? []) wanted.add(requireGroup(ec2, ctx, id).id);
      for (const name of input.GroupNames ?? []) wanted.add(groupByName(ctx, name).id);
      groups = groups.filter((g) => wanted.has(g.id));
    }
    const names = (id: string | undefined) => (id === undefined ? undefined : store.get(ctx, "security-group", id)?.name);
    const perm = (rules: (g: SecurityGroupRecord) => RuleRecord[], read: (r: RuleRecord) => string | number | undefined) => (g: SecurityGroupRecord) =>
      rules(g).map(read);
    const ing = (g: SecurityGroupRecord) => g.ingress;
    const eg = (g: SecurityGroupRecord) => g.egress;
    const filtered = applyFilters(groups, input.Filters, {
      description: (g) => g.description,
      "group-id": (g) => g.id,
      "group-name": (g) => g.name,
      "owner-id": () => ctx.account,
      "vpc-id": (g) => g.vpcId,
      "ip-permission.cidr": perm(ing, (r) => r.cidrIpv4),
      "ip-permission.from-port": perm(ing, (r) => r.fromPort),
      "ip-permission.to-port": perm(ing, (r) => r.toPort),
      "ip-permission.group-id": perm(ing, (r) => r.groupId),
      "ip-permission.group-name": perm(ing, (r) => names(r.groupId)),
      "ip-permission.ipv6-cidr": perm(ing, (r) => r.cidrIpv6),
      "ip-permission.prefix-list-id": perm(ing, (r) => r.prefixListId),
      "ip-permission.protocol": perm(ing, (r) => r.protocol),
      "ip-permission.user-id": perm(ing, (r) => r.groupOwnerId),
      "egress.ip-permission.cidr": perm(eg, (r) => r.cidrIpv4),
      "egress.ip-permission.from-port": perm(eg, (r) => r.fromPort),
      "egress.ip-permission.to-port": perm(eg, (r) => r.toPort),
      "egress.ip-permission.group-id": perm(eg, (r) => r.groupId),
      "egress.ip-permission.group-name": perm(eg, (r) => names(r.groupId)),
      "egress.ip-permission.ipv6-cidr": perm(eg, (r) => r.cidrIpv6),
      "egress.ip-permission.prefix-list-id": perm(eg, (r) => r.prefixListId),
      "egress.ip-permission.protocol": perm(eg, (r) => r.protocol),
      "egress.ip-permission.user-id": perm(eg, (r) => r.groupOwnerId),
    });
    const { items, nextToken } = page(filtered, input);
    return { SecurityGroups: items.map((g) => groupOutput(g, ctx)), NextToken: nextToken };
  }

  function requestedRules(ctx: RequestContext, group: SecurityGroupRecord, input: RuleChangeRequest): RuleRecord[] {
    const permissions = [...(input.IpPermissions ?? [])];
    const legacy = legacyPermission(input);
    if (legacy !== undefined) permissions.push(legacy);
    if (permissions.length === 0) throw missingParameter("IpPermissions");
    const resolve = (pair: { GroupId?: string; GroupName?: string }) => {
      if (pair.GroupId !== undefined) return requireGroup(ec2, ctx, pair.GroupId).id;
      if (pair.GroupName !== undefined) return groupByName(ctx, pair.GroupName, group.vpcId).id;
      throw missingParameter("GroupId");
    };
    return rulesFromPermissions(permissions, resolve, ctx.account);
  }

  /** Adds rules; one already present (or given twice) fails the whole call with AWS's Duplicate message. */
  function authorize(direction: "ingress" | "egress", input: RuleChangeRequest, ctx: RequestContext): AuthorizeSecurityGroupIngressResult {
    const group = target(ctx, input);
    const rules = requestedRules(ctx, group, input);
    const existing = group[direction];
    for (const [i, rule] of rules.entries()) {
      if (existing.some((r) => sameRule(r, rule)) || rules.slice(0, i).some((r) => sameRule(r, rule))) throw permissionDuplicate(peerText(rule));
    }
    existing.push(...rules);
    store.update(ctx, "security-group", group);
    changed(ctx, group.id, "rules");
    return { Return: true, SecurityGroupRules: rules.map((r) => ruleOutput(r, group.id, ctx.account, ctx.region, direction === "egress")) };
  }

  /**
   * Removes rules. Permissions that match no rule are not an error: they come back in
   * unknownIpPermissionSet (RevokeSecurityGroupIngress doc). Unknown rule ids are an error.
   */
  function revoke(direction: "ingress" | "egress", input: RuleChangeRequest, ctx: RequestContext): RevokeSecurityGroupIngressResult {
    const group = target(ctx, input);
    const existing = group[direction];
    const revoked: RuleRecord[] = [];
    const unknown: RuleRecord[] = [];
    if (input.SecurityGroupRuleIds !== undefined && input.SecurityGroupRuleIds.length > 0) {
      for (const id of input.SecurityGroupRuleIds) {
        const rule = existing.find((r) => r.ruleId === id);
        if (rule === undefined) throw groupRuleNotFound(id);
        revoked.push(rule);
      }
    } else {
      for (const rule of requestedRules(ctx, group, input)) {
        const found = existing.find((r) => sameRule(r, rule));
        if (found === undefined) unknown.push(rule);
        else revoked.push(found);
      }
    }
    group[direction] = existing.filter((r) => !revoked.includes(r));
    store.update(ctx, "security-group", group);
    if (revoked.length > 0) changed(ctx, group.id, "rules");
    const names = (id: string) => store.get(ctx, "security-group", id)?.name;
    return {
      Return: true,
      ...(unknown.length > 0 ? { UnknownIpPermissions: permissionsOutput(unknown, names) } : {}),
      RevokedSecurityGroupRules: revoked.map((r) => ({
        SecurityGroupRuleId: r.ruleId,
        GroupId: group.id,
        IsEgress: direction === "egress",
        IpProtocol: r.protocol,
        FromPort: r.fromPort ?? -1,
        ToPort: r.toPort ?? -1,
        CidrIpv4: r.cidrIpv4,
        CidrIpv6: r.cidrIpv6,
        PrefixListId: r.prefixListId,
        ReferencedGroupId: r.groupId,
        Description: r.description,
      })),
    };
  }

  const authorizeSecurityGroupIngress = (input: AuthorizeSecurityGroupIngressRequest, ctx: RequestContext) => authorize("ingress", input, ctx);
  const authorizeSecurityGroupEgress = (input: AuthorizeSecurityGroupEgressRequest, ctx: RequestContext) => authorize("egress", input, ctx);
  const revokeSecurityGroupIngress = (input: RevokeSecurityGroupIngressRequest, ctx: RequestContext) => revoke("ingress", input, ctx);
  const revokeSecurityGroupEgress = (input: RevokeSecurityGroupEgressRequest, ctx: RequestContext) => revoke("egress", input, ctx);

  /** DeleteSecurityGroup. The default group cannot be deleted; a group used by an interface or referenced by another group's rule is a dependency. */
  function deleteSecurityGroup(input: DeleteSecurityGroupRequest, ctx: RequestContext): DeleteSecurityGroupResult {
    const group = target(ctx, input);
    if (group.name === "default") throw cannotDeleteDefaultGroup(group.id);
    const inUse = store.list(ctx, "network-interface").some((n) => n.groupIds.includes(group.id));
    const referenced = store.list(ctx, "security-group").some((g) => g.id !== group.id && [...g.ingress, ...g.egress].some((r) => r.groupId === group.id));
    if (inUse || referenced) throw groupDependency(group.id);
    store.delete(ctx, group.id);
    changed(ctx, group.id, "deleted");
    return { Return: true, GroupId: group.id };
  }

  function describeSecurityGroupRules(input: DescribeSecurityGroupRulesRequest, ctx: RequestContext): DescribeSecurityGroupRulesResult {
    ec2.ensureDefaults(ctx);
    type Row = { rule: RuleRecord; groupId: string; isEgress: boolean; tags: Record<string, string> };
    let rows: Row[] = [];
    for (const g of store.list(ctx, "security-group")) {
      for (const rule of g.ingress) rows.push({ rule, groupId: g.id, isEgress: false, tags: {} });
      for (const rule of g.egress) rows.push({ rule, groupId: g.id, isEgress: true, tags: {} });
    }
    if (input.SecurityGroupRuleIds !== undefined && input.SecurityGroupRuleIds.length > 0) {
      for (const id of input.SecurityGroupRuleIds) if (!rows.some((r) => r.rule.ruleId === id)) throw groupRuleNotFound(id);
      rows = rows.filter((r) => input.SecurityGroupRuleIds?.includes(r.rule.ruleId));
    }
    const filtered = applyFilters(rows, input.Filters, {
      "group-id": (r) => r.groupId,
      "security-group-rule-id": (r) => r.rule.ruleId,
    });
    const { items, nextToken } = page(filtered, input);
    return { SecurityGroupRules: items.map((r) => ruleOutput(r.rule, r.groupId, ctx.account, ctx.region, r.isEgress)), NextToken: nextToken };
  }

  return {
    createSecurityGroup,
    describeSecurityGroups,
    authorizeSecurityGroupIngress,
    authorizeSecurityGroupEgress,
    revokeSecurityGroupIngress,
    revokeSecurityGroupEgress,
    deleteSecurityGroup,
    describeSecurityGroupRules,
  };
}
