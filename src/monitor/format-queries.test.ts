import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_FORMAT, DEFAULT_FORMAT_TEXT, parseFormat, V5_FORMAT } from "../flowlog/index.js";
import { runQuerySync } from "../insights/index.js";
import { parseCommandFor, queryForFormat } from "./format-queries.js";

describe("queries over a flow log's own format", () => {
  it("the default format is left to Insights' discovery, even written out", () => {
    assert.equal(queryForFormat("stats count(*)", DEFAULT_FORMAT), "stats count(*)");
    assert.equal(queryForFormat("stats count(*)", parseFormat(DEFAULT_FORMAT_TEXT)), "stats count(*)");
    assert.equal(queryForFormat("stats count(*)", undefined), "stats count(*)");
  });

  it("another format: one * per field, named as Insights names the default format's fields, camelCase beyond them", () => {
    const format = parseFormat("${srcaddr} ${start} ${log-status} ${vpc-id} ${pkt-srcaddr}");
    assert.equal(parseCommandFor(format), 'parse @message "* * * * *" as srcAddr, startTime, logStatus, vpcId, pktSrcaddr');
  });

  it("prefixes once: a query that already starts with the parse is kept", () => {
    const once = queryForFormat("  filter action = 'REJECT'", V5_FORMAT);
    assert.match(once, /^parse @message "(\* ){28}\*" as version, accountId, .* \| filter action = 'REJECT'$/);
    assert.equal(queryForFormat(once, V5_FORMAT), once);
  });

  it("the engine reads a custom-format record through the parse as it reads a default-format one", () => {
    const format = parseFormat("${interface-id} ${srcaddr} ${dstaddr} ${dstport} ${bytes} ${action}");
    const event = (message: string) => ({ timestamp: 1, ingestionTime: 1, message, logStream: "s", log: "g" });
    const query = "filter dstPort = 22 | stats sum(bytes) as b by srcAddr";
    const custom = runQuerySync(queryForFormat(query, format), [
      event("eni-1 203.0.113.7 10.0.0.2 22 60 REJECT"),
      event("eni-1 10.0.0.1 10.0.0.2 443 900 ACCEPT"),
    ]);
    const plain = runQuerySync(query, [event("2 1 eni-1 203.0.113.7 10.0.0.2 4000 22 6 1 60 1 2 REJECT OK")]);
    assert.deepEqual(custom.results, plain.results);
  });
});
