/**
 * New external talker: a VPC address starts sending to an external network not seen during the learning
 * period (windowSeconds from the first record) nor since.
 */
import type { Alert } from "../alert.js";
import { isOutbound, talkerPrefix } from "./address-scope.js";
import type { RuleConfig } from "./config.js";
import { alertOf, type DetectionRecord, type RecordRule } from "./rule.js";

/**
 * Why outbound only, and why per /16. The `baseline` scenario, measured over four hours at its default rate:
 * - inbound, its web clients are an open-ended population (a long-tailed pool of 5,000 addresses anywhere
 *   on the internet): of the 3,700 seen, 2,500 are first seen after 30 minutes and 1,000 after two hours.
 *   A public service meets new clients all day; hostile inbound traffic is for port-scan and brute-force.
 * - outbound, its S3 requests go to addresses drawn from 52.216.0.0/15: 5,600 distinct addresses and 512
 *   distinct /24s, of which 120 /24s are first seen after 30 minutes and still 2 after two hours. Large
 *   services spread over large blocks, so learning per address or per /24 keeps firing; per /16 the two
 *   blocks are learned in the first minutes and nothing new appears afterwards.
 * The price: a destination in a /16 the VPC already talks to (another tenant of the same cloud block) is
 * not new. The exfiltration rule still sees its volume.
 */
export class NewTalkerRule implements RecordRule {
  private readonly known = new Set<string>();
  private firstSeen: number | undefined;

  constructor(
    private readonly config: RuleConfig,
    private readonly logGroup: string,
  ) {}

  observe(r: DetectionRecord, now: number): Alert[] {
    this.firstSeen ??= r.timestamp;
    if (!isOutbound(r)) return [];
    const prefix = talkerPrefix(r.dstaddr);
    if (this.known.has(prefix)) return [];
    this.known.add(prefix);
    const learning = this.config.windowSeconds;
    if (r.timestamp - this.firstSeen < learning * 1000) return [];
    return [
      alertOf({
        rule: "new-talker",
        severity: "low",
        who: r.dstaddr,
        from: r.timestamp - 60_000,
        to: Math.max(now, r.timestamp),
        logGroup: this.logGroup,
        what: `${r.srcaddr} sent accepted traffic to ${r.dstaddr}, the first address of ${prefix} seen since learning began (${learning} s of learning)`,
        query: `filter srcAddr = '${r.dstaddr}' or dstAddr = '${r.dstaddr}' | sort @timestamp asc`,
      }),
    ];
  }
}
