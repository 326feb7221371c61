/** The detection engine: flow records in, alerts out, with an injected clock; pure (no I/O). */
import type { Alert } from "../alert.js";
import type { FlowView } from "../flow-view.js";

export type DetectionRecord = Pick<FlowView, "timestamp" | "srcaddr" | "dstaddr" | "dstport" | "action" | "bytes">;

export interface RuleConfig {
  threshold: number;
  windowSeconds: number;
}

export interface DetectionConfig {
  portScan: RuleConfig;
  bruteForce: RuleConfig;
  exfiltration: RuleConfig;
  /** windowSeconds: the learning period from the first record; threshold: unused. */
  newTalker: RuleConfig;
}

export const defaultDetectionConfig: DetectionConfig = {
  portScan: { threshold: 20, windowSeconds: 300 },
  bruteForce: { threshold: 30, windowSeconds: 300 },
  exfiltration: { threshold: 50_000_000, windowSeconds: 600 },
  newTalker: { threshold: 1, windowSeconds: 1800 },
};

/** Merges a JSON file's partial config over the defaults. */
export function detectionConfig(partial: unknown): DetectionConfig {
  const out: DetectionConfig = structuredClone(defaultDetectionConfig);
  if (typeof partial !== "object" || partial === null) return out;
  for (const key of Object.keys(out) as (keyof DetectionConfig)[]) {
    const given = (partial as Record<string, unknown>)[key];
    if (typeof given !== "object" || given === null) continue;
    const g = given as Partial<RuleConfig>;
    if (typeof g.threshold === "number") out[key].threshold = g.threshold;
    if (typeof g.windowSeconds === "number") out[key].windowSeconds = g.windowSeconds;
  }
  return out;
}

const isPrivate = (a: string) => /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|127\.|169\.254\.)/.test(a);

export class DetectionEngine {
  private records: DetectionRecord[] = [];
  /** rule|who -> time it last fired, so one attack gives one alert per window. */
  private readonly fired = new Map<string, number>();
  private readonly known = new Set<string>();
  private firstSeen: number | undefined;

  constructor(private readonly config: DetectionConfig, private readonly logGroup: string, private readonly now: () => number) {}

  /** Adds new records and returns the alerts they complete. */
  ingest(batch: DetectionRecord[]): Alert[] {
    this.records.push(...batch);
    const talkers = this.newTalkers(batch);
    const longest = Math.max(...Object.values(this.config).map((c: RuleConfig) => c.windowSeconds)) * 1000;
    const now = this.now();
    this.records = this.records.filter((r) => r.timestamp >= now - longest);
    return [...this.portScan(now), ...this.bruteForce(now), ...this.exfiltration(now), ...talkers];
  }

  /** External addresses in accepted traffic first seen after the learning period. */
  private newTalkers(batch: DetectionRecord[]): Alert[] {
    const alerts: Alert[] = [];
    for (const r of batch) {
      this.firstSeen ??= r.timestamp;
      if (r.action !== "ACCEPT") continue;
      for (const a of [r.srcaddr, r.dstaddr]) {
        if (a === "-" || isPrivate(a) || this.known.has(a)) continue;
        this.known.add(a);
        if (r.timestamp - this.firstSeen < this.config.newTalker.windowSeconds * 1000) continue;
        const at = new Date(r.timestamp);
        alerts.push({
          rule: "new-talker", severity: "low", what: `external address ${a} exchanged accepted traffic for the first time`, who: a,
          when: at.toISOString(), from: new Date(r.timestamp - 60_000).toISOString(), to: at.toISOString(), logGroup: this.logGroup,
          query: `fields @timestamp, @message | filter srcAddr = '${a}' or dstAddr = '${a}' | sort @timestamp asc`,
        });
      }
    }
    return alerts;
  }

  private within(windowSeconds: number, now: number): DetectionRecord[] {
    return this.records.filter((r) => r.timestamp >= now - windowSeconds * 1000);
  }

  private portScan(now: number): Alert[] {
    const { threshold, windowSeconds } = this.config.portScan;
    const ports = new Map<string, Set<number>>();
    for (const r of this.within(windowSeconds, now)) {
      if (r.action !== "REJECT" || r.dstport === null) continue;
      const set = ports.get(r.srcaddr) ?? new Set<number>();
      set.add(r.dstport);
      ports.set(r.srcaddr, set);
    }
    return this.fire("port-scan", "high", ports, (s) => s.size >= threshold, windowSeconds, now,
      (who, s) => `${who} was rejected on ${s.size} distinct destination ports within ${windowSeconds} s (threshold ${threshold})`,
      (who) => `filter srcAddr = '${who}' and action = 'REJECT' | stats count(*) as attempts by dstPort | sort attempts desc`);
  }

  private bruteForce(now: number): Alert[] {
    const { threshold, windowSeconds } = this.config.bruteForce;
    const counts = new Map<string, { n: number }>();
    for (const r of this.within(windowSeconds, now)) {
      if (r.dstport !== 22 && r.dstport !== 3389) continue;
      const key = `${r.srcaddr}>${r.dstport}`;
      const c = counts.get(key) ?? { n: 0 };
      c.n++;
      counts.set(key, c);
    }
    return this.fire("brute-force", "high", counts, (c) => c.n >= threshold, windowSeconds, now,
      (who, c) => `${who.split(">")[0]} opened ${c.n} connections to port ${who.split(">")[1]} within ${windowSeconds} s (threshold ${threshold})`,
      (who) => `filter srcAddr = '${who.split(">")[0]}' and dstPort = ${who.split(">")[1]} | stats count(*) as connections by dstAddr, action`);
  }

  private exfiltration(now: number): Alert[] {
    const { threshold, windowSeconds } = this.config.exfiltration;
    const bytes = new Map<string, { n: number }>();
    for (const r of this.within(windowSeconds, now)) {
      if (!isPrivate(r.srcaddr) || isPrivate(r.dstaddr) || r.action !== "ACCEPT") continue;
      const b = bytes.get(r.dstaddr) ?? { n: 0 };
      b.n += r.bytes;
      bytes.set(r.dstaddr, b);
    }
    return this.fire("exfiltration", "high", bytes, (b) => b.n > threshold, windowSeconds, now,
      (who, b) => `${b.n} bytes went out to external address ${who} within ${windowSeconds} s (threshold ${threshold})`,
      (who) => `filter dstAddr = '${who}' | stats sum(bytes) as bytesOut by srcAddr | sort bytesOut desc`);
  }

  private fire<T>(rule: string, severity: Alert["severity"], groups: Map<string, T>, over: (v: T) => boolean, windowSeconds: number, now: number,
    what: (who: string, v: T) => string, query: (who: string) => string): Alert[] {
    const alerts: Alert[] = [];
    for (const [who, v] of groups) {
      if (!over(v)) continue;
      const key = `${rule}|${who}`;
      const last = this.fired.get(key);
      if (last !== undefined && now - last < windowSeconds * 1000) continue;
      this.fired.set(key, now);
      alerts.push({
        rule, severity, what: what(who, v), who: who.split(">")[0] ?? who,
        when: new Date(now).toISOString(), from: new Date(now - windowSeconds * 1000).toISOString(), to: new Date(now).toISOString(),
        logGroup: this.logGroup, query: `fields @timestamp, @message | ${query(who)}`,
      });
    }
    return alerts;
  }
}
