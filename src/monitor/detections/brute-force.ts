/** Brute force: at least `threshold` connections from one source to SSH (22) or RDP (3389) within the window. */
import type { Alert } from "../alert.js";
import type { RuleConfig } from "./config.js";
import { alertOf, type DetectionRecord, type RecordRule } from "./rule.js";
import { FireOnce, KeyedWindow } from "./sliding-window.js";

const LOGIN_PORTS = new Set([22, 3389]);

export class BruteForceRule implements RecordRule {
  /** `source>port` -> one entry per connection (its `dstaddr:srcport`). */
  private readonly connections: KeyedWindow;
  private readonly once = new FireOnce();
  private unnamed = 0;

  constructor(
    private readonly config: RuleConfig,
    private readonly logGroup: string,
  ) {
    this.connections = new KeyedWindow(config.windowSeconds * 1000);
  }

  observe(r: DetectionRecord, now: number): Alert[] {
    if (r.dstport === null || !LOGIN_PORTS.has(r.dstport)) return [];
    const key = `${r.srcaddr}>${r.dstport}`;
    // A connection that spans two aggregation windows gives two records; with srcport they count once,
    // without it every record is a connection.
    // Accepted and rejected attempts both count: a closed port's SYNs are attempts too.
    const count = this.connections.add(key, { time: r.timestamp, distinct: `${r.dstaddr}:${r.srcport ?? `#${this.unnamed++}`}`, weight: 0 }, now).distinct;
    const { threshold, windowSeconds } = this.config;
    if (count < threshold || !this.once.fire(key, now, windowSeconds * 1000)) return [];
    return [
      alertOf({
        rule: "brute-force",
        severity: "high",
        who: r.srcaddr,
        from: now - windowSeconds * 1000,
        to: now,
        logGroup: this.logGroup,
        what: `${r.srcaddr} opened ${count} connections to port ${r.dstport} within ${windowSeconds} s (threshold ${threshold})`,
        query: `filter srcAddr = '${r.srcaddr}' and dstPort = ${r.dstport} | stats count(*) as connections by dstAddr, action`,
      }),
    ];
  }
}
