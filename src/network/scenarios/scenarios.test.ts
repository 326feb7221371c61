import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FlowAggregator } from "../aggregator.js";
import { AwsServiceRanges } from "../aws-service-ranges.js";
import { isUnloggedTraffic } from "../not-logged.js";
import type { Observation } from "../observation.js";
import { SCENARIOS, type ScenarioInterface, appDatabase, dns, exfiltration, portScan, s3Egress, sshBruteForce, webClients } from "./index.js";

const START = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;
const VPC: ScenarioInterface[] = [
  { interfaceId: "eni-web", privateIp: "10.0.1.10", publicIp: "3.90.0.10", roles: ["web", "bastion"], openPorts: [22, 80, 443] },
  { interfaceId: "eni-app", privateIp: "10.0.2.20", roles: ["app"] },
  { interfaceId: "eni-db", privateIp: "10.0.3.30", roles: ["database"] },
  { interfaceId: "eni-dns", privateIp: "10.0.0.53", roles: ["dns"] },
];
const run = (obs: Iterable<Observation>) => [...obs];
const options = { seed: 42, start: START, end: START + 10 * 60_000, rate: 5 };

describe("scenarios: determinism and shape", () => {
  it("gives the same observations for the same seed, and others for another seed", () => {
    for (const [name, scenario] of Object.entries(SCENARIOS)) {
      const a = run(scenario(VPC, options));
      const b = run(scenario(VPC, options));
      assert.ok(a.length > 0, `${name} yields traffic`);
      assert.deepEqual(a, b, name);
      if (name !== "exfiltration") assert.notDeepEqual(run(scenario(VPC, { ...options, seed: 43 })), a, name);
    }
  });

  it("yields observations in time order inside [start, end), with sane counts", () => {
    for (const [name, scenario] of Object.entries(SCENARIOS)) {
      let previous = -Infinity;
      for (const o of scenario(VPC, options)) {
        assert.ok(o.time >= previous, `${name} in time order`);
        assert.ok(o.time >= options.start && o.time < options.end, `${name} inside the range`);
        assert.ok(Number.isInteger(o.packets) && o.packets > 0 && o.bytes >= o.packets * 28, `${name}: ${o.packets} packets, ${o.bytes} bytes`);
        assert.ok(o.srcport >= 0 && o.srcport <= 65535 && o.dstport >= 0 && o.dstport <= 65535);
        previous = o.time;
      }
    }
  });

  it("refuses a rate that is not positive", () => {
    assert.throws(() => run(webClients(VPC, { ...options, rate: 0 })), /rate/);
  });
});

