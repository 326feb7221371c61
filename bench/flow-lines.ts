/** Synthetic flow log lines for benchmarks: deterministic, shaped like real traffic. */
import { DEFAULT_FORMAT, type FlowLogFormat, type FlowRecord, formatRecord } from "../src/flowlog/index.js";

/** A small deterministic generator, so every run measures the same lines. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PORTS = [22, 80, 443, 3389, 53, 123, 5432, 8080];

/** One record with a value for every field of any format. */
export function syntheticRecord(random: () => number, i: number): FlowRecord {
  const start = 1_700_000_000 + Math.floor(i / 100);
  const reject = random() < 0.2;
  const src = `10.0.${Math.floor(random() * 4)}.${Math.floor(random() * 250) + 2}`;
  const dst = `203.0.113.${Math.floor(random() * 50) + 1}`;
  return {
    version: 5,
    "account-id": "123456789012",
    "interface-id": `eni-0${(Math.floor(random() * 8) + 1).toString(16).padStart(16, "a")}`,
    srcaddr: src,
    dstaddr: dst,
    srcport: 1024 + Math.floor(random() * 60000),
    dstport: PORTS[Math.floor(random() * PORTS.length)] as number,
    protocol: random() < 0.9 ? 6 : 17,
    packets: 1 + Math.floor(random() * 200),
    bytes: 40 + Math.floor(random() * 200000),
    start,
    end: start + 60,
    action: reject ? "REJECT" : "ACCEPT",
    "log-status": "OK",
    "vpc-id": "vpc-0abcdef0123456789",
    "subnet-id": "subnet-0abcdef0123456789",
    "instance-id": "i-0abcdef0123456789",
    "tcp-flags": reject ? 2 : 19,
    type: "IPv4",
    "pkt-srcaddr": src,
    "pkt-dstaddr": dst,
    region: "us-east-1",
    "az-id": "use1-az1",
    "sublocation-type": null,
    "sublocation-id": null,
    "pkt-src-aws-service": null,
    "pkt-dst-aws-service": random() < 0.1 ? "S3" : null,
    "flow-direction": "egress",
    "traffic-path": 8,
  };
}

export function syntheticLines(count: number, format: FlowLogFormat = DEFAULT_FORMAT, seed = 42): string[] {
  const random = prng(seed);
  const lines = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const record = syntheticRecord(random, i);
    if (format === DEFAULT_FORMAT) record.version = 2;
    lines[i] = formatRecord(record, format);
  }
  return lines;
}
