import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_FORMAT, FIELDS, V5_FORMAT, formatRecord, parseFormat, recordParser } from "../flowlog/index.js";
import { FlowAggregator } from "./aggregator.js";
import { AwsServiceRanges } from "./aws-service-ranges.js";
import { FlowEnricher, type InterfaceMetadata } from "./enrich.js";
import type { AggregatedFlow } from "./observation.js";

/** The interface of AWS's v5 example (Amazon VPC User Guide, flow log record examples). */
const EXAMPLE: InterfaceMetadata = {
  interfaceId: "eni-1235b8ca123456789",
  accountId: "123456789012",
  vpcId: "vpc-abcdefab012345678",
  subnetId: "subnet-aaaaaaaa012345678",
  instanceId: "i-0c50d5961bcb2d47b",
  region: "ap-southeast-2",
  azId: "apse2-az3",
  privateIp: "10.0.0.71",
};

const flow = (fields: Partial<AggregatedFlow>): AggregatedFlow => ({
  interfaceId: EXAMPLE.interfaceId,
  logStatus: "OK",
  direction: "ingress",
  srcaddr: null,
  dstaddr: null,
  srcport: null,
  dstport: null,
  protocol: 6,
  packets: 1,
  bytes: 60,
  start: 0,
  end: 0,
  action: "ACCEPT",
  tcpFlags: 0,
  pktSrcaddr: null,
  pktDstaddr: null,
  ...fields,
});

