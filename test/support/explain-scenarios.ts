/**
 * explain's scenario table: the rejections (and the stateful accept), each as a network to build
 * through the SDK, a flow (a described connection or a default-format record line) and the verdict with
 * the deciding rule AWS's evaluation gives. Run against moto_server and the local cloud alike.
 */
import type { Verdict } from "../../src/explain/index.js";
import type { BuiltNetwork, NetworkSpec } from "./explain-network.js";

export const CLIENT = "203.0.113.9";

export interface ExplainScenario {
  name: string;
  network: NetworkSpec;
  /** A connection described by hand (`--src ... --port ...`), or a record line in the default format, from `client`. */
  flow: (n: BuiltNetwork, client: string) => { src?: string; dst?: string; port?: number; srcPort?: number; protocol: string } | { record: string };
  verdict: Verdict;
  /** The deciding rule, in full, as AWS's answers would make it. */
  headline: (n: BuiltNetwork, client: string) => string;
  /** Where moto's answers differ from AWS's for this scenario: one line, and the headline moto's answers give. */
  moto?: { note: string; headline: (n: BuiltNetwork, client: string) => string };
  /**
   * Real TCP on the local cloud: the port a client connects to, and the record AWS writes on the instance's
   * interface — the request coming in, the reply going out, or none (a packet no route carries is not recorded).
   */
  traffic: { port: number; record: "inbound" | "outbound" | "none"; action?: "ACCEPT" | "REJECT" };
}

const http = { IpProtocol: "tcp", FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: "0.0.0.0/0" }] };
const rule = (n: BuiltNetwork, key: string) => n.ruleIds.get(key) ?? `(no rule ${key})`;
const group = (n: BuiltNetwork) => `${n.groupId} (launch-wizard-1)`;
const ALLOW_ALL_OUT = { RuleNumber: 100, Protocol: "-1", RuleAction: "allow" as const, Egress: true, CidrBlock: "0.0.0.0/0" };
const ALLOW_ALL_IN = { ...ALLOW_ALL_OUT, Egress: false };

/** A record of one packet in the default format (version 2), as the interface's stream holds it. */
export function recordLine(n: BuiltNetwork, src: string, dst: string, srcPort: number, dstPort: number, action: "ACCEPT" | "REJECT"): string {
  return `2 000000000000 ${n.eniId} ${src} ${dst} ${srcPort} ${dstPort} 6 1 60 1700000000 1700000060 ${action} OK`;
}

export const EXPLAIN_SCENARIOS: ExplainScenario[] = [
  {
    name: "SG missing a port",
    traffic: { port: 8080, record: "inbound", action: "REJECT" },
    network: { ingress: [http] },
    flow: (n, client) => ({ record: recordLine(n, client, n.privateIp, 51234, 8080, "REJECT") }),
    verdict: "REJECT",
    headline: (n, client) => `inbound: no rule of ${group(n)} allows tcp 8080 from ${client}/32; the closest is rule ${rule(n, "ingress tcp 80")} of ${group(n)} allowing tcp 80 from 0.0.0.0/0`,
  },
  {
    name: "SG allowing another source",
    traffic: { port: 22, record: "inbound", action: "REJECT" },
    network: { ingress: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "198.51.100.0/24" }] }, http] },
    flow: (_n, client) => ({ src: client, port: 22, protocol: "tcp" }),
    verdict: "REJECT",
    headline: (n, client) => `inbound: no rule of ${group(n)} allows tcp 22 from ${client}/32; the closest is rule ${rule(n, "ingress tcp 22")} of ${group(n)} allowing tcp 22 from 198.51.100.0/24`,
  },
  {
    name: "NACL deny before allow (rule order)",
    traffic: { port: 22, record: "inbound", action: "REJECT" },
    // Listed allow first: the rule number decides, not the order of creation.
    network: {
      ingress: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }],
      acl: [{ ...ALLOW_ALL_IN, RuleNumber: 200 }, { RuleNumber: 100, Protocol: "6", RuleAction: "deny", Egress: false, CidrBlock: "0.0.0.0/0", PortRange: { From: 22, To: 22 } }, ALLOW_ALL_OUT],
    },
    flow: (_n, client) => ({ src: client, port: 22, protocol: "tcp" }),
    verdict: "REJECT",
    headline: (n, client) => `inbound: NACL ${n.aclId} rule 100 denies tcp 22 from 0.0.0.0/0`,
  },
  {
    name: "NACL denying the ephemeral return range",
    traffic: { port: 80, record: "outbound", action: "REJECT" },
    network: { ingress: [http], acl: [ALLOW_ALL_IN, { RuleNumber: 100, Protocol: "6", RuleAction: "allow", Egress: true, CidrBlock: "0.0.0.0/0", PortRange: { From: 80, To: 80 } }] },
    // The reply leaving the instance, as its stream records it: from port 80 to the client's port.
    flow: (n, client) => ({ record: recordLine(n, n.privateIp, client, 80, 51234, "REJECT") }),
    verdict: "REJECT",
    headline: (n, client) => `reply, outbound: NACL ${n.aclId} rule * denies all traffic to 0.0.0.0/0`,
    moto: {
      note: "moto lists no * (32767) entries for a custom network ACL (AWS lists both): nothing matching still denies, named as no matching rule",
      headline: (n, client) => `reply, outbound: NACL ${n.aclId} has no matching rule (nothing matched, which denies)`,
    },
  },
  {
    name: "no route to the internet gateway",
    traffic: { port: 80, record: "none" },
    network: { ingress: [http], internetRoute: false },
    flow: (_n, client) => ({ src: client, port: 80, srcPort: 51234, protocol: "tcp" }),
    verdict: "NO ROUTE",
    headline: (n, client) => `reply, route: route table ${n.routeTableId} has no route to ${client}`,
  },
  {
    name: "stateful SG reply allowed without an outbound rule",
    traffic: { port: 80, record: "inbound", action: "ACCEPT" },
    network: { ingress: [http], noEgress: true },
    flow: (n, client) => ({ record: recordLine(n, client, n.privateIp, 51234, 80, "ACCEPT") }),
    verdict: "ACCEPT",
    headline: (n, client) =>
      `allowed both ways: inbound: NACL ${n.aclId} rule 100 allows all traffic from 0.0.0.0/0; inbound: allowed by rule ${rule(n, "ingress tcp 80")} of ${group(n)} allowing tcp 80 from 0.0.0.0/0; reply, outbound: NACL ${n.aclId} rule 100 allows all traffic to 0.0.0.0/0; reply, route: route table ${n.routeTableId}: 0.0.0.0/0 via internet gateway ${n.igwId}`,
  },
];
