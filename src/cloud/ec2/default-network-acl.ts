/**
 * The network ACL every VPC starts with, as AWS creates it: rule 100 allows all traffic in and out, the
 * `*` rule (32767) denies what no rule matched; each subnet is associated with it until another
 * network ACL replaces the association. A custom network ACL starts with the `*` rules alone.
 */
import { newId } from "./ids.js";
import type { NetworkAclEntryRecord, NetworkAclRecord } from "./records.js";
import type { ResourceStore, Scope } from "./resource-store.js";

/** The `*` rule's number: DescribeNetworkAcls shows it as 32767; callers may use 1 to 32766. */
export const LAST_RULE = 32767;

const rule = (ruleNumber: number, ruleAction: "allow" | "deny", egress: boolean): NetworkAclEntryRecord => ({
  ruleNumber,
  protocol: "-1",
  ruleAction,
  egress,
  cidrBlock: "0.0.0.0/0",
});

/** A network ACL of `vpcId`: the default one (rule 100 allowing all) or a custom one (deny all). */
export function newNetworkAcl(vpcId: string, isDefault: boolean, tags: NetworkAclRecord["tags"] = {}): NetworkAclRecord {
  const entries = isDefault ? [rule(100, "allow", false), rule(100, "allow", true)] : [];
  entries.push(rule(LAST_RULE, "deny", false), rule(LAST_RULE, "deny", true));
  return { id: newId("network-acl"), vpcId, isDefault, entries, associations: [], tags };
}

export function defaultNetworkAcl(store: ResourceStore, scope: Scope, vpcId: string): NetworkAclRecord | undefined {
  return store.list(scope, "network-acl").find((a) => a.vpcId === vpcId && a.isDefault);
}

/** A new subnet's association with its VPC's default network ACL. */
export function associateWithDefaultAcl(store: ResourceStore, scope: Scope, vpcId: string, subnetId: string): void {
  const acl = defaultNetworkAcl(store, scope, vpcId);
  if (acl === undefined) return;
  acl.associations.push({ id: newId("network-acl-association"), subnetId });
  store.update(scope, "network-acl", acl);
}

/** A deleted subnet's association goes with it. */
export function dropAclAssociation(store: ResourceStore, scope: Scope, subnetId: string): void {
  for (const acl of store.list(scope, "network-acl")) {
    if (!acl.associations.some((a) => a.subnetId === subnetId)) continue;
    acl.associations = acl.associations.filter((a) => a.subnetId !== subnetId);
    store.update(scope, "network-acl", acl);
  }
}
