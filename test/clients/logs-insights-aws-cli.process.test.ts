/** The AWS CLI v2 against a LocalCloud: `aws logs start-query`, then `get-query-results` until Complete. */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { awsCli } from "../support/aws-cli.js";
import { useLocalCloud } from "../support/local-cloud.js";

describe("aws logs start-query / get-query-results (AWS CLI v2)", () => {
  const local = useLocalCloud();
  const now = Date.now();
  before(async () => {
    assert.equal((await awsCli(local.endpoint, ["logs", "create-log-group", "--log-group-name", "MyVpc22-Log"])).status, 0);
    assert.equal((await awsCli(local.endpoint, ["logs", "create-log-stream", "--log-group-name", "MyVpc22-Log", "--log-stream-name", "eni-1-all"])).status, 0);
    const events = [
      { timestamp: now - 2000, message: "2 123456789010 eni-1 203.0.113.7 10.0.0.2 40000 22 6 3 180 1 2 REJECT OK" },
      { timestamp: now - 1000, message: "2 123456789010 eni-1 203.0.113.7 10.0.0.2 40001 3389 6 1 60 1 2 REJECT OK" },
      { timestamp: now, message: "2 123456789010 eni-1 10.0.0.1 10.0.0.2 40002 443 6 9 900 1 2 ACCEPT OK" },
    ];
    const put = await awsCli(local.endpoint, [
      "logs",
      "put-log-events",
      "--log-group-name",
      "MyVpc22-Log",
      "--log-stream-name",
      "eni-1-all",
      "--log-events",
      JSON.stringify(events),
    ]);
    assert.equal(put.status, 0, put.stderr);
  });

  it("runs the tutorial's rejected-traffic query", async () => {
    const start = await awsCli(local.endpoint, [
      "logs",
      "start-query",
      "--log-group-name",
      "MyVpc22-Log",
      "--start-time",
      String(Math.floor(now / 1000) - 3600),
      "--end-time",
      String(Math.floor(now / 1000) + 60),
      "--query-string",
      'filter action="REJECT" | stats count(*) as numRejections by srcAddr | sort numRejections desc',
    ]);
    assert.equal(start.status, 0, start.stderr);
    const queryId = start.json.queryId as string;
    let out = start.json;
    for (let i = 0; i < 50; i++) {
      out = (await awsCli(local.endpoint, ["logs", "get-query-results", "--query-id", queryId])).json;
      if (out.status === "Complete") break;
    }
    assert.equal(out.status, "Complete");
    assert.deepEqual(out.results, [
      [
        { field: "srcAddr", value: "203.0.113.7" },
        { field: "numRejections", value: "2" },
      ],
    ]);
    assert.equal(out.statistics.recordsScanned, 3);
    assert.equal(out.statistics.recordsMatched, 2);
  });

  it("a malformed query: MalformedQueryException from the CLI", async () => {
    const run = await awsCli(local.endpoint, [
      "logs",
      "start-query",
      "--log-group-name",
      "MyVpc22-Log",
      "--start-time",
      "0",
      "--end-time",
      String(Math.floor(now / 1000) + 60),
      "--query-string",
      "stats count(*) | sort",
    ]);
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /MalformedQueryException/);
    assert.match(run.stderr, /unexpected symbol found <EOF> at line 1 and position/);
  });
});
