/** `flowwatch query` and `flowwatch report` as processes: over files offline, and against a LocalCloud through the SDK. */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { useLocalCloud } from "../../../test/support/local-cloud.js";

const main = new URL("../main.ts", import.meta.url).pathname;
/** Asynchronous: the LocalCloud under test runs in this process and must keep answering. */
const flowwatch = (args: string[], env: Record<string, string> = {}) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", main, ...args],
      {
        encoding: "utf8",
        timeout: 60_000,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          AWS_ACCESS_KEY_ID: "test",
          AWS_SECRET_ACCESS_KEY: "test",
          AWS_REGION: "us-east-1",
          AWS_CONFIG_FILE: "/dev/null",
          AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
          ...env,
        },
      },
      (error, stdout, stderr) => resolve({ status: error === null ? 0 : typeof error.code === "number" ? error.code : null, stdout, stderr }),
    );
  });

const now = Math.floor(Date.now() / 1000);
const line = (src: string, port: number, bytes: number, action: string) =>
  `2 123456789010 eni-1 ${src} 10.0.0.2 40000 ${port} 6 5 ${bytes} ${now - 120} ${now - 60} ${action} OK`;
const LINES = [
  line("10.0.0.1", 443, 5000, "ACCEPT"),
  line("203.0.113.7", 22, 60, "REJECT"),
  line("203.0.113.7", 3389, 60, "REJECT"),
  line("10.0.0.3", 443, 700, "ACCEPT"),
  `2 123456789010 eni-1 - - - - - - - ${now - 120} ${now - 60} - NODATA`,
];

describe("flowwatch query --file", () => {
  const dir = mkdtempSync(join(tmpdir(), "flowwatch-query-"));
  it("runs a query over plain and gzip files together, as CSV", async () => {
    writeFileSync(join(dir, "a.log"), `${LINES.slice(0, 2).join("\n")}\n`);
    writeFileSync(join(dir, "b.log.gz"), gzipSync(`${LINES.slice(2).join("\n")}\n`));
    const run = await flowwatch([
      "query",
      "--file",
      join(dir, "a.log"),
      "--file",
      join(dir, "b.log.gz"),
      "--output",
      "csv",
      'filter action="REJECT" | stats count(*) as n, sum(bytes) as b by srcAddr',
    ]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, "srcAddr,n,b\n203.0.113.7,2,120\n");
  });

  it("reads a custom format's fields by their Insights names", async () => {
    writeFileSync(join(dir, "c.log"), "10.0.0.1 443 ACCEPT\n10.0.0.2 22 REJECT\n");
    const run = await flowwatch([
      "query",
      "--file",
      join(dir, "c.log"),
      "--format",
      "${srcaddr} ${dstport} ${action}",
      "--output",
      "json",
      "filter dstPort = 22 | fields srcAddr, action",
    ]);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { srcAddr: "10.0.0.2", action: "REJECT" });
  });

  it("a malformed query is one line on stderr with AWS's position, exit 1", async () => {
    writeFileSync(join(dir, "d.log"), `${LINES[0]}\n`);
    const run = await flowwatch(["query", "--file", join(dir, "d.log"), "stats count(*) | sort"]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^flowwatch: malformed query: unexpected symbol found <EOF> at line 1 and position \d+$/m);
  });
});

describe("flowwatch query --log-group and flowwatch report against a LocalCloud", () => {
  const local = useLocalCloud();
  before(async () => {
    const logs = new CloudWatchLogsClient(local.clientConfig());
    await logs.send(new CreateLogGroupCommand({ logGroupName: "MyVpc22-Log" }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: "MyVpc22-Log", logStreamName: "eni-1-all" }));
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: "MyVpc22-Log",
        logStreamName: "eni-1-all",
        logEvents: LINES.map((message, i) => ({ timestamp: Date.now() - 60_000 + i, message })),
      }),
    );
    logs.destroy();
  });

  it("StartQuery and GetQueryResults through the SDK, endpoint from --endpoint", async () => {
    const run = await flowwatch([
      "query",
      "--log-group",
      "MyVpc22-Log",
      "--since",
      "1h",
      "--endpoint",
      local.endpoint,
      "stats sum(bytes) as b by srcAddr | sort b desc",
    ]);
    assert.equal(run.status, 0, run.stderr);
    // The NODATA record has no srcAddr nor bytes: its group is a row without any field asked for, said on stderr.
    assert.equal(run.stdout, "srcAddr      b\n10.0.0.1     5000\n10.0.0.3     700\n203.0.113.7  120\n");
    assert.match(run.stderr, /^flowwatch: 1 row had none of the fields asked for \(srcAddr, b\)$/m);
  });

  it("the endpoint from AWS_ENDPOINT_URL; a missing group is AWS's error on one line", async () => {
    const run = await flowwatch(["query", "--log-group", "nope", "fields @message"], { AWS_ENDPOINT_URL: local.endpoint });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^flowwatch: StartQuery: ResourceNotFoundException: Log group 'nope' does not exist/m);
  });

  it("report: totals, actions, talkers, rejected sources, ports, protocols, gaps, a chart", async () => {
    const run = await flowwatch(["report", "--log-group", "MyVpc22-Log", "--since", "1h", "--endpoint", local.endpoint]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /records 5 /);
    assert.match(run.stdout, /accepted 2 \(50\.0%\) {3}rejected 2 \(50\.0%\)/);
    assert.match(run.stdout, /top talkers by bytes\n {2}srcAddr +dstAddr +bytes +packets\n {2}10\.0\.0\.1 +10\.0\.0\.2 +5000/);
    assert.match(run.stdout, /top rejected sources\n {2}srcAddr +rejections\n {2}203\.0\.113\.7 +2/);
    assert.match(run.stdout, /protocol mix\n {2}protocol +flows +bytes\n {2}6 TCP +4 +5820/);
    assert.match(run.stdout, /NODATA +eni-1 +1/);
    assert.match(run.stdout, /flows per 1m\n {2}.*[▁▂▃▄▅▆▇█].*max 5/);
  });
});
