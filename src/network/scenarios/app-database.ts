/** Application servers to the database inside the VPC (PostgreSQL, 5432): both interfaces log each connection. */
import { poissonArrivals } from "./arrivals.js";
import { tcpSession } from "./sessions.js";
import { type Scenario, withRole } from "./types.js";

/** rate: database connections per second (short-lived, as without a pooler). */
export const appDatabase: Scenario = (interfaces, options) => {
  const apps = withRole(interfaces, "app");
  const databases = withRole(interfaces, "database");
  return poissonArrivals(options, 2, (time, rng, emit) => {
    const app = rng.pick(apps);
    const db = rng.pick(databases);
    if (app === db && apps.length + databases.length > 2) return;
    const queries = 1 + Math.floor(rng.exponential(5));
    tcpSession(emit, {
      client: { address: app.privateIp, port: rng.ephemeralPort(), iface: app },
      server: { address: db.privateIp, port: 5432, iface: db },
      start: time,
      duration: Math.min(60_000, queries * rng.logNormal(40, 0.8)),
      requestBytes: Math.round(queries * rng.logNormal(300, 0.6)),
      responseBytes: Math.round(queries * rng.logNormal(2500, 1.5)),
      close: "fin",
    });
  });
};
