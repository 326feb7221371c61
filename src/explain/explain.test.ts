/** Whole connections in AWS's order: the request out and in, the reply back, the first drop decides, every fix listed. */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { NetworkAclEntry, SecurityGroupRule } from "@aws-sdk/client-ec2";
import { type ExplainInput, explainConnection } from "./explain.js";
import type { InterfaceConfig } from "./model.js";
import { explanationLines } from "./report-text.js";

const sgr = (id: string, over: Partial<SecurityGroupRule>): SecurityGroupRule => ({
  SecurityGroupRuleId: id,
  GroupId: "sg-web",
  IsEgress: false,
  IpProtocol: "tcp",
  FromPort: 80,
  ToPort: 80,
  CidrIpv4: "0.0.0.0/0",
  ...over,
});
const ALL_OUT = sgr("sgr-out", { IsEgress: true, IpProtocol: "-1", FromPort: -1, ToPort: -1 });
const nacl = (n: number, over: Partial<NetworkAclEntry>): NetworkAclEntry => ({
  RuleNumber: n,
  Protocol: "-1",
  RuleAction: "allow",
  Egress: false,
  CidrBlock: "0.0.0.0/0",
  ...over,
});
const OPEN_ACL = [nacl(100, {}), nacl(100, { Egress: true }), nacl(32767, { RuleAction: "deny" }), nacl(32767, { RuleAction: "deny", Egress: true })];

function web(
  over: Partial<InterfaceConfig> = {},
  rules: SecurityGroupRule[] = [sgr("sgr-http", {}), ALL_OUT],
  entries: NetworkAclEntry[] = OPEN_ACL,
): InterfaceConfig {
  return {
    interfaceId: "eni-web",
    instanceName: "web",
    privateAddresses: ["10.0.1.5"],
    publicAddresses: ["54.0.0.5"],
    subnetId: "subnet-a",
    subnetCidrs: ["10.0.1.0/24"],
    vpcId: "vpc-1",
    internetGatewayId: "igw-1",
    groups: [{ groupId: "sg-web", groupName: "launch-wizard-1", rules }],
    networkAcl: { networkAclId: "acl-1", entries },
    routeTable: {
      routeTableId: "rtb-1",
      routes: [
        { DestinationCidrBlock: "10.0.0.0/16", GatewayId: "local", State: "active" },
        { DestinationCidrBlock: "0.0.0.0/0", GatewayId: "igw-1", State: "active" },
      ],
    },
    ...over,
  };
}
const fromInternet = (port: number, clientPort: number | null = 51234): ExplainInput["connection"] => ({
  protocol: 6,
  initiator: { address: "203.0.113.9", ...(clientPort === null ? {} : { port: clientPort }) },
  responder: { address: "10.0.1.5", port },
});

test("SG missing the port: REJECT, inbound, the closest rule named, and the smallest rule to add", () => {
  const e = explainConnection({ connection: fromInternet(8080), interfaces: [web()], record: { interfaceId: "eni-web", leg: "request", action: "REJECT" } });
  assert.equal(e.verdict, "REJECT");
  assert.equal(
    e.headline,
    "inbound: no rule of sg-web (launch-wizard-1) allows tcp 8080 from 203.0.113.9/32; the closest is rule sgr-http of sg-web (launch-wizard-1) allowing tcp 80 from 0.0.0.0/0",
  );
  assert.equal(e.changes.length, 1);
  assert.match(
    e.changes[0]?.command ?? "",
    /authorize-security-group-ingress --group-id sg-web .*FromPort=8080,ToPort=8080,IpRanges=\[\{CidrIp=203.0.113.9\/32\}\]/,
  );
  assert.match(e.recordNote ?? "", /^the record's REJECT is this rule's/);
});

test("SG allowing another source: REJECT naming the rule for the right port", () => {
  const e = explainConnection({
    connection: fromInternet(22),
    interfaces: [web({}, [sgr("sgr-ssh", { FromPort: 22, ToPort: 22, CidrIpv4: "198.51.100.0/24" }), sgr("sgr-http", {}), ALL_OUT])],
  });
  assert.equal(e.verdict, "REJECT");
  assert.match(e.headline, /allows tcp 22 from 203.0.113.9\/32; the closest is rule sgr-ssh .* allowing tcp 22 from 198.51.100.0\/24$/);
});

