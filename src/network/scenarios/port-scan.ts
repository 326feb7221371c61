/**
 * A SYN port scan from one internet address across many ports of one interface, as nmap -sS makes it:
 * one fixed source port, ports in random order; closed ports are REJECT, open ones answer SYN-ACK.
 */
import { SCAN_SYN_BYTES } from "../packet.js";
import { poissonArrivals } from "./arrivals.js";
import { internetAddress } from "./internet.js";
import { Random } from "./random.js";
import { rejectedSyn, synProbe } from "./sessions.js";
import { DEFAULT_OPEN_PORTS, type Scenario, withRole } from "./types.js";

/** rate: probes per second. The scan covers ports 1-1024 and then common high ports, and starts over. */
export const portScan: Scenario = (interfaces, options) => {
  const setup = new Random(options.seed + 101);
  const target = setup.pick(withRole(interfaces, "web"));
  const scanner = internetAddress(setup);
  const sourcePort = setup.ephemeralPort();
  const ports = [...Array.from({ length: 1024 }, (_, i) => i + 1), 1433, 1521, 2049, 3306, 3389, 5432, 5900, 6379, 8080, 8443, 9200, 27017];
  for (let i = ports.length - 1; i > 0; i--) {
    const j = setup.int(0, i);
    [ports[i], ports[j]] = [ports[j] as number, ports[i] as number];
  }
  const open = new Set(target.openPorts ?? DEFAULT_OPEN_PORTS);
  let next = 0;
  return poissonArrivals(options, 5, (time, rng, emit) => {
    const port = ports[next++ % ports.length] as number;
    const client = { address: scanner, port: sourcePort };
    const server = { address: target.privateIp, port, iface: target };
    if (open.has(port)) synProbe(emit, client, server, time);
    else rejectedSyn(emit, client, server, time, rng.chance(0.3) ? 2 : 1, SCAN_SYN_BYTES);
  });
};
