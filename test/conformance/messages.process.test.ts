/**
 * Messages for people: every failure names the operation, and the endpoint or AWS's error code and message;
 * no SDK internals; rows without any field asked for are counted, not printed; the dashboard's API answers a
 * bad request 400; an unreachable webhook says what did not answer. Against moto_server (an AWS this project
 * did not write), endpoints that answer HTML or plain text, and a closed port.
 */
import assert from "node:assert/strict";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer } from "node:net";
import { after, before, describe, it } from "node:test";
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { startDashboardServer } from "../../src/web/dashboard-server.js";
import { flowwatch } from "../support/flowwatch-process.js";
import { useMotoServer } from "../support/moto-server.js";

const INTERNALS = /\$response|Deserialization error|hidden field|@smithy|middleware|undefined|NaN/;

function closedPort(): Promise<number> {
  const server = createServer();
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 9));
    }),
  );
}

/** A web server that is no AWS: every request gets `status` with a body of `type`. */
function notAws(status: number, type: string): Promise<{ server: Server; endpoint: string }> {
  const server = createHttpServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(status, { "content-type": type });
      res.end(type === "text/html" ? "<html><body>It works!</body></html>" : "hello");
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve({ server, endpoint: `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}` });
    }),
  );
}

describe("an endpoint that answers something that is not AWS", () => {
  const servers: Server[] = [];
  after(() => {
    for (const s of servers) s.close();
  });

  for (const [status, type] of [
    [404, "text/html"],
    [200, "text/html"],
    [200, "text/plain"],
    [500, "text/plain"],
  ] as const) {
    it(`HTTP ${status} ${type}: each command names the operation, the endpoint and the status`, async () => {
      const { server, endpoint } = await notAws(status, type);
      servers.push(server);
      const says = new RegExp(`(\\w+): ${endpoint.replaceAll(".", "\\.")} answered HTTP ${status} that is not an AWS response`);
      const query = await flowwatch(["query", "--log-group", "g", "fields @message", "--endpoint", endpoint]);
      assert.equal(query.status, 1, query.stdout);
      assert.match(query.stderr, new RegExp(`^flowwatch: StartQuery: ${says.source}$`.replace("(\\w+): ", ""), "m"));
      assert.doesNotMatch(query.stderr, INTERNALS);
      if (type === "text/html") {
        // The XML services' parsers read an HTML page as an empty success: it must be refused, not believed.
        const doctor = await flowwatch(["doctor", "--endpoint", endpoint]);
        assert.equal(doctor.status, 1, doctor.stderr);
        assert.match(doctor.stdout, new RegExp(`credentials: GetCallerIdentity: ${endpoint.replaceAll(".", "\\.")} answered HTTP ${status}`));
        const setup = await flowwatch(["setup", "--yes", "--endpoint", endpoint]);
        assert.equal(setup.status, 1, setup.stdout);
        assert.match(
          setup.stderr,
          new RegExp(`^flowwatch: GetCallerIdentity: ${endpoint.replaceAll(".", "\\.")} answered HTTP ${status} that is not an AWS response$`, "m"),
        );
      }
    });
  }
});