test("NACL deny before allow: the NACL decides before the security group is reached", () => {
  const entries = [nacl(90, { Protocol: "6", PortRange: { From: 80, To: 80 }, RuleAction: "deny" }), ...OPEN_ACL];
  const e = explainConnection({ connection: fromInternet(80), interfaces: [web({}, undefined, entries)] });
  assert.equal(e.verdict, "REJECT");
  assert.equal(e.headline, "inbound: NACL acl-1 rule 90 denies tcp 80 from 0.0.0.0/0");
  assert.match(
    e.changes[0]?.command ?? "",
    /create-network-acl-entry --network-acl-id acl-1 --ingress --rule-number 80 --protocol 6 --port-range From=80,To=80 --cidr-block 203.0.113.9\/32 --rule-action allow/,
  );
});

test("NACL denying the ephemeral return range: the request gets in, the reply is dropped going out", () => {
  const entries = [
    nacl(100, {}),
    nacl(100, { Egress: true, Protocol: "6", PortRange: { From: 80, To: 80 } }),
    nacl(32767, { RuleAction: "deny" }),
    nacl(32767, { RuleAction: "deny", Egress: true }),
  ];
  const e = explainConnection({
    connection: fromInternet(80),
    interfaces: [web({}, undefined, entries)],
    record: { interfaceId: "eni-web", leg: "reply", action: "REJECT" },
  });
  assert.equal(e.verdict, "REJECT");
  assert.equal(e.headline, "reply, outbound: NACL acl-1 rule * denies all traffic to 0.0.0.0/0");
  // The fix opens the client's whole ephemeral range: the next connection comes from another port.
  assert.match(e.changes[0]?.command ?? "", /--egress --rule-number 110 --protocol 6 --port-range From=1024,To=65535 --cidr-block 203.0.113.9\/32/);
  assert.match(e.recordNote ?? "", /record's REJECT is this rule's/);
  // Without the client's port the reply is judged over the whole ephemeral range.
  const unknownPort = explainConnection({ connection: fromInternet(80, null), interfaces: [web({}, undefined, entries)] });
  assert.equal(unknownPort.verdict, "REJECT");
  assert.match(unknownPort.changes[0]?.command ?? "", /--port-range From=1024,To=65535/);
  assert.ok(unknownPort.notVisible.some((n) => n.includes("client's port is not known")));
});

test("no route to the internet gateway: the request is accepted in, the reply has no way out", () => {
  const e = explainConnection({
    connection: fromInternet(80),
    interfaces: [web({ routeTable: { routeTableId: "rtb-1", routes: [{ DestinationCidrBlock: "10.0.0.0/16", GatewayId: "local", State: "active" }] } })],
  });
  assert.equal(e.verdict, "NO ROUTE");
  assert.equal(e.headline, "reply, route: route table rtb-1 has no route to 203.0.113.9");
  assert.equal(e.changes[0]?.command, "aws ec2 create-route --route-table-id rtb-1 --destination-cidr-block 0.0.0.0/0 --gateway-id igw-1");
});

