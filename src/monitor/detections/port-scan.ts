/** Port scan: one source rejected on at least `threshold` distinct destination ports within the window. */
import type { Alert } from "../alert.js";
import type { RuleConfig } from "./config.js";
import { alertOf, type DetectionRecord, type RecordRule } from "./rule.js";
import { FireOnce, KeyedWindow } from "./sliding-window.js";

export class PortScanRule implements RecordRule {
  private readonly ports: KeyedWindow;
  private readonly once = new FireOnce();

  constructor(
    private readonly config: RuleConfig,
    private readonly logGroup: string,
  ) {
    this.ports = new KeyedWindow(config.windowSeconds * 1000);
  }

  observe(r: DetectionRecord, now: number): Alert[] {
    // Only rejected attempts: an open port answering is not evidence, and a client's many connections are not either.
    if (r.action !== "REJECT" || r.dstport === null) return [];
    const distinct = this.ports.add(r.srcaddr, { time: r.timestamp, distinct: r.dstport, weight: 0 }, now).distinct;
    const { threshold, windowSeconds } = this.config;
    if (distinct < threshold || !this.once.fire(r.srcaddr, now, windowSeconds * 1000)) return [];
    return [
      alertOf({
        rule: "port-scan",
        severity: "high",
        who: r.srcaddr,
        from: now - windowSeconds * 1000,
        to: now,
        logGroup: this.logGroup,
        what: `${r.srcaddr} was rejected on ${distinct} distinct destination ports within ${windowSeconds} s (threshold ${threshold})`,
        query: `filter srcAddr = '${r.srcaddr}' and action = 'REJECT' | stats count(*) as attempts by dstPort | sort attempts desc`,
      }),
    ];
  }
}
