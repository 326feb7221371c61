/**
 * Every VPC flow log sample query of aws-spec.md 5.5 (addresses substituted) over a generated data set,
 * each result checked against a computation in test/support/flow-samples.ts, independent of the engine.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { asRows, EVENTS, FLOWS, natDownloads, SAMPLES, SUSPECT } from "../../test/support/flow-samples.js";
import { runQuerySync } from "./index.js";

describe("AWS's VPC flow log sample queries over generated records", () => {
  it("has a data set that exercises every sample", () => {
    assert.ok(FLOWS.some((f) => f.f.logStatus === "SKIPDATA"));
    assert.ok(FLOWS.filter((f) => f.f.srcAddr === SUSPECT).length > 10);
    assert.ok(FLOWS.filter(natDownloads).length > 10);
  });
  for (const sample of SAMPLES) {
    it(sample.title, () => {
      const expected = sample.expected();
      assert.ok(expected.length > 0, "the sample should return rows over this data set");
      const { results, statistics } = runQuerySync(sample.query, EVENTS);
      assert.deepEqual(asRows(results), expected);
      assert.equal(statistics.recordsScanned, EVENTS.length);
    });
  }
});
