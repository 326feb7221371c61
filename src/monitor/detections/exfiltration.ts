/** Exfiltration: more than `threshold` bytes sent out to one external address within the window. */
import type { Alert } from "../alert.js";
import { isOutbound } from "./address-scope.js";
import type { RuleConfig } from "./config.js";
import { alertOf, type DetectionRecord, type RecordRule } from "./rule.js";
import { FireOnce, KeyedWindow } from "./sliding-window.js";

export class ExfiltrationRule implements RecordRule {
  /** external address -> bytes of each record (weight), with the VPC source (distinct). */
  private readonly bytes: KeyedWindow;
  private readonly once = new FireOnce();

  constructor(
    private readonly config: RuleConfig,
    private readonly logGroup: string,
  ) {
    this.bytes = new KeyedWindow(config.windowSeconds * 1000);
  }

  observe(r: DetectionRecord, now: number): Alert[] {
    // A web server's responses are egress too, but they are what it serves: in the baseline workload its
    // busiest client receives 21 MB in ten minutes at the default rate, and ten times that at ten times the
    // rate. Only what a VPC address sends on its own initiative counts (see isOutbound).
    if (!isOutbound(r)) return [];
    const state = this.bytes.add(r.dstaddr, { time: r.timestamp, distinct: r.srcaddr, weight: r.bytes }, now);
    const { threshold, windowSeconds } = this.config;
    const total = state.sum;
    if (total <= threshold || !this.once.fire(r.dstaddr, now, windowSeconds * 1000)) return [];
    const sources = [...new Set(state.entries.map((e) => e.distinct))];
    return [
      alertOf({
        rule: "exfiltration",
        severity: "high",
        who: r.dstaddr,
        from: now - windowSeconds * 1000,
        to: now,
        logGroup: this.logGroup,
        what: `${total} bytes went out to external address ${r.dstaddr} within ${windowSeconds} s (threshold ${threshold}), from ${sources.slice(0, 3).join(", ")}${sources.length > 3 ? ` and ${sources.length - 3} more` : ""}`,
        query: `filter dstAddr = '${r.dstaddr}' | stats sum(bytes) as bytesOut by srcAddr | sort bytesOut desc`,
      }),
    ];
  }
}
