/**
 * No hangs: an endpoint that accepts connections and never answers, and one that refuses them. Every command
 * that talks to AWS ends within its --timeout (no retry of a silence) and names the endpoint and the operation.
 */
import assert from "node:assert/strict";
import { createServer, type Server, type Socket } from "node:net";
import { after, before, describe, it } from "node:test";
import { flowwatch } from "../support/flowwatch-process.js";

/** Accepts every connection and never writes a byte. */
function silentServer(): Promise<{ server: Server; endpoint: string; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve({ server, sockets, endpoint: `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}` });
    }),
  );
}

/** A port nothing listens on: bound, then closed. */
function closedPort(): Promise<number> {
  const server = createServer();
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 9));
    }),
  );
}

describe("an endpoint that accepts connections but never answers, --timeout 2", () => {
  let silent: Awaited<ReturnType<typeof silentServer>>;
  before(async () => {
    silent = await silentServer();
  });
  after(() => {
    for (const socket of silent.sockets) socket.destroy();
    silent.server.close();
  });

  // One call is waited for once (2 s), not retried; the bound leaves room for tsx's start-up on a busy machine (before: 90 s and more).
  const BOUND_MS = 25_000;

  it("doctor: exit 1 within the bound, the credentials check names the endpoint and what did not answer", async () => {
    const run = await flowwatch(["doctor", "--endpoint", silent.endpoint, "--timeout", "2"], {}, 60_000);
    assert.equal(run.status, 1, run.stderr);
    assert.ok(run.ms < BOUND_MS, `took ${run.ms} ms`);
    assert.match(run.stdout + run.stderr, new RegExp(`GetCallerIdentity: no answer from ${silent.endpoint} within 2 s`));
  });

  it("setup --yes: exit 1 within the bound, naming the endpoint and the operation", async () => {
    const run = await flowwatch(["setup", "--yes", "--endpoint", silent.endpoint, "--timeout", "2"], {}, 60_000);
    assert.equal(run.status, 1, run.stdout);
    assert.ok(run.ms < BOUND_MS, `took ${run.ms} ms`);
    assert.match(run.stderr, new RegExp(`^flowwatch: no answer from ${silent.endpoint} within 2 s \\((GetCallerIdentity|Describe\\w+|Get\\w+)\\)$`, "m"));
  });

  it("tail: exit 1 within the bound, naming the endpoint and DescribeFlowLogs", async () => {
    const run = await flowwatch(["tail", "--endpoint", silent.endpoint, "--timeout", "2"], {}, 60_000);
    assert.equal(run.status, 1, run.stdout);
    assert.ok(run.ms < BOUND_MS, `took ${run.ms} ms`);
    assert.match(run.stderr, new RegExp(`^flowwatch: no answer from ${silent.endpoint} within 2 s \\(DescribeFlowLogs\\)$`, "m"));
  });

  it("query and report: exit 1 within the bound, naming StartQuery (report: DescribeFlowLogs, for the format)", async () => {
    for (const [args, operation] of [
      [["query", "--log-group", "g", "fields @message"], "StartQuery"],
      [["report"], "DescribeFlowLogs"],
    ] as const) {
      const run = await flowwatch([...args, "--endpoint", silent.endpoint, "--timeout", "2"], {}, 60_000);
      assert.equal(run.status, 1, `${args[0]}: ${run.stdout}`);
      assert.ok(run.ms < BOUND_MS, `${args[0]} took ${run.ms} ms`);
      assert.match(run.stderr, new RegExp(`^flowwatch: no answer from ${silent.endpoint} within 2 s \\(${operation}\\)$`, "m"));
    }
  });

  it("--timeout must be seconds: a misuse, exit 2", async () => {
    const run = await flowwatch(["tail", "--endpoint", silent.endpoint, "--timeout", "soon"]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^flowwatch: --timeout takes seconds .*'soon'$/m);
  });
});

describe("an endpoint that refuses connections", () => {
  it("the network error's code and address, and the operation", async () => {
    const port = await closedPort();
    const run = await flowwatch(["tail", "--endpoint", `http://127.0.0.1:${port}`, "--timeout", "2"]);
    assert.equal(run.status, 1, run.stdout);
    assert.match(run.stderr, new RegExp(`^flowwatch: DescribeFlowLogs: cannot reach http://127.0.0.1:${port} \\(ECONNREFUSED 127.0.0.1:${port}\\)$`, "m"));
  });
});
