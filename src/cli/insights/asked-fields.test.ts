import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { askedFields, emptyRowsNote, splitEmptyRows } from "./asked-fields.js";

describe("the fields a query asks for", () => {
  it("display wins, then the last stats (groups, then aggregates), then fields", () => {
    assert.deepEqual(askedFields("stats sum(bytes) as b by srcAddr | display srcAddr"), ["srcAddr"]);
    assert.deepEqual(askedFields("filter x = 1 | stats sum(bytes) as b, count(*) by srcAddr, dstAddr"), ["srcAddr", "dstAddr", "b", "count(*)"]);
    assert.deepEqual(askedFields("fields srcAddr, bytes * 2 as double | limit 3"), ["srcAddr", "double"]);
    assert.deepEqual(askedFields("limit 3"), []);
    assert.deepEqual(askedFields("not a query ("), []);
  });

  it("rows with none of them are counted, @ptr alone is no field", () => {
    const split = splitEmptyRows([{ srcAddr: "a", b: "1" }, {}, { "@ptr": "p" }, { b: "2" }], ["srcAddr", "b"]);
    assert.deepEqual(split, { rows: [{ srcAddr: "a", b: "1" }, { b: "2" }], empty: 2 });
    assert.deepEqual(splitEmptyRows([{ "@ptr": "p" }, { x: "1" }], []), { rows: [{ x: "1" }], empty: 1 });
    assert.equal(emptyRowsNote(2, ["srcAddr", "b"]), "2 rows had none of the fields asked for (srcAddr, b)");
    assert.equal(emptyRowsNote(1, []), "1 row had no fields");
  });
});
