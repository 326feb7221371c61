/**
 * Insights `sort` over the wire with the AWS CLI v2: the example list of AWS's sort page, put in a
 * shuffled order, comes back in the page's order (ascending) and its reverse (descending).
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { DOCUMENTED_ORDER, FLOW_VALUE_ORDER } from "../insights/sort-cases.js";
import { awsCli } from "../support/aws-cli.js";
import { useLocalCloud } from "../support/local-cloud.js";

const GROUP = "sort-order";
const doc = DOCUMENTED_ORDER.map((e) => e.value);
const flow = FLOW_VALUE_ORDER.map((e) => e.value);

/** A fixed shuffle, so that neither arrival nor timestamps give the expected order. */
const shuffled = (values: readonly string[]) =>
  values
    .map((v, i) => ({ v, k: (i * 7919) % 101 }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.v);

describe("Insights sort in AWS's documented order (AWS CLI v2)", () => {
  const local = useLocalCloud();
  const now = Date.now();
  const cli = (args: string[]) => awsCli(local.endpoint, args);

  before(async () => {
    assert.equal((await cli(["logs", "create-log-group", "--log-group-name", GROUP])).status, 0);
    for (const [stream, values] of [
      ["doc", doc],
      ["flow", flow],
    ] as const) {
      assert.equal((await cli(["logs", "create-log-stream", "--log-group-name", GROUP, "--log-stream-name", stream])).status, 0);
      const events = shuffled(values).map((message, i) => ({ timestamp: now - 60_000 + i, message }));
      const put = await cli(["logs", "put-log-events", "--log-group-name", GROUP, "--log-stream-name", stream, "--log-events", JSON.stringify(events)]);
      assert.equal(put.status, 0, put.stderr);
    }
  });

  async function sorted(query: string): Promise<string[]> {
    const start = await cli([
      "logs",
      "start-query",
      "--log-group-name",
      GROUP,
      "--start-time",
      String(Math.floor(now / 1000) - 3600),
      "--end-time",
      String(Math.floor(now / 1000) + 60),
      "--query-string",
      query,
    ]);
    assert.equal(start.status, 0, start.stderr);
    let out = start.json;
    for (let i = 0; i < 50; i++) {
      out = (await cli(["logs", "get-query-results", "--query-id", start.json.queryId as string])).json;
      if (out.status === "Complete") break;
    }
    assert.equal(out.status, "Complete");
    return (out.results as { field: string; value: string }[][]).map((row) => row.find((f) => f.field === "@message")?.value as string);
  }

  it("sorts the page's example list into the page's order", async () => {
    assert.deepEqual(await sorted('filter @logStream = "doc" | fields @message | sort @message asc'), doc);
  });

  it("descending is the reverse, as the page says", async () => {
    assert.deepEqual(await sorted('filter @logStream = "doc" | fields @message | sort @message desc | limit 100'), doc.slice().reverse());
  });

  it("addresses, interface ids and port lists by the page's rules", async () => {
    assert.deepEqual(await sorted('filter @logStream = "flow" | stats count(*) as n by @message | sort @message'), flow);
  });
});
