import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NetworkError } from "./errors.js";
import { type Packet, TCP_ACK, TCP_FIN, TCP_SYN } from "./packet.js";
import { type InterfaceSecurity, SecurityGroupEngine } from "./security-groups.js";
import type { SecurityGroup } from "./security-group-rules.js";

const START = Date.UTC(2026, 0, 1);
const clock = () => {
  const c = { t: START, now: () => c.t, advance: (s: number) => void (c.t += s * 1000) };
  return c;
};

const ENI = "eni-0123456789abcdef0";
const ME = "10.0.1.10";
const web: SecurityGroup = {
  GroupId: "sg-web",
  IpPermissions: [{ IpProtocol: "tcp", FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }],
  IpPermissionsEgress: [],
};
const iface = (...groups: SecurityGroup[]): InterfaceSecurity => ({ interfaceId: ENI, groups });

const tcp = (direction: "ingress" | "egress", remote: string, remotePort: number, localPort: number, flags: number): Packet =>
  direction === "ingress"
    ? { direction, protocol: 6, srcaddr: remote, dstaddr: ME, srcport: remotePort, dstport: localPort, tcpFlags: flags }
    : { direction, protocol: 6, srcaddr: ME, dstaddr: remote, srcport: localPort, dstport: remotePort, tcpFlags: flags };

describe("security groups: stateful decisions", () => {
  it("accepts the reply to an accepted inbound connection although no egress rule allows it", () => {
    const engine = new SecurityGroupEngine({ clock: clock() });
    assert.equal(engine.evaluate(iface(web), tcp("ingress", "198.51.100.7", 50123, 80, TCP_SYN)), "ACCEPT");
    assert.equal(engine.evaluate(iface(web), tcp("egress", "198.51.100.7", 50123, 80, TCP_SYN | TCP_ACK)), "ACCEPT");
    assert.equal(
      engine.evaluate(iface(web), tcp("egress", "198.51.100.7", 50124, 80, TCP_SYN | TCP_ACK)),
      "REJECT",
      "another port pair is not the same connection",
    );
  });

  it("rejects unsolicited inbound traffic and outbound traffic with no egress rule", () => {
    const engine = new SecurityGroupEngine({ clock: clock() });
    assert.equal(engine.evaluate(iface(web), tcp("ingress", "198.51.100.7", 50123, 22, TCP_SYN)), "REJECT");
    assert.equal(engine.evaluate(iface(web), tcp("egress", "198.51.100.7", 443, 40000, TCP_SYN)), "REJECT");
    assert.equal(engine.tracker.size, 0, "rejected packets are not tracked");
  });

  it("accepts inbound replies to an outbound connection regardless of ingress rules", () => {
    const out: SecurityGroup = { GroupId: "sg-out", IpPermissionsEgress: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] };
    const engine = new SecurityGroupEngine({ clock: clock() });
    assert.equal(engine.evaluate(iface(out), tcp("egress", "52.216.10.1", 443, 41000, TCP_SYN)), "ACCEPT");
    assert.equal(engine.evaluate(iface(out), tcp("ingress", "52.216.10.1", 443, 41000, TCP_SYN | TCP_ACK)), "ACCEPT");
    assert.equal(engine.evaluate(iface(out), tcp("ingress", "52.216.10.1", 443, 41001, TCP_SYN)), "REJECT");
  });

  it("keeps a tracked connection when its rule is removed, as AWS documents", () => {
    const engine = new SecurityGroupEngine({ clock: clock() });
    engine.evaluate(iface(web), tcp("ingress", "198.51.100.7", 50123, 80, TCP_SYN));
    const closed: SecurityGroup = { GroupId: "sg-web", IpPermissions: [] };
    assert.equal(engine.evaluate(iface(closed), tcp("ingress", "198.51.100.7", 50123, 80, TCP_ACK)), "ACCEPT");
    assert.equal(engine.evaluate(iface(closed), tcp("ingress", "198.51.100.7", 50999, 80, TCP_SYN)), "REJECT");
  });
});

