/**
 * Benchmark of the Logs Insights engine: one million default-format flow log events in memory, and the
 * three queries of issue 7's benchmark section, each timed over the whole set (seconds, lower is better).
 */
import { compileQuery, type InsightsEvent } from "../src/insights/index.js";

const EVENTS = 1_000_000;
const START_MS = Date.UTC(2024, 0, 1);

/** A deterministic generator (xorshift), so that every run scans the same records. */
function generator(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x1_0000_0000;
  };
}

/**
 * Default-format events: 500 sources talking to 100 destinations (at most 50,000 pairs, as in a busy VPC),
 * about 20% REJECT, 10% UDP, 0.5% NODATA records.
 */
export function flowEvents(count = EVENTS): InsightsEvent[] {
  const random = generator(42);
  const messages: string[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const timestamp = START_MS + i * 3;
    const start = Math.floor(timestamp / 1000) - 60;
    let message: string;
    if (random() < 0.005) {
      message = `2 123456789010 eni-0a1b2c3d4e5f60718 - - - - - - - ${start} ${start + 60} - NODATA`;
    } else {
      const src = Math.floor(random() * 500);
      const dst = Math.floor(random() * 100);
      const action = random() < 0.2 ? "REJECT" : "ACCEPT";
      const protocol = random() < 0.1 ? 17 : 6;
      const packets = 1 + Math.floor(random() * 100);
      message = `2 123456789010 eni-0a1b2c3d4e5f60718 10.${(src >> 8) & 255}.${src & 255}.${1 + (src % 250)} 172.31.${dst >> 4}.${dst & 15} ${1024 + Math.floor(random() * 60000)} ${[22, 80, 443, 3389][dst & 3]} ${protocol} ${packets} ${packets * (40 + Math.floor(random() * 1400))} ${start} ${start + 60} ${action} OK`;
    }
    messages[i] = message;
  }
  // Template literals build ropes of ~30 pieces; joining and splitting gives flat strings, as messages
  // read from a file or a request body are, so that the benchmark times the engine and not V8's flattening.
  const flat = messages.join("\n").split("\n");
  const events: InsightsEvent[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const timestamp = START_MS + i * 3;
    events[i] = { timestamp, ingestionTime: timestamp + 1500, message: flat[i] as string, logStream: "eni-0a1b2c3d4e5f60718-all", log: "000000000000:MyVpc22-Log", ptr: `ptr-${i}` };
  }
  return events;
}

const QUERIES = [
  { name: "insights: stats sum(bytes) by srcAddr, dstAddr, 1M events", query: "stats sum(bytes) as b by srcAddr, dstAddr | sort b desc | limit 10" },
  { name: "insights: filter REJECT | stats count(*) by srcAddr, 1M events", query: 'filter action="REJECT" | stats count(*) as n by srcAddr | sort n desc | limit 20' },
  { name: "insights: fields @timestamp, @message | sort desc | limit 25, 1M events", query: "fields @timestamp, @message | sort @timestamp desc | limit 25" },
];

export async function benchInsights(): Promise<Array<{ name: string; value: number; unit: string }>> {
  const events = flowEvents();
  const out: Array<{ name: string; value: number; unit: string }> = [];
  for (const { name, query } of QUERIES) {
    const compiled = compileQuery(query);
    // One warm-up pass over a slice lets V8 optimise the closures before the timed pass.
    const warm = compiled.start();
    for (let i = 0; i < 50_000; i++) warm.add(events[i] as InsightsEvent);
    warm.results();
    const began = process.hrtime.bigint();
    const run = compiled.start();
    for (const event of events) run.add(event);
    run.results();
    out.push({ name, value: Number(process.hrtime.bigint() - began) / 1e9, unit: "s" });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchInsights()) console.log(`${r.name}: ${r.value.toFixed(3)} ${r.unit}`);
}