describe("scenarios: normal traffic", () => {
  it("web clients reach 80 and 443 from the internet, and the server's flows OR to SYN/FIN and SYN-ACK/FIN", () => {
    const agg = new FlowAggregator({ defaultInterval: 600 });
    const observations = run(webClients(VPC, options));
    for (const o of observations) agg.add(o);
    assert.ok(observations.every((o) => o.interfaceId === "eni-web"));
    const ingress = observations.filter((o) => o.direction === "ingress");
    assert.ok(
      ingress.every((o) => o.dstaddr === "10.0.1.10" && (o.dstport === 80 || o.dstport === 443)),
      "the interface sees its private address",
    );
    assert.ok(ingress.every((o) => o.srcport >= 32768));
    const flows = agg.flush(options.end).flatMap((w) => w.records);
    const flags = new Set(flows.map((f) => `${f.direction}:${f.tcpFlags}`));
    assert.ok(flags.has("ingress:3") && flags.has("egress:19"), [...flags].join(" "));
    const down = flows.filter((f) => f.direction === "egress").reduce((s, f) => s + (f.bytes ?? 0), 0);
    const up = flows.filter((f) => f.direction === "ingress").reduce((s, f) => s + (f.bytes ?? 0), 0);
    assert.ok(down > 5 * up, "responses outweigh requests");
  });

  it("app to database is logged on both interfaces, egress on one and ingress on the other", () => {
    const observations = run(appDatabase(VPC, options));
    const app = observations.filter((o) => o.interfaceId === "eni-app" && o.dstport === 5432);
    const db = observations.filter((o) => o.interfaceId === "eni-db" && o.dstport === 5432);
    assert.ok(app.length > 0 && app.every((o) => o.direction === "egress" && o.dstaddr === "10.0.3.30"));
    assert.ok(db.length === app.length && db.every((o) => o.direction === "ingress" && o.srcaddr === "10.0.2.20"));
  });

  it("DNS goes to the VPC's own server on udp 53, never to the Amazon DNS server", () => {
    const observations = run(dns(VPC, options));
    assert.ok(observations.some((o) => o.interfaceId === "eni-dns" && o.direction === "ingress" && o.dstport === 53 && o.protocol === 17));
    assert.ok(
      observations.some((o) => o.interfaceId === "eni-dns" && o.direction === "egress" && o.dstport === 53 && !o.dstaddr.startsWith("10.")),
      "cache misses go upstream",
    );
    assert.ok(observations.every((o) => !isUnloggedTraffic(o, ["10.0.0.0/16"])));
    assert.deepEqual(
      run(
        dns(
          VPC.filter((i) => i.interfaceId !== "eni-dns"),
          options,
        ),
      ),
      [],
      "the Amazon DNS server is not logged",
    );
  });

  it("S3 egress goes to addresses of the S3 ranges", () => {
    const ranges = new AwsServiceRanges();
    const egress = run(s3Egress(VPC, options)).filter((o) => o.direction === "egress");
    assert.ok(egress.length > 0 && egress.every((o) => o.interfaceId === "eni-app" && ranges.serviceOf(o.dstaddr) === "S3" && o.dstport === 443));
  });
});

describe("scenarios: attack signatures", () => {
  it("a port scan: one source, many ports of one interface, mostly REJECT", () => {
    const observations = run(portScan(VPC, { ...options, rate: 20 }));
    const sources = new Set(observations.filter((o) => o.direction === "ingress").map((o) => o.srcaddr));
    assert.equal(sources.size, 1);
    const ports = new Set(observations.map((o) => (o.direction === "ingress" ? o.dstport : o.srcport)));
    assert.ok(ports.size > 500, `${ports.size} ports`);
    const rejected = observations.filter((o) => o.action === "REJECT").length;
    assert.ok(rejected / observations.length > 0.9, `${rejected} of ${observations.length} REJECT`);
    assert.ok(
      observations.some((o) => o.action === "ACCEPT" && o.tcpFlags === 18),
      "an open port answers SYN-ACK",
    );
  });

  it("SSH brute force: many short connections to 22 from one source, each its own source port", () => {
    const observations = run(sshBruteForce(VPC, { ...options, rate: 2 })).filter((o) => o.direction === "ingress");
    assert.ok(observations.every((o) => o.dstport === 22 && o.interfaceId === "eni-web"));
    assert.equal(new Set(observations.map((o) => o.srcaddr)).size, 1);
    const connections = new Set(observations.map((o) => o.srcport));
    assert.ok(connections.size > 600, `${connections.size} connections in 10 minutes`);
    const closed = VPC.map((i) => ({ ...i, openPorts: [443] }));
    const rejected = run(sshBruteForce(closed, { ...options, rate: 2 }));
    assert.ok(rejected.length > 0 && rejected.every((o) => o.action === "REJECT" && o.tcpFlags === 2));
  });

  it("an exfiltration burst: gigabytes egress to one external address", () => {
    const observations = run(exfiltration(VPC, { ...options, end: START + HOUR, rate: 5 }));
    const egress = observations.filter((o) => o.direction === "egress");
    assert.equal(new Set(egress.map((o) => o.dstaddr)).size, 1);
    const bytes = egress.reduce((s, o) => s + o.bytes, 0);
    assert.ok(bytes > 4_000_000_000, `${bytes} bytes`);
    const ingress = observations.filter((o) => o.direction === "ingress").reduce((s, o) => s + o.bytes, 0);
    assert.ok(bytes > 20 * ingress, "the return path carries only ACKs");
  });
});