describe("enrich", () => {
  it("reproduces AWS's v5 example records (service name, traffic path, flow direction)", () => {
    const format = parseFormat(
      "${version} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${start} ${end} ${type} ${packets} ${bytes} ${account-id} ${vpc-id} ${subnet-id} ${instance-id} ${interface-id} ${region} ${az-id} ${sublocation-type} ${sublocation-id} ${action} ${tcp-flags} ${pkt-srcaddr} ${pkt-dstaddr} ${pkt-src-aws-service} ${pkt-dst-aws-service} ${traffic-path} ${flow-direction} ${log-status}",
    );
    const enricher = new FlowEnricher();
    const ingress = flow({
      srcaddr: "52.95.128.179",
      dstaddr: "10.0.0.71",
      srcport: 80,
      dstport: 34210,
      start: 1616729292,
      end: 1616729349,
      packets: 14,
      bytes: 15044,
      tcpFlags: 19,
      pktSrcaddr: "52.95.128.179",
      pktDstaddr: "10.0.0.71",
    });
    const egress = flow({
      direction: "egress",
      srcaddr: "10.0.0.71",
      dstaddr: "52.95.128.179",
      srcport: 34210,
      dstport: 80,
      start: 1616729292,
      end: 1616729349,
      packets: 7,
      bytes: 471,
      tcpFlags: 3,
      pktSrcaddr: "10.0.0.71",
      pktDstaddr: "52.95.128.179",
    });
    assert.equal(
      formatRecord(enricher.record(ingress, EXAMPLE, format.version), format),
      "5 52.95.128.179 10.0.0.71 80 34210 6 1616729292 1616729349 IPv4 14 15044 123456789012 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-0c50d5961bcb2d47b eni-1235b8ca123456789 ap-southeast-2 apse2-az3 - - ACCEPT 19 52.95.128.179 10.0.0.71 S3 - - ingress OK",
    );
    assert.equal(
      formatRecord(enricher.record(egress, EXAMPLE, format.version), format),
      "5 10.0.0.71 52.95.128.179 34210 80 6 1616729292 1616729349 IPv4 7 471 123456789012 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-0c50d5961bcb2d47b eni-1235b8ca123456789 ap-southeast-2 apse2-az3 - - ACCEPT 3 10.0.0.71 52.95.128.179 - S3 8 egress OK",
    );
  });

  it("fills every catalogued field, so any LogFormat can be written", () => {
    const record = new FlowEnricher().record(flow({ srcaddr: "1.2.3.4", dstaddr: "10.0.0.71" }), EXAMPLE, 8);
    for (const field of FIELDS) assert.ok(field.name in record, field.name);
  });

  it("shows the private address for traffic that reached the instance on its public address", () => {
    const iface = { ...EXAMPLE, publicIp: "3.25.1.9" };
    const enricher = new FlowEnricher();
    const inbound = enricher.record(flow({ srcaddr: "198.51.100.7", dstaddr: "3.25.1.9", srcport: 50000, dstport: 80 }), iface, 5);
    const outbound = enricher.record(flow({ direction: "egress", srcaddr: "3.25.1.9", dstaddr: "198.51.100.7", srcport: 80, dstport: 50000 }), iface, 5);
    assert.deepEqual([inbound.dstaddr, inbound["pkt-dstaddr"], inbound["traffic-path"]], ["10.0.0.71", "10.0.0.71", null]);
    assert.deepEqual([outbound.srcaddr, outbound["pkt-srcaddr"], outbound["traffic-path"]], ["10.0.0.71", "10.0.0.71", 8]);
  });

  it("gives traffic-path 1 inside the VPC's blocks and types IPv6", () => {
    const iface = { ...EXAMPLE, vpcCidrs: ["10.0.0.0/16", "2001:db8:1234:a100::/56"] };
    const enricher = new FlowEnricher();
    assert.equal(enricher.record(flow({ direction: "egress", srcaddr: "10.0.0.71", dstaddr: "10.0.3.9" }), iface, 5)["traffic-path"], 1);
    assert.equal(
      enricher.record(flow({ direction: "egress", srcaddr: "10.0.0.71", dstaddr: "172.16.0.9" }), iface, 5)["traffic-path"],
      8,
      "172.16/12 is outside this VPC",
    );
    const v6 = enricher.record(flow({ direction: "egress", srcaddr: "2001:db8:1234:a100::5", dstaddr: "2001:db8:1234:a102::9" }), iface, 5);
    assert.deepEqual([v6.type, v6["traffic-path"]], ["IPv6", 1]);
  });

  it("round-trips aggregated records, NODATA and SKIPDATA through formatRecord and recordParser (default and v5)", () => {
    const agg = new FlowAggregator({ flowCapacity: 2 });
    agg.monitor(EXAMPLE.interfaceId, { aggregationInterval: 60, since: 1_566_848_880_000 });
    const base = {
      interfaceId: EXAMPLE.interfaceId,
      time: 1_566_848_941_000,
      direction: "ingress" as const,
      srcaddr: "52.213.180.42",
      dstaddr: "10.0.0.71",
      srcport: 43416,
      dstport: 5001,
      protocol: 6,
      packets: 8,
      bytes: 568,
      tcpFlags: 2,
      action: "ACCEPT" as const,
    };
    agg.add(base);
    agg.add({ ...base, direction: "egress", srcaddr: "10.0.0.71", dstaddr: "52.213.180.42", srcport: 5001, dstport: 43416, tcpFlags: 18 });
    agg.add({ ...base, srcport: 43417 });
    const windows = agg.closeWindows(1_566_849_000_000);
    const flows = windows.flatMap((w) => w.records);
    assert.deepEqual(
      flows.map((f) => f.logStatus),
      ["NODATA", "OK", "OK", "SKIPDATA"],
    );
    const enricher = new FlowEnricher(new AwsServiceRanges([]));
    for (const format of [DEFAULT_FORMAT, V5_FORMAT]) {
      const parse = recordParser(format);
      for (const f of flows) {
        const record = enricher.record(f, EXAMPLE, format.version);
        const line = formatRecord(record, format);
        const parsed = parse(line);
        for (const field of format.fields) assert.equal(parsed[field.name], record[field.name], `${format.version} ${field.name} in '${line}'`);
      }
    }
    const nodata = enricher.record(flows[0] as AggregatedFlow, EXAMPLE, 2);
    assert.equal(formatRecord(nodata, DEFAULT_FORMAT), "2 123456789012 eni-1235b8ca123456789 - - - - - - - 1566848880 1566848940 - NODATA");
    assert.equal(
      formatRecord(enricher.record(flows[3] as AggregatedFlow, EXAMPLE, 2), DEFAULT_FORMAT),
      "2 123456789012 eni-1235b8ca123456789 - - - - - - - 1566848940 1566849000 - SKIPDATA",
    );
    assert.equal(
      formatRecord(enricher.record(flows[1] as AggregatedFlow, EXAMPLE, 2), DEFAULT_FORMAT),
      "2 123456789012 eni-1235b8ca123456789 52.213.180.42 10.0.0.71 43416 5001 6 8 568 1566848941 1566848941 ACCEPT OK",
    );
  });

  it("names AWS services with the specific code over AMAZON, and loads ip-ranges.json", () => {
    const ranges = new AwsServiceRanges();
    assert.equal(ranges.serviceOf("52.216.4.4"), "S3");
    assert.equal(ranges.serviceOf("3.85.0.1"), "EC2");
    assert.equal(ranges.serviceOf("198.51.100.1"), null);
    const loaded = AwsServiceRanges.fromIpRanges({
      prefixes: [{ ip_prefix: "15.230.0.0/16", region: "us-east-1", service: "AMAZON" }],
      ipv6_prefixes: [{ ipv6_prefix: "2600:1f18::/33", region: "us-east-1", service: "EC2" }],
    });
    assert.equal(loaded.serviceOf("15.230.1.1"), "AMAZON");
    assert.equal(loaded.serviceOf("2600:1f18::1"), "EC2");
  });
});