describe("against moto_server", () => {
  const moto = useMotoServer();
  const now = Date.now();
  const line = (src: string, port: number, i: number) =>
    `2 123456789010 eni-1 ${src} 10.0.0.2 ${40000 + i} ${port} 6 5 500 ${Math.floor(now / 1000) - 120} ${Math.floor(now / 1000) - 60} REJECT OK`;
  const env = () => ({ AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing" });
  before(async () => {
    const logs = new CloudWatchLogsClient(moto.clientConfig());
    await logs.send(new CreateLogGroupCommand({ logGroupName: "MyVpc22-Log" }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: "MyVpc22-Log", logStreamName: "eni-1-all" }));
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: "MyVpc22-Log",
        logStreamName: "eni-1-all",
        logEvents: [0, 1, 2].map((i) => ({ timestamp: now - 60_000 + i, message: line("203.0.113.7", 22, i) })),
      }),
    );
    logs.destroy();
  });

  it("an AWS error names the operation, AWS's code and message", async () => {
    const run = await flowwatch(["query", "--log-group", "nope", "fields @message", "--endpoint", moto.endpoint], env());
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^flowwatch: StartQuery: ResourceNotFoundException: .+$/m);
  });

  it("query: rows without any field asked for are counted on stderr, not printed", async () => {
    // moto differs from AWS: its Insights answers a stats query with a row of none of its columns (AWS gives srcAddr and b).
    const run = await flowwatch(["query", "--log-group", "MyVpc22-Log", "--endpoint", moto.endpoint, "stats sum(bytes) as b by srcAddr"], env());
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), "");
    assert.match(run.stderr, /^flowwatch: [1-9]\d* rows? had none of the fields asked for \(srcAddr, b\)$/m);
  });

  it("report: no 'undefined NaN' where moto's rows lack the fields; each section says what was missing", async () => {
    const run = await flowwatch(["report", "--log-group", "MyVpc22-Log", "--endpoint", moto.endpoint], env());
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stdout, INTERNALS);
    assert.match(run.stdout, /^protocol mix\n {2}[1-9]\d* rows? had none of the fields asked for \(protocol, flows, totalBytes\)$/m);
    assert.match(run.stdout, /^top talkers by bytes\n {2}[1-9]\d* rows? had none of the fields asked for \(srcAddr, dstAddr, totalBytes, totalPackets\)$/m);
  });

  it("watch --webhook to a closed port: the cause's code and address, not 'fetch failed'", async () => {
    const port = await closedPort();
    const { writeFileSync, mkdtempSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const config = join(mkdtempSync(join(tmpdir(), "flowwatch-messages-")), "rules.json");
    writeFileSync(config, JSON.stringify({ bruteForce: { threshold: 2 } }));
    const run = await flowwatch(
      ["watch", "--log-group", "MyVpc22-Log", "--config", config, "--webhook", `http://127.0.0.1:${port}/hook`, "--endpoint", moto.endpoint],
      env(),
    );
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /brute-force/);
    assert.match(
      run.stderr,
      new RegExp(`^flowwatch: webhook http://127\\.0\\.0\\.1:${port}/hook: cannot reach it \\(ECONNREFUSED 127\\.0\\.0\\.1:${port}\\)$`, "m"),
    );
    assert.doesNotMatch(run.stderr, /fetch failed/);
  });
});

describe("the dashboard's POST /api/query", () => {
  let dashboard: Awaited<ReturnType<typeof startDashboardServer>>;
  let port: number;
  before(async () => {
    port = await closedPort();
    dashboard = await startDashboardServer(
      { endpoint: `http://127.0.0.1:${port}`, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, timeoutSeconds: 2 },
      { port: 0, logGroup: "MyVpc22-Log", pollMs: 60_000 },
    );
  });
  after(() => dashboard.close());

  const post = (body: string) => fetch(new URL("api/query", dashboard.url), { method: "POST", headers: { "content-type": "application/json" }, body });

  it("a body that is not JSON: 400 with the reason", async () => {
    const response = await post("{query: oops");
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { error: string }).error, /^the request body is not JSON: /);
  });

  it("a JSON body of the wrong shape: 400 naming the field", async () => {
    for (const [body, reason] of [
      ["[1]", /must be a JSON object/],
      ['{"query": 5}', /a query is required/],
      ['{"query": "fields @message", "minutes": "ten"}', /minutes must be a number/],
    ] as const) {
      const response = await post(body);
      assert.equal(response.status, 400, body);
      assert.match(((await response.json()) as { error: string }).error, reason);
    }
  });

  it("an endpoint that cannot be reached: 502 naming StartQuery and the cause", async () => {
    const response = await post('{"query": "fields @message"}');
    assert.equal(response.status, 502);
    assert.match(
      ((await response.json()) as { error: string }).error,
      new RegExp(`^StartQuery: cannot reach http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED 127\\.0\\.0\\.1:${port}\\)$`),
    );
  });
});
