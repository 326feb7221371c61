/**
 * The demo's traffic, made from this process as real connections: a web workload (a few HTTP requests
 * a second to the instance) and a periodic port scan of ports the security group denies.
 */
import { get } from "node:http";
import { connect } from "node:net";

export interface Workload {
  stop(): void;
  readonly counts: { requests: number; failed: number; probes: number };
}

/** Ports the local cloud's gateway answers on (22, 443, 3389, 8080) and the `web` group does not allow: REJECT records. */
export const SCANNED_PORTS = [22, 443, 3389, 8080];

function probe(host: string, port: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    const done = () => {
      socket.destroy();
      resolve();
    };
    socket.once("connect", done).once("error", done).once("timeout", done);
  });
}

export function startWorkload(publicIp: string, options: { requestsPerSecond?: number; scanEveryMs?: number } = {}): Workload {
  const counts = { requests: 0, failed: 0, probes: 0 };
  const requestTimer = setInterval(() => {
    // One connection per request, as curl makes: each is its own flow, like separate visitors.
    const request = get({ host: publicIp, port: 80, path: "/", agent: false, timeout: 3_000, headers: { connection: "close" } }, (response) => {
      response.resume();
      response.once("end", () => counts.requests++);
    });
    request.once("error", () => counts.failed++).once("timeout", () => request.destroy());
  }, 1000 / (options.requestsPerSecond ?? 3));
  const scan = () => {
    for (const port of SCANNED_PORTS) void probe(publicIp, port).then(() => counts.probes++);
  };
  const scanTimer = setInterval(scan, options.scanEveryMs ?? 20_000);
  scan();
  requestTimer.unref();
  scanTimer.unref();
  return {
    counts,
    stop: () => {
      clearInterval(requestTimer);
      clearInterval(scanTimer);
    },
  };
}
