/**
 * AWS's VPC flow log sample queries (aws-spec.md 5.5, addresses substituted), a generated data set, and
 * each sample's answer computed here with plain arrays, independent of the engine: for the engine's
 * test and for the wire test that runs them through StartQuery.
 */
import type { InsightsEvent } from "../../src/insights/index.js";

export const NAT = "10.0.0.99"; // x.x.x.x: the NAT gateway's private address
export const NAT_PUBLIC = "198.51.100.9"; // xxx.xx.xx.xx
export const VPC = "10.0."; // y.y.: the first two octets of the VPC's CIDR
export const SUSPECT = "203.0.113.5"; // <Source IP Address>

function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

const HOSTS = [
  ...Array.from({ length: 12 }, (_, i) => `10.0.1.${i + 1}`),
  ...Array.from({ length: 6 }, (_, i) => `192.0.2.${i + 10}`),
  ...Array.from({ length: 8 }, (_, i) => `203.0.113.${i + 1}`),
  NAT,
  NAT_PUBLIC,
  "8.8.8.8",
];
const START = Date.UTC(2024, 2, 1, 8, 0, 0);

export function generate(count: number): InsightsEvent[] {
  const r = random(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T;
  const events: InsightsEvent[] = [];
  for (let i = 0; i < count; i++) {
    const timestamp = START + Math.floor((i * 5 * 3_600_000) / count);
    const start = Math.floor(timestamp / 1000) - 60;
    const status = r() < 0.03 ? pick(["NODATA", "SKIPDATA"]) : "OK";
    const message =
      status === "OK"
        ? `2 123456789010 eni-${pick(["a1", "b2", "c3"])} ${pick(HOSTS)} ${pick(HOSTS)} ${1024 + Math.floor(r() * 60000)} ${pick([22, 53, 80, 443, 3389])} ${pick([6, 6, 6, 17, 1])} ${1 + Math.floor(r() * 50)} ${40 + Math.floor(r() * 90000)} ${start} ${start + 60} ${r() < 0.25 ? "REJECT" : "ACCEPT"} OK`
        : `2 123456789010 eni-a1 - - - - - - - ${start} ${start + 60} - ${status}`;
    events.push({ timestamp, ingestionTime: timestamp + 2000, message, logStream: "eni-a1-all", log: "000000000000:MyVpc22-Log", ptr: `p${i}` });
  }
  return events;
}

export const EVENTS = generate(4000);

interface Flow {
  readonly timestamp: number;
  readonly ptr: string;
  readonly message: string;
  readonly f: Record<string, string | undefined>;
  readonly n: Record<string, number | undefined>;
}

const NAMES = [
  "version",
  "accountId",
  "interfaceId",
  "srcAddr",
  "dstAddr",
  "srcPort",
  "dstPort",
  "protocol",
  "packets",
  "bytes",
  "startTime",
  "endTime",
  "action",
  "logStatus",
];
export const FLOWS: Flow[] = EVENTS.map((e) => {
  const parts = e.message.split(" ");
  const f: Record<string, string | undefined> = {};
  const n: Record<string, number | undefined> = {};
  NAMES.forEach((name, i) => {
    const v = parts[i];
    f[name] = v === "-" ? undefined : v;
    n[name] = v === "-" || v === undefined ? undefined : Number(v);
  });
  return { timestamp: e.timestamp, ptr: e.ptr as string, message: e.message, f, n };
});

export type Row = Record<string, string>;
export const asRows = (results: { field: string; value: string }[][]): Row[] => results.map((r) => Object.fromEntries(r.map((x) => [x.field, x.value])));
const time = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace("Z", "");

/** Groups in order of first appearance, as the engine documents it. */
function groups<T>(flows: readonly Flow[], key: (f: Flow) => (string | undefined)[], init: () => T, add: (acc: T, f: Flow) => void) {
  const map = new Map<string, { keys: (string | undefined)[]; acc: T }>();
  for (const flow of flows) {
    const keys = key(flow);
    const k = JSON.stringify(keys);
    let g = map.get(k);
    if (g === undefined) map.set(k, (g = { keys, acc: init() }));
    add(g.acc, flow);
  }
  return [...map.values()];
}

function row(pairs: [string, string | number | undefined][]): Row {
  const out: Row = {};
  for (const [k, v] of pairs) if (v !== undefined) out[k] = String(v);
  return out;
}

/** Stable sort by a numeric column, descending, absent values last. */
const byDesc = (column: string) => (rows: Row[]) =>
  rows.slice().sort((a, b) => (a[column] === undefined ? 1 : 0) - (b[column] === undefined ? 1 : 0) || Number(b[column] ?? 0) - Number(a[column] ?? 0));

function sumBytesBy(flows: readonly Flow[], alias: string, key: (f: Flow) => (string | undefined)[], names: string[], field = "bytes"): Row[] {
  return groups(
    flows,
    key,
    () => ({ sum: 0, n: 0 }),
    (acc, f) => {
      const v = f.n[field];
      if (v !== undefined) {
        acc.sum += v;
        acc.n++;
      }
    },
  ).map((g) => row([...names.map((name, i) => [name, g.keys[i]] as [string, string | undefined]), [alias, g.acc.n === 0 ? undefined : g.acc.sum]]));
}

const countBy = (flows: readonly Flow[], alias: string, name: string, key: (f: Flow) => string | undefined) =>
  groups(
    flows,
    (f) => [key(f)],
    () => ({ n: 0 }),
    (acc) => void acc.n++,
  ).map((g) =>
    row([
      [name, g.keys[0]],
      [alias, g.acc.n],
    ]),
  );

const has = (s: string | undefined, part: string) => s?.includes(part);
const top = (n: number) => (rows: Row[]) => rows.slice(0, n);

export interface Sample {
  readonly title: string;
  readonly query: string;
  readonly expected: () => Row[];
}

const pair = (f: Flow) => [f.f.srcAddr, f.f.dstAddr];
export const natDownloads = (f: Flow) => has(f.f.dstAddr, NAT) && has(f.f.srcAddr, VPC);

export const SAMPLES: Sample[] = [
  {
    title: "A: top 15 packet transfers across hosts",
    query: "stats sum(packets) as packetsTransferred by srcAddr, dstAddr\n    | sort packetsTransferred  desc\n    | limit 15",
    expected: () => top(15)(byDesc("packetsTransferred")(sumBytesBy(FLOWS, "packetsTransferred", pair, ["srcAddr", "dstAddr"], "packets"))),
  },
  {
    title: "A: top 15 byte transfers for hosts on a given subnet",
    query:
      'filter isIpv4InSubnet(srcAddr, "192.0.2.0/24")\n    | stats sum(bytes) as bytesTransferred by dstAddr\n    | sort bytesTransferred desc\n    | limit 15',
    expected: () =>
      top(15)(
        byDesc("bytesTransferred")(
          sumBytesBy(
            FLOWS.filter((f) => f.f.srcAddr?.startsWith("192.0.2.") === true),
            "bytesTransferred",
            (f) => [f.f.dstAddr],
            ["dstAddr"],
          ),
        ),
      ),
  },
  {
    title: "A and C: IP addresses using UDP",
    query: "filter protocol=17 | stats count(*) by srcAddr",
    expected: () =>
      countBy(
        FLOWS.filter((f) => f.n.protocol === 17),
        "count(*)",
        "srcAddr",
        (f) => f.f.srcAddr,
      ),
  },
  {
    title: "A: records skipped during the capture window, by hour",
    query: 'filter logStatus="SKIPDATA"\n    | stats count(*) by bin(1h) as t\n    | sort t',
    expected: () => {
      const hour = (f: Flow) => String(Math.floor(f.timestamp / 3_600_000) * 3_600_000);
      return countBy(
        FLOWS.filter((f) => f.f.logStatus === "SKIPDATA"),
        "count(*)",
        "t",
        hour,
      )
        .sort((a, b) => Number(a.t) - Number(b.t))
        .map((r) => ({ t: time(Number(r.t)), "count(*)": r["count(*)"] as string }));
    },
  },
  {
    title: "B: instances sending the most traffic through the NAT gateway",
    query: `filter (dstAddr like '${NAT}' and srcAddr like '${VPC}') \n| stats sum(bytes) as bytesTransferred by srcAddr, dstAddr\n| sort bytesTransferred desc\n| limit 10`,
    expected: () => top(10)(byDesc("bytesTransferred")(sumBytesBy(FLOWS.filter(natDownloads), "bytesTransferred", pair, ["srcAddr", "dstAddr"]))),
  },
  {
    title: "B: traffic to and from the instances of the NAT gateway",
    query: `filter (dstAddr like '${NAT}' and srcAddr like '${VPC}') or (srcAddr like '${NAT_PUBLIC}' and dstAddr like '${VPC}')\n| stats sum(bytes) as bytesTransferred by srcAddr, dstAddr\n| sort bytesTransferred desc\n| limit 10`,
    expected: () =>
      top(10)(
        byDesc("bytesTransferred")(
          sumBytesBy(
            FLOWS.filter((f) => natDownloads(f) || (has(f.f.srcAddr, NAT_PUBLIC) && has(f.f.dstAddr, VPC))),
            "bytesTransferred",
            pair,
            ["srcAddr", "dstAddr"],
          ),
        ),
      ),
  },
  {
    title: "B: uploads through the NAT gateway",
    query: `filter (srcAddr like '${NAT}' and dstAddr not like '${VPC}') \n| stats sum(bytes) as bytesTransferred by srcAddr, dstAddr\n| sort bytesTransferred desc\n| limit 10`,
    expected: () =>
      top(10)(
        byDesc("bytesTransferred")(
          sumBytesBy(
            FLOWS.filter((f) => has(f.f.srcAddr, NAT) && f.f.dstAddr !== undefined && !f.f.dstAddr.includes(VPC)),
            "bytesTransferred",
            pair,
            ["srcAddr", "dstAddr"],
          ),
        ),
      ),
  },
  {
    title: "B: downloads through the NAT gateway",
    query: `filter (dstAddr like '${NAT}' and srcAddr not like '${VPC}') \n| stats sum(bytes) as bytesTransferred by srcAddr, dstAddr\n| sort bytesTransferred desc\n| limit 10`,
    expected: () =>
      top(10)(
        byDesc("bytesTransferred")(
          sumBytesBy(
            FLOWS.filter((f) => has(f.f.dstAddr, NAT) && f.f.srcAddr !== undefined && !f.f.srcAddr.includes(VPC)),
            "bytesTransferred",
            pair,
            ["srcAddr", "dstAddr"],
          ),
        ),
      ),
  },
  {
    title: "C: average, min and max bytes by source and destination",
    query: "stats avg(bytes), min(bytes), max(bytes) by srcAddr, dstAddr",
    expected: () =>
      groups(
        FLOWS,
        pair,
        () => [] as number[],
        (acc, f) => {
          if (f.n.bytes !== undefined) acc.push(f.n.bytes);
        },
      ).map((g) => {
        const xs = g.acc;
        return row([
          ["srcAddr", g.keys[0]],
          ["dstAddr", g.keys[1]],
          ["avg(bytes)", xs.length === 0 ? undefined : xs.reduce((a, b) => a + b, 0) / xs.length],
          ["min(bytes)", xs.length === 0 ? undefined : Math.min(...xs)],
          ["max(bytes)", xs.length === 0 ? undefined : Math.max(...xs)],
        ]);
      }),
  },
  {
    title: "C: top 10 byte transfers by source and destination",
    query: "stats sum(bytes) as bytesTransferred by srcAddr, dstAddr |\nsort bytesTransferred desc |\nlimit 10",
    expected: () => top(10)(byDesc("bytesTransferred")(sumBytesBy(FLOWS, "bytesTransferred", pair, ["srcAddr", "dstAddr"]))),
  },
  {
    title: "C: top 20 sources of rejected requests",
    query: 'filter action="REJECT" |\nstats count(*) as numRejections by srcAddr |\nsort numRejections desc |\nlimit 20',
    expected: () =>
      top(20)(
        byDesc("numRejections")(
          countBy(
            FLOWS.filter((f) => f.f.action === "REJECT"),
            "numRejections",
            "srcAddr",
            (f) => f.f.srcAddr,
          ),
        ),
      ),
  },
  {
    title: "D: rejections by source",
    query: 'filter action="REJECT" | stats count(*) as numRejections by srcAddr | sort numRejections desc',
    expected: () =>
      byDesc("numRejections")(
        countBy(
          FLOWS.filter((f) => f.f.action === "REJECT"),
          "numRejections",
          "srcAddr",
          (f) => f.f.srcAddr,
        ),
      ),
  },
  {
    title: "D: rejections from 10.x sources",
    query: 'filter action="REJECT" and srcAddr like /^10\\./ | stats count(*) as numRejections by srcAddr | sort numRejections desc',
    expected: () =>
      byDesc("numRejections")(
        countBy(
          FLOWS.filter((f) => f.f.action === "REJECT" && f.f.srcAddr?.startsWith("10.") === true),
          "numRejections",
          "srcAddr",
          (f) => f.f.srcAddr,
        ),
      ),
  },
  {
    title: "D: one source's flows",
    query: `filter srcAddr = "${SUSPECT}" | fields @timestamp, interfaceId, dstAddr, dstPort, action`,
    expected: () =>
      FLOWS.filter((f) => f.f.srcAddr === SUSPECT)
        .map((f, i) => ({ f, i }))
        .sort((a, b) => b.f.timestamp - a.f.timestamp || a.i - b.i)
        .map(({ f }) =>
          row([
            ["@timestamp", time(f.timestamp)],
            ["interfaceId", f.f.interfaceId],
            ["dstAddr", f.f.dstAddr],
            ["dstPort", f.f.dstPort],
            ["action", f.f.action],
            ["@ptr", f.ptr],
          ]),
        ),
  },
  {
    title: "D: one source's connections by destination",
    query: `filter srcAddr = "${SUSPECT}" | stats count(*) as numConnections by dstAddr | sort numConnections desc`,
    expected: () =>
      byDesc("numConnections")(
        countBy(
          FLOWS.filter((f) => f.f.srcAddr === SUSPECT),
          "numConnections",
          "dstAddr",
          (f) => f.f.dstAddr,
        ),
      ),
  },
  {
    title: "E: the 25 newest events",
    query: "fields @timestamp, @message | sort @timestamp desc | limit 25",
    expected: () =>
      FLOWS.map((f, i) => ({ f, i }))
        .sort((a, b) => b.f.timestamp - a.f.timestamp || a.i - b.i)
        .slice(0, 25)
        .map(({ f }) =>
          row([
            ["@timestamp", time(f.timestamp)],
            ["@message", f.message],
            ["@ptr", f.ptr],
          ]),
        ),
  },
];