describe("security groups: connection tracking timeouts", () => {
  it("times an established TCP connection out after 432000 s idle, and a configured timeout sooner", () => {
    const c = clock();
    const engine = new SecurityGroupEngine({ clock: c });
    engine.evaluate(iface(web), tcp("ingress", "198.51.100.7", 50123, 80, TCP_SYN));
    engine.evaluate(iface(web), tcp("egress", "198.51.100.7", 50123, 80, TCP_SYN | TCP_ACK));
    c.advance(431_999);
    assert.equal(engine.evaluate(iface(web), tcp("egress", "198.51.100.7", 50123, 80, TCP_ACK)), "ACCEPT");
    c.advance(432_000);
    assert.equal(engine.evaluate(iface(web), tcp("egress", "198.51.100.7", 50123, 80, TCP_ACK)), "REJECT");

    const short = { ...iface(web), connectionTracking: { tcpEstablished: 60 } };
    engine.evaluate(short, tcp("ingress", "198.51.100.8", 50000, 80, TCP_SYN));
    engine.evaluate(short, tcp("egress", "198.51.100.8", 50000, 80, TCP_SYN | TCP_ACK));
    c.advance(61);
    assert.equal(engine.evaluate(short, tcp("egress", "198.51.100.8", 50000, 80, TCP_ACK)), "REJECT");
  });

  it("gives a half-open or closing TCP connection the transitory timeout", () => {
    const c = clock();
    const engine = new SecurityGroupEngine({ clock: c });
    engine.evaluate(iface(web), tcp("ingress", "198.51.100.7", 50123, 80, TCP_SYN));
    c.advance(121);
    assert.equal(engine.evaluate(iface(web), tcp("egress", "198.51.100.7", 50123, 80, TCP_SYN | TCP_ACK)), "REJECT");
    engine.evaluate(iface(web), tcp("ingress", "198.51.100.7", 50200, 80, TCP_SYN));
    engine.evaluate(iface(web), tcp("egress", "198.51.100.7", 50200, 80, TCP_SYN | TCP_ACK));
    engine.evaluate(iface(web), tcp("egress", "198.51.100.7", 50200, 80, TCP_FIN | TCP_ACK));
    assert.equal(engine.tracker.list().find((t) => t.key.includes("50200"))?.state, "closing");
    c.advance(121);
    assert.equal(engine.evaluate(iface(web), tcp("egress", "198.51.100.7", 50200, 80, TCP_ACK)), "REJECT");
  });

  it("times UDP out after 30 s, or 180 s once it is a stream of several request-response transactions", () => {
    const c = clock();
    const dns: SecurityGroup = {
      GroupId: "sg-dns",
      IpPermissionsEgress: [{ IpProtocol: "udp", FromPort: 53, ToPort: 53, IpRanges: [{ CidrIp: "10.0.0.0/16" }] }],
    };
    const engine = new SecurityGroupEngine({ clock: c });
    const query = { direction: "egress", protocol: 17, srcaddr: ME, dstaddr: "10.0.2.53", srcport: 40000, dstport: 53 } as const;
    const reply = { direction: "ingress", protocol: 17, srcaddr: "10.0.2.53", dstaddr: ME, srcport: 53, dstport: 40000 } as const;
    assert.equal(engine.evaluate(iface(dns), query), "ACCEPT");
    assert.equal(engine.evaluate(iface(dns), reply), "ACCEPT");
    c.advance(31);
    assert.equal(engine.evaluate(iface(dns), reply), "REJECT", "one transaction: 30 s");

    engine.evaluate(iface(dns), query);
    engine.evaluate(iface(dns), reply);
    engine.evaluate(iface(dns), query);
    engine.evaluate(iface(dns), reply);
    assert.equal(engine.tracker.list()[0]?.state, "udp-stream");
    c.advance(179);
    assert.equal(engine.evaluate(iface(dns), reply), "ACCEPT");
    c.advance(181);
    assert.equal(engine.evaluate(iface(dns), reply), "REJECT");
  });

  it("tracks ICMP echo so that the reply passes, and other protocols by address pair for 600 s", () => {
    const c = clock();
    const ping: SecurityGroup = {
      GroupId: "sg-ping",
      IpPermissions: [{ IpProtocol: "icmp", FromPort: 8, ToPort: -1, IpRanges: [{ CidrIp: "203.0.113.0/24" }] }],
      IpPermissionsEgress: [{ IpProtocol: "47", IpRanges: [{ CidrIp: "192.0.2.0/24" }] }],
    };
    const engine = new SecurityGroupEngine({ clock: c });
    const request = { direction: "ingress", protocol: 1, srcaddr: "203.0.113.12", dstaddr: ME, srcport: 0, dstport: 0, icmpType: 8, icmpCode: 0 } as const;
    assert.equal(engine.evaluate(iface(ping), request), "ACCEPT");
    assert.equal(engine.evaluate(iface(ping), { ...request, direction: "egress", srcaddr: ME, dstaddr: "203.0.113.12", icmpType: 0 }), "ACCEPT");
    assert.equal(engine.evaluate(iface(ping), { ...request, icmpType: 13 }), "ACCEPT", "tracked by address pair: a timestamp request rides the echo's entry");
    assert.equal(engine.evaluate(iface(ping), { ...request, srcaddr: "203.0.113.13", icmpType: 13 }), "REJECT", "type 13 is not allowed by the rule");

    const gre = { direction: "egress", protocol: 47, srcaddr: ME, dstaddr: "192.0.2.9", srcport: 0, dstport: 0 } as const;
    assert.equal(engine.evaluate(iface(ping), gre), "ACCEPT");
    c.advance(599);
    assert.equal(engine.evaluate(iface(ping), { ...gre, direction: "ingress", srcaddr: "192.0.2.9", dstaddr: ME }), "ACCEPT");
    c.advance(601);
    assert.equal(engine.evaluate(iface(ping), { ...gre, direction: "ingress", srcaddr: "192.0.2.9", dstaddr: ME }), "REJECT");
  });

  it("sweeps expired connections", () => {
    const c = clock();
    const engine = new SecurityGroupEngine({ clock: c });
    engine.evaluate(iface(web), tcp("ingress", "198.51.100.7", 50123, 80, TCP_SYN));
    c.advance(200);
    assert.equal(engine.tracker.sweep(), 1);
    assert.equal(engine.tracker.size, 0);
  });
});

