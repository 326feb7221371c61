/**
 * The default security group every VPC starts with (all traffic from its own members in, all traffic
 * out), made by CreateVpc and the default VPC; apart from security-groups.ts so that vpcs.ts needs no cycle.
 */
import { newId } from "./ids.js";
import type { RuleRecord, SecurityGroupRecord } from "./records.js";

/** One rule allowing every protocol and port to or from `peer`. */
export const allTraffic = (peer: Partial<RuleRecord>): RuleRecord => ({ ruleId: newId("security-group-rule"), protocol: "-1", ...peer });

/** A new VPC's default group: all traffic from members of the group, all traffic out. */
export function defaultSecurityGroup(vpcId: string, account: string): SecurityGroupRecord {
  const id = newId("security-group");
  return {
    id,
    name: "default",
    description: "default VPC security group",
    vpcId,
    ingress: [allTraffic({ groupId: id, groupOwnerId: account })],
    egress: [allTraffic({ cidrIpv4: "0.0.0.0/0" })],
    tags: {},
  };
}
