/**
 * An exfiltration burst: one interface sending a large volume to one internet address over 443, far above
 * its usual egress, for up to 15 minutes starting a quarter into the range.
 */
import type { Observation } from "../observation.js";
import { internetAddress } from "./internet.js";
import { Random } from "./random.js";
import { tcpSession } from "./sessions.js";
import { type Scenario, withRole } from "./types.js";

/** rate: megabytes per second during the burst. */
export const exfiltration: Scenario = (interfaces, options) => {
  if (options.end <= options.start || interfaces.length === 0) return [];
  const rng = new Random(options.seed + 303);
  const source = rng.pick(withRole(interfaces, "app"));
  const range = options.end - options.start;
  const duration = Math.min(15 * 60_000, Math.floor(range / 2));
  const start = options.start + Math.floor(range / 4) + rng.int(0, Math.max(0, Math.floor(range / 8)));
  const out: Observation[] = [];
  tcpSession((o) => void (o.time < options.end && out.push(o)), {
    client: { address: source.privateIp, port: rng.ephemeralPort(), iface: source },
    server: { address: internetAddress(rng), port: 443 },
    start,
    duration,
    requestBytes: Math.round(options.rate * 1_000_000 * (duration / 1000)),
    responseBytes: 4000,
    close: "fin",
  });
  return out.sort((a, b) => a.time - b.time);
};
