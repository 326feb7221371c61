/**
 * SSH brute force: one internet address opening many short connections to port 22 of one interface, each a
 * key exchange and a failed login; REJECT SYNs instead when the interface does not open 22.
 */
import { SYN_BYTES } from "../packet.js";
import { poissonArrivals } from "./arrivals.js";
import { internetAddress } from "./internet.js";
import { Random } from "./random.js";
import { rejectedSyn, tcpSession } from "./sessions.js";
import { DEFAULT_OPEN_PORTS, type Scenario, withRole } from "./types.js";

/** rate: login attempts (connections) per second. */
export const sshBruteForce: Scenario = (interfaces, options) => {
  const setup = new Random(options.seed + 202);
  const target = setup.pick(withRole(interfaces, "bastion"));
  const attacker = internetAddress(setup);
  const open = (target.openPorts ?? DEFAULT_OPEN_PORTS).includes(22);
  return poissonArrivals(options, 6, (time, rng, emit) => {
    const client = { address: attacker, port: rng.ephemeralPort() };
    const server = { address: target.privateIp, port: 22, iface: target };
    if (!open) {
      rejectedSyn(emit, client, server, time, 3, SYN_BYTES);
      return;
    }
    tcpSession(emit, {
      client,
      server,
      start: time,
      duration: rng.int(1500, 6000),
      requestBytes: rng.int(1800, 3200),
      responseBytes: rng.int(2800, 4600),
      close: rng.chance(0.8) ? "fin" : "client-rst",
    });
  });
};
