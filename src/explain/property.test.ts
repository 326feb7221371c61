/**
 * Whatever the API answers — odd protocols, missing ports, malformed blocks, empty tables — the explanation
 * is made and is one of the four verdicts, with a deciding step for anything but ACCEPT; seeded, so a failure repeats.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { NetworkAclEntry, Route, SecurityGroupRule } from "@aws-sdk/client-ec2";
import { explainConnection } from "./explain.js";
import type { InterfaceConfig } from "./model.js";
import { explanationLines } from "./report-text.js";

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const BLOCKS = ["0.0.0.0/0", "10.0.0.0/16", "10.0.1.5/32", "203.0.113.0/24", "::/0", "2001:db8::/32", "garbage", "10.0.0.0/33", ""];
const PROTOCOLS = ["-1", "tcp", "udp", "icmp", "icmpv6", "6", "17", "1", "58", "47", "all", "bogus", undefined];
const PORTS = [undefined, -1, 0, 22, 80, 1024, 8080, 65535];
const PEERS = ["203.0.113.9", "10.0.1.20", "10.0.2.7", "2001:db8::9", "198.51.100.1"];

function config(r: () => number, id: string, address: string): InterfaceConfig {
  const rules: SecurityGroupRule[] = Array.from({ length: Math.floor(r() * 5) }, (_, i) => ({
    SecurityGroupRuleId: `sgr-${id}-${i}`,
    IsEgress: r() < 0.5,
    IpProtocol: pick(r, PROTOCOLS),
    FromPort: pick(r, PORTS),
    ToPort: pick(r, PORTS),
    ...(r() < 0.7
      ? { CidrIpv4: pick(r, BLOCKS) }
      : r() < 0.5
        ? { CidrIpv6: pick(r, BLOCKS) }
        : r() < 0.5
          ? { PrefixListId: "pl-1" }
          : { ReferencedGroupInfo: { GroupId: "sg-other" } }),
  }));
  const entries: NetworkAclEntry[] = Array.from({ length: Math.floor(r() * 5) }, () => ({
    RuleNumber: pick(r, [1, 50, 100, 100, 200, 32767, 32768, undefined]),
    Egress: r() < 0.5,
    RuleAction: pick(r, ["allow", "deny"] as const),
    Protocol: pick(r, PROTOCOLS),
    ...(r() < 0.8 ? { CidrBlock: pick(r, BLOCKS) } : { Ipv6CidrBlock: pick(r, BLOCKS) }),
    ...(r() < 0.5 ? { PortRange: { From: pick(r, PORTS), To: pick(r, PORTS) } } : {}),
    ...(r() < 0.3 ? { IcmpTypeCode: { Type: pick(r, [-1, 0, 8, undefined]), Code: pick(r, [-1, 0, undefined]) } } : {}),
  }));
  const routes: Route[] = Array.from({ length: Math.floor(r() * 4) }, () => ({
    ...(r() < 0.8 ? { DestinationCidrBlock: pick(r, BLOCKS) } : { DestinationPrefixListId: "pl-1" }),
    ...pick(r, [{ GatewayId: "local" }, { GatewayId: "igw-1" }, { NatGatewayId: "nat-1" }, {}]),
    State: pick(r, ["active", "blackhole", undefined]),
  }));
  return {
    interfaceId: `eni-${id}`,
    privateAddresses: [address],
    publicAddresses: r() < 0.5 ? ["54.0.0.1"] : [],
    subnetId: pick(r, ["subnet-a", "subnet-b"]),
    subnetCidrs: [pick(r, BLOCKS)],
    groups: r() < 0.9 ? [{ groupId: `sg-${id}`, rules }] : { unreadable: "refused" },
    networkAcl: r() < 0.9 ? { networkAclId: `acl-${id}`, entries } : { unreadable: "InvalidAction" },
    routeTable: r() < 0.9 ? { routeTableId: `rtb-${id}`, routes } : { unreadable: "InvalidAction" },
  };
}

test("a thousand odd answers: always an explanation, a verdict, and a deciding step unless accepted", () => {
  const r = prng(20261208);
  for (let n = 0; n < 1000; n++) {
    const protocol = pick(r, [6, 17, 1, 58, 47]);
    const inbound = r() < 0.5;
    const peer = pick(r, PEERS);
    const own = "10.0.1.5";
    const withPeer = r() < 0.3;
    const interfaces = [config(r, "a", own), ...(withPeer ? [config(r, "b", peer)] : [])];
    const port = pick(r, [undefined, 0, 22, 80, 65535]);
    const clientPort = pick(r, [undefined, 1024, 51234]);
    const [initiator, responder] = inbound ? [peer, own] : [own, peer];
    const lookups =
      r() < 0.5
        ? { prefixLists: new Map([["pl-1", pick(r, [["203.0.113.0/24"], { unreadable: "no" }])]]), groupMembers: new Map([["sg-other", ["10.0.1.20"]]]) }
        : {};
    const e = explainConnection({
      connection: {
        protocol,
        initiator: { address: initiator, ...(clientPort !== undefined ? { port: clientPort } : {}) },
        responder: { address: responder, ...(port !== undefined ? { port } : {}) },
      },
      interfaces,
      lookups,
      ...(r() < 0.5 ? { record: { interfaceId: "eni-a", leg: pick(r, ["request", "reply"] as const), action: pick(r, ["ACCEPT", "REJECT", "-"]) } } : {}),
    });
    assert.ok(["ACCEPT", "REJECT", "NO ROUTE", "UNDECIDED"].includes(e.verdict), e.verdict);
    assert.ok(e.headline.length > 0);
    if (e.verdict !== "ACCEPT")
      assert.ok(
        e.steps.some((s) => ["deny", "no-route", "unknown"].includes(s.outcome)),
        `case ${n}: ${e.verdict} without a deciding step`,
      );
    if (e.verdict === "REJECT" || e.verdict === "NO ROUTE")
      assert.ok(e.changes.length > 0 || e.steps.some((s) => s.outcome === "no-route" && s.change === undefined), `case ${n}: a drop without a change`);
    assert.ok(explanationLines(e).length > 3);
  }
});
