/** Egress to an AWS service range: application servers reading and writing S3 objects over HTTPS. */
import { poissonArrivals } from "./arrivals.js";
import { s3Address } from "./internet.js";
import { tcpSession } from "./sessions.js";
import { type Scenario, withRole } from "./types.js";

/** rate: S3 requests (one connection each) per second. */
export const s3Egress: Scenario = (interfaces, options) => {
  const apps = withRole(interfaces, "app");
  return poissonArrivals(options, 4, (time, rng, emit) => {
    const app = rng.pick(apps);
    const upload = rng.chance(0.3);
    const object = Math.round(rng.logNormal(200_000, 1.5));
    tcpSession(emit, {
      client: { address: app.privateIp, port: rng.ephemeralPort(), iface: app },
      server: { address: s3Address(rng), port: 443 },
      start: time,
      duration: Math.min(300_000, 60 + object / 20_000),
      requestBytes: 1200 + (upload ? object : 0),
      responseBytes: 5000 + (upload ? 0 : object),
      close: "fin",
    });
  });
};
