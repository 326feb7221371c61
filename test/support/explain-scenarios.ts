/**
 * What explain must answer for each scenario of the table of rejections (test/support/reject-scenarios.ts):
 * the verdict and the deciding rule in full, as AWS's answers make them, for the scenario's connection
 * seen from `client`. Run against moto_server and the local cloud (the SDK only) and on the local cloud
 * with the records real TCP makes.
 */
import { DescribeSecurityGroupRulesCommand, type EC2Client } from "@aws-sdk/client-ec2";
import type { Verdict } from "../../src/explain/index.js";
import type { ScenarioInstance, ScenarioVpc } from "./reject-scenarios.js";

export const CLIENT = "203.0.113.9";

/** What a headline is built from: the scenario's resources, its group's rule ids, the client's address. */
export interface ExplainContext {
  vpc: ScenarioVpc;
  instance: ScenarioInstance;
  /** The group's rule ids, by "ingress tcp 80" / "egress -1 -1". */
  rules: Map<string, string>;
  groupName: string;
  client: string;
}

export interface ExplainExpectation {
  verdict: Verdict;
  headline: (c: ExplainContext) => string;
  /** Where moto's answers differ from AWS's: one line, and the headline moto's answers give. */
  moto?: { note: string; headline: (c: ExplainContext) => string };
}

const group = (c: ExplainContext) => `${c.instance.groupId} (${c.groupName})`;
const rule = (c: ExplainContext, key: string) => c.rules.get(key) ?? `(no rule ${key})`;

/** By the scenario's name in REJECT_SCENARIOS. */
export const EXPLAIN_EXPECTED: Readonly<Record<string, ExplainExpectation>> = {
  "SG missing a port": {
    verdict: "REJECT",
    headline: (c) =>
      `inbound: no rule of ${group(c)} allows tcp 8080 from ${c.client}/32; the closest is rule ${rule(c, "ingress tcp 80")} of ${group(c)} allowing tcp 80 from 0.0.0.0/0`,
  },
  "SG allowing another source": {
    verdict: "REJECT",
    headline: (c) =>
      `inbound: no rule of ${group(c)} allows tcp 22 from ${c.client}/32; the closest is rule ${rule(c, "ingress tcp 22")} of ${group(c)} allowing tcp 22 from 198.51.100.0/24`,
  },
  "NACL deny before allow (rule order)": {
    verdict: "REJECT",
    headline: (c) => `inbound: NACL ${c.instance.networkAclId} rule 100 denies tcp 22 from 0.0.0.0/0`,
  },
  "NACL denying the ephemeral return range": {
    verdict: "REJECT",
    headline: (c) => `reply, outbound: NACL ${c.instance.networkAclId} rule * denies all traffic to 0.0.0.0/0`,
    moto: {
      note: "moto lists no * (32767) entries for a custom network ACL (AWS lists both): nothing matching still denies, named as no matching rule",
      headline: (c) => `reply, outbound: NACL ${c.instance.networkAclId} has no matching rule (nothing matched, which denies)`,
    },
  },
  "no route to the internet gateway": {
    verdict: "NO ROUTE",
    headline: (c) => `reply, route: route table ${c.instance.routeTableId} has no route to ${c.client}`,
  },
  "stateful SG reply allowed": {
    verdict: "ACCEPT",
    headline: (c) =>
      `allowed both ways: inbound: NACL ${c.instance.networkAclId} rule 100 allows all traffic from 0.0.0.0/0; inbound: allowed by rule ${rule(c, "ingress tcp 80")} of ${group(c)} allowing tcp 80 from 0.0.0.0/0; ` +
      `reply, outbound: NACL ${c.instance.networkAclId} rule 100 allows all traffic to 0.0.0.0/0; reply, route: route table ${c.vpc.mainRouteTableId} (the VPC's main table): 0.0.0.0/0 via internet gateway ${c.vpc.igwId}`,
  },
};

/** The group's rule ids keyed "ingress tcp 80", as DescribeSecurityGroupRules lists them. */
export async function ruleIdsOf(ec2: EC2Client, groupId: string): Promise<Map<string, string>> {
  const rules = (await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: "group-id", Values: [groupId] }] }))).SecurityGroupRules ?? [];
  return new Map(rules.map((r) => [`${r.IsEgress ? "egress" : "ingress"} ${r.IpProtocol} ${r.FromPort ?? -1}`, r.SecurityGroupRuleId ?? ""]));
}

/** A record of one packet in the default format (version 2), as the interface's stream holds it. */
export function recordLine(instance: ScenarioInstance, src: string, dst: string, srcPort: number, dstPort: number, action: "ACCEPT" | "REJECT"): string {
  return `2 000000000000 ${instance.interfaceId} ${src} ${dst} ${srcPort} ${dstPort} 6 1 60 1700000000 1700000060 ${action} OK`;
}