describe("security groups: rule matching", () => {
  const engine = () => new SecurityGroupEngine({ clock: clock(), membership: (groupId, address) => groupId === "sg-app" && address === "10.0.2.20" });
  const inbound = (protocol: number, srcaddr: string, dstport: number, extra: Partial<Packet> = {}): Packet => ({
    direction: "ingress",
    protocol,
    srcaddr,
    dstaddr: ME,
    srcport: 40000,
    dstport,
    ...extra,
  });

  it("matches protocol -1 on every protocol and port", () => {
    const all: SecurityGroup = { GroupId: "sg-all", IpPermissions: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "10.0.0.0/16" }] }] };
    const e = engine();
    assert.equal(e.rulesAllow([all], inbound(6, "10.0.9.9", 5432)), true);
    assert.equal(e.rulesAllow([all], inbound(17, "10.0.9.9", 53)), true);
    assert.equal(e.rulesAllow([all], inbound(1, "10.0.9.9", 0, { icmpType: 8, icmpCode: 0 })), true);
    assert.equal(e.rulesAllow([all], inbound(6, "10.1.0.1", 5432)), false, "outside the CIDR");
  });

  it("matches port ranges inclusively, per protocol, and protocol numbers as text", () => {
    const range: SecurityGroup = {
      GroupId: "sg-r",
      IpPermissions: [
        { IpProtocol: "tcp", FromPort: 8000, ToPort: 8080, IpRanges: [{ CidrIp: "0.0.0.0/0" }] },
        { IpProtocol: "17", FromPort: 53, ToPort: 53, IpRanges: [{ CidrIp: "0.0.0.0/0" }] },
      ],
    };
    const e = engine();
    assert.equal(e.rulesAllow([range], inbound(6, "1.2.3.4", 8000)), true);
    assert.equal(e.rulesAllow([range], inbound(6, "1.2.3.4", 8080)), true);
    assert.equal(e.rulesAllow([range], inbound(6, "1.2.3.4", 8081)), false);
    assert.equal(e.rulesAllow([range], inbound(17, "1.2.3.4", 8000)), false, "the tcp range does not open udp");
    assert.equal(e.rulesAllow([range], inbound(17, "1.2.3.4", 53)), true);
  });

  it("matches CIDR blocks by prefix, /32 and /0", () => {
    const g: SecurityGroup = {
      GroupId: "sg-c",
      IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "203.0.113.5/32" }, { CidrIp: "172.16.0.0/12" }] }],
    };
    const e = engine();
    assert.equal(e.rulesAllow([g], inbound(6, "203.0.113.5", 22)), true);
    assert.equal(e.rulesAllow([g], inbound(6, "203.0.113.6", 22)), false);
    assert.equal(e.rulesAllow([g], inbound(6, "172.31.255.1", 22)), true);
    assert.equal(e.rulesAllow([g], inbound(6, "172.32.0.1", 22)), false);
  });

  it("matches ICMP type and code, -1 meaning any", () => {
    const g: SecurityGroup = { GroupId: "sg-i", IpPermissions: [{ IpProtocol: "icmp", FromPort: 3, ToPort: 4, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] };
    const e = engine();
    assert.equal(e.rulesAllow([g], inbound(1, "1.2.3.4", 0, { icmpType: 3, icmpCode: 4 })), true, "fragmentation needed");
    assert.equal(e.rulesAllow([g], inbound(1, "1.2.3.4", 0, { icmpType: 3, icmpCode: 1 })), false);
    assert.equal(e.rulesAllow([g], inbound(1, "1.2.3.4", 0, { icmpType: 8, icmpCode: 0 })), false);
    assert.equal(e.rulesAllow([g], inbound(58, "2001:db8::1", 0, { icmpType: 3, icmpCode: 4 })), false, "icmp does not open icmpv6");
  });

  it("matches IPv6 ranges only for IPv6 addresses, and icmpv6", () => {
    const g: SecurityGroup = {
      GroupId: "sg-6",
      IpPermissions: [
        { IpProtocol: "tcp", FromPort: 22, ToPort: 22, Ipv6Ranges: [{ CidrIpv6: "2001:db8:1234:a100::/56" }] },
        { IpProtocol: "icmpv6", FromPort: -1, ToPort: -1, Ipv6Ranges: [{ CidrIpv6: "::/0" }] },
      ],
    };
    const e = engine();
    assert.equal(e.rulesAllow([g], inbound(6, "2001:db8:1234:a100:8d6e:3477:df66:f105", 22)), true);
    assert.equal(e.rulesAllow([g], inbound(6, "2001:db8:1234:b100::1", 22)), false);
    assert.equal(e.rulesAllow([g], inbound(6, "10.0.0.1", 22)), false, "an IPv6 range never matches IPv4");
    assert.equal(e.rulesAllow([g], inbound(58, "2001:db8::9", 0, { icmpType: 128, icmpCode: 0 })), true);
  });

  it("matches a referenced group through the membership lookup", () => {
    const db: SecurityGroup = {
      GroupId: "sg-db",
      IpPermissions: [{ IpProtocol: "tcp", FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: "sg-app" }] }],
    };
    const e = engine();
    assert.equal(e.rulesAllow([db], inbound(6, "10.0.2.20", 5432)), true);
    assert.equal(e.rulesAllow([db], inbound(6, "10.0.2.21", 5432)), false);
  });

  it("takes the union of several groups' rules", () => {
    const ssh: SecurityGroup = {
      GroupId: "sg-ssh",
      IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "203.0.113.0/24" }] }],
    };
    const e = engine();
    assert.equal(e.rulesAllow([web, ssh], inbound(6, "203.0.113.9", 22)), true);
    assert.equal(e.rulesAllow([web, ssh], inbound(6, "198.51.100.1", 80)), true);
    assert.equal(e.rulesAllow([web, ssh], inbound(6, "198.51.100.1", 22)), false);
  });

  it("refuses prefix lists, bad CIDRs and unknown protocols with a NetworkError", () => {
    const e = engine();
    const prefixList: SecurityGroup = {
      GroupId: "sg-p",
      IpPermissions: [{ IpProtocol: "tcp", FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: "pl-63a5400a" }] }],
    };
    assert.throws(
      () => e.rulesAllow([prefixList], inbound(6, "1.2.3.4", 443)),
      (err: unknown) => err instanceof NetworkError && err.kind === "unsupported" && /pl-63a5400a/.test(err.message),
    );
    const bad: SecurityGroup = { GroupId: "sg-b", IpPermissions: [{ IpProtocol: "tcp", FromPort: 1, ToPort: 2, IpRanges: [{ CidrIp: "10.0.0.0/33" }] }] };
    assert.throws(() => e.rulesAllow([bad], inbound(6, "1.2.3.4", 1)), NetworkError);
    const proto: SecurityGroup = { GroupId: "sg-x", IpPermissions: [{ IpProtocol: "sctpx", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] };
    assert.throws(() => e.rulesAllow([proto], inbound(6, "1.2.3.4", 1)), NetworkError);
    const noLookup = new SecurityGroupEngine({ clock: clock() });
    const ref: SecurityGroup = {
      GroupId: "sg-db",
      IpPermissions: [{ IpProtocol: "tcp", FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: "sg-app" }] }],
    };
    assert.throws(() => noLookup.rulesAllow([ref], inbound(6, "10.0.2.20", 5432)), NetworkError);
  });
});
