/**
 * The demo's traffic, made from this process as real connections: a web workload (a few HTTP requests
 * a second to the instance) and a periodic port scan of ports the security group denies. The gateway
 * listens on a handful of ports only, too few for a port-scan detection, so a wide scan also runs now and
 * then as the local cloud's `port-scan` scenario (synthetic records on the same interfaces).
 */
import { get } from "node:http";
import { connect } from "node:net";
import { startTraffic } from "../traffic-client.js";

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

export interface WorkloadOptions {
  requestsPerSecond?: number;
  scanEveryMs?: number;
  /** The local cloud, for the wide scan scenario; none when absent. */
  endpoint?: string;
  /** The local cloud's root secret for the key `test` (random in strict mode). */
  rootSecret?: string;
  wideScanEveryMs?: number;
  wideScanFirstAfterMs?: number;
}

/** A 20 s `port-scan` scenario run: one source probing many ports, which the Alerts page shows. */
function wideScan(endpoint: string, seed: number, rootSecret: string): Promise<void> {
  // The demo's cloud is the one `flowwatch up` started: its `test` key is the root in either auth mode.
  // A refused or failed scan leaves the demo running: the web workload goes on.
  return startTraffic(
    endpoint,
    { scenario: "port-scan", duration: 20, rate: 5, seed },
    { credentials: { accessKeyId: "test", secretAccessKey: rootSecret } },
  ).then(
    () => undefined,
    () => undefined,
  );
}

export function startWorkload(publicIp: string, options: WorkloadOptions = {}): Workload {
  const counts = { requests: 0, failed: 0, probes: 0 };
  const requestTimer = setInterval(
    () => {
      // One connection per request, as curl makes: each is its own flow, like separate visitors.
      const request = get({ host: publicIp, port: 80, path: "/", agent: false, timeout: 3_000, headers: { connection: "close" } }, (response) => {
        response.resume();
        response.once("end", () => counts.requests++);
      });
      request.once("error", () => counts.failed++).once("timeout", () => request.destroy());
    },
    1000 / (options.requestsPerSecond ?? 3),
  );
  const scan = () => {
    for (const port of SCANNED_PORTS) void probe(publicIp, port).then(() => counts.probes++);
  };
  const scanTimer = setInterval(scan, options.scanEveryMs ?? 20_000);
  scan();
  requestTimer.unref();
  scanTimer.unref();
  let wideTimer: NodeJS.Timeout | undefined;
  let wideFirst: NodeJS.Timeout | undefined;
  const endpoint = options.endpoint;
  if (endpoint !== undefined) {
    let seed = 1;
    const every = options.wideScanEveryMs ?? 300_000;
    wideFirst = setTimeout(() => {
      void wideScan(endpoint, seed++, options.rootSecret ?? "test");
      wideTimer = setInterval(() => void wideScan(endpoint, seed++, options.rootSecret ?? "test"), every);
      wideTimer.unref();
    }, options.wideScanFirstAfterMs ?? 90_000);
    wideFirst.unref();
  }
  return {
    counts,
    stop: () => {
      clearInterval(requestTimer);
      clearInterval(scanTimer);
      clearTimeout(wideFirst);
      clearInterval(wideTimer);
    },
  };
}
