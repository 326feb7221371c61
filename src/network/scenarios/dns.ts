/**
 * DNS over UDP 53 to the VPC's own DNS server (an interface with the dns role), which asks root servers on
 * a cache miss. Lookups through the Amazon DNS server are never logged, so with no dns interface this
 * scenario yields nothing, as flow logs would.
 */
import { poissonArrivals } from "./arrivals.js";
import { ROOT_SERVERS } from "./internet.js";
import { udpExchange } from "./sessions.js";
import type { Scenario } from "./types.js";

/** rate: queries per second over all clients. */
export const dns: Scenario = (interfaces, options) => {
  const servers = interfaces.filter((i) => i.roles?.includes("dns"));
  const clients = interfaces.filter((i) => !i.roles?.includes("dns"));
  if (servers.length === 0 || clients.length === 0) return [];
  return poissonArrivals(options, 3, (time, rng, emit) => {
    const client = rng.pick(clients);
    const server = rng.pick(servers);
    const query = rng.int(28, 60);
    const answer = query + rng.int(16, 240);
    const miss = rng.chance(0.2);
    const upstreamRtt = miss ? rng.int(10, 80) : 0;
    if (miss) {
      udpExchange(
        emit,
        { address: server.privateIp, port: rng.ephemeralPort(), iface: server },
        { address: rng.pick(ROOT_SERVERS), port: 53 },
        time + 1,
        upstreamRtt,
        query,
        answer + rng.int(100, 400),
      );
    }
    udpExchange(
      emit,
      { address: client.privateIp, port: rng.ephemeralPort(), iface: client },
      { address: server.privateIp, port: 53, iface: server },
      time,
      upstreamRtt + rng.int(1, 3),
      query,
      answer,
    );
  });
};
