/** Web clients from the internet to the web servers' ports 80 and 443: keep-alive sessions of a few requests. */
import { poissonArrivals } from "./arrivals.js";
import { ClientPool } from "./internet.js";
import { Random } from "./random.js";
import { tcpSession } from "./sessions.js";
import { type Scenario, withRole } from "./types.js";

/** rate: new connections per second over all web servers. */
export const webClients: Scenario = (interfaces, options) => {
  const servers = withRole(interfaces, "web");
  const clients = new ClientPool(new Random(options.seed), 5000);
  return poissonArrivals(options, 1, (time, rng, emit) => {
    const server = rng.pick(servers);
    const requests = 1 + Math.floor(rng.exponential(2));
    tcpSession(emit, {
      client: { address: clients.pick(rng), port: rng.ephemeralPort() },
      server: { address: server.privateIp, port: rng.chance(0.7) ? 443 : 80, iface: server },
      start: time,
      duration: Math.min(120_000, rng.logNormal(1500, 1) * requests),
      requestBytes: Math.round(requests * rng.logNormal(450, 0.4)),
      responseBytes: Math.round(requests * rng.logNormal(18_000, 1.3)),
      close: rng.chance(0.9) ? "fin" : "client-rst",
    });
  });
};