test("stateful SG: the reply leaves though no outbound rule allows it, and the ACCEPT names the rules", () => {
  const e = explainConnection({
    connection: fromInternet(80),
    interfaces: [web({}, [sgr("sgr-http", {})])],
    record: { interfaceId: "eni-web", leg: "request", action: "ACCEPT" },
  });
  assert.equal(e.verdict, "ACCEPT");
  assert.match(e.headline, /^allowed both ways: .*rule sgr-http/);
  const reply = e.steps.find((s) => s.leg === "reply" && s.where === "outbound" && s.kind === "security-groups");
  assert.match(reply?.text ?? "", /stateful/);
  assert.equal(e.changes.length, 0);
  assert.match(e.recordNote ?? "", /^the record's ACCEPT: /);
  assert.ok(e.notVisible.some((n) => n.includes("whether anything listens on tcp 80")));
});

test("outbound from the instance: its egress rules decide, the reply comes back through the inbound NACL", () => {
  const conn = { protocol: 6, initiator: { address: "10.0.1.5", port: 40000 }, responder: { address: "198.51.100.7", port: 443 } };
  const noEgress = explainConnection({ connection: conn, interfaces: [web({}, [sgr("sgr-http", {})])] });
  assert.equal(noEgress.verdict, "REJECT");
  assert.match(noEgress.headline, /^outbound: no rule of sg-web .* allows tcp 443 to 198.51.100.7\/32/);
  const inDenied = [
    nacl(100, { Protocol: "6", PortRange: { From: 80, To: 80 } }),
    nacl(100, { Egress: true }),
    nacl(32767, { RuleAction: "deny" }),
    nacl(32767, { RuleAction: "deny", Egress: true }),
  ];
  const reply = explainConnection({ connection: conn, interfaces: [web({}, undefined, inDenied)] });
  assert.equal(reply.headline, "reply, inbound: NACL acl-1 rule * denies all traffic from 0.0.0.0/0");
});

test("an interface without a public IPv4 address cannot use the internet gateway", () => {
  const conn = { protocol: 6, initiator: { address: "10.0.1.5", port: 40000 }, responder: { address: "198.51.100.7", port: 443 } };
  const e = explainConnection({ connection: conn, interfaces: [web({ publicAddresses: [] })] });
  assert.equal(e.verdict, "NO ROUTE");
  assert.match(e.headline, /^route: .*has no public IPv4 address/);
});

test("two interfaces of one subnet cross no network ACL; the peer's own outbound rules are judged", () => {
  const denyAll = [nacl(32767, { RuleAction: "deny" }), nacl(32767, { RuleAction: "deny", Egress: true })];
  const app: InterfaceConfig = {
    ...web({}, [sgr("sgr-app-in", {})], denyAll),
    interfaceId: "eni-app",
    instanceName: "app",
    privateAddresses: ["10.0.1.20"],
    publicAddresses: [],
  };
  const conn = { protocol: 6, initiator: { address: "10.0.1.20", port: 40000 }, responder: { address: "10.0.1.5", port: 80 } };
  const e = explainConnection({ connection: conn, interfaces: [web({}, undefined, denyAll), app] });
  assert.equal(e.verdict, "REJECT");
  assert.match(e.headline, /^outbound: no rule of sg-web .* allows tcp 80 to 10.0.1.5\/32/);
  assert.ok(e.steps.filter((s) => s.kind === "network-acl").every((s) => s.outcome === "not-crossed"));
  assert.ok(!e.notVisible.some((n) => n.includes("outside what was read")));
});

test("what could not be read leaves the verdict undecided, and a deny elsewhere still decides", () => {
  const unread = web({ networkAcl: { unreadable: "DescribeNetworkAcls: InvalidAction" } });
  const open = explainConnection({ connection: fromInternet(80), interfaces: [unread] });
  assert.equal(open.verdict, "UNDECIDED");
  assert.match(open.headline, /^inbound: the network ACL of subnet-a could not be read \(DescribeNetworkAcls: InvalidAction\)/);
  const denied = explainConnection({ connection: fromInternet(8080), interfaces: [unread] });
  assert.equal(denied.verdict, "REJECT");
  assert.match(denied.headline, /no rule of sg-web/);
});

test("a record the rules read now contradict says so", () => {
  const e = explainConnection({ connection: fromInternet(80), interfaces: [web()], record: { interfaceId: "eni-web", leg: "request", action: "REJECT" } });
  assert.match(e.recordNote ?? "", /record says REJECT but the rules read now let this packet through/);
  const accepted = explainConnection({
    connection: fromInternet(8080),
    interfaces: [web()],
    record: { interfaceId: "eni-web", leg: "request", action: "ACCEPT" },
  });
  assert.match(accepted.recordNote ?? "", /record says ACCEPT but the rules read now reject it/);
});

test("the text report leads with the verdict, then the path, the changes and what the API cannot show", () => {
  const lines = explanationLines(explainConnection({ connection: fromInternet(8080), interfaces: [web()] }), "the request, told by ports");
  assert.equal(lines[0], "tcp 8080 from 203.0.113.9:51234 to 10.0.1.5:8080 (the request, told by ports)");
  assert.match(lines[1] ?? "", /^REJECT: inbound: no rule of sg-web/);
  assert.ok(lines.includes("smallest change that lets it through (not made):"));
  assert.ok(lines.some((l) => l.startsWith("  DROP inbound ")));
  assert.ok(lines.includes("not visible to the EC2 API:"));
});
