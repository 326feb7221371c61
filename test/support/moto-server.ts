/**
 * For conformance tests: moto's server (an AWS implementation this project did not write, on the
 * machine's Python) on a free loopback port, started before a file's tests and stopped after them.
 */
import { after, before } from "node:test";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";

export interface MotoServer {
  endpoint: string;
  /** Settings for any SDK v3 client: endpoint, region, moto's test credentials, no retries. */
  clientConfig(): { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string }; maxAttempts: number };
  /** Drops every resource moto holds (moto's own reset endpoint). */
  reset(): Promise<void>;
}

/** Whether `moto_server` can be started here; `.ci/run` says so when it cannot. */
export function motoAvailable(): boolean {
  const probe = spawnSync("moto_server", ["--help"], { stdio: "ignore", timeout: 20_000 });
  return probe.status === 0;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilAnswering(endpoint: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode} before answering`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`moto_server did not answer at ${endpoint} within 30 s`);
}

/** Starts moto_server before the file's tests and stops it after them. */
export function useMotoServer(): MotoServer {
  let child: ChildProcess | undefined;
  const handle: MotoServer = {
    endpoint: "",
    clientConfig: () => ({
      endpoint: handle.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
      maxAttempts: 1,
    }),
    reset: async () => {
      const response = await fetch(`${handle.endpoint}/moto-api/reset`, { method: "POST", signal: AbortSignal.timeout(10_000) });
      if (!response.ok) throw new Error(`moto reset answered ${response.status}`);
    },
  };
  before(async () => {
    const port = await freePort();
    child = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
    handle.endpoint = `http://127.0.0.1:${port}`;
    await waitUntilAnswering(handle.endpoint, child);
  });
  after(() => {
    child?.kill("SIGTERM");
  });
  return handle;
}
