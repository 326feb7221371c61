/** The JSON reader that keeps number text, checked against JSON.parse. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { JsonNumber, type JsonValue, MAX_JSON_DEPTH, parseJsonObject, resolvePath } from "./json-message.js";

function plain(value: JsonValue | undefined): unknown {
  if (value instanceof JsonNumber) return value.value;
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

describe("parseJsonObject", () => {
  it("reads what JSON.parse reads, for objects", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })), (object) => {
        const text = JSON.stringify(object);
        assert.deepEqual(plain(parseJsonObject(text)), JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });
  it("keeps the text of numbers", () => {
    const root = parseJsonObject('{"a": 12.0, "b": -1E+3, "c": [0.50]}');
    assert.ok(root);
    assert.equal((resolvePath(root, ["a"]) as JsonNumber).raw, "12.0");
    assert.equal((resolvePath(root, ["b"]) as JsonNumber).value, -1000);
    assert.equal((resolvePath(root, ["c", 0]) as JsonNumber).raw, "0.50");
  });
  it("refuses what is not a JSON object", () => {
    for (const text of ["", "[1]", '"s"', "{", '{"a":}', '{"a":1,}', "{'a':1}", '{"a":01}', '{"a":1} x', '{"a":"\\x"}', "ERROR {}"]) {
      assert.equal(parseJsonObject(text), undefined, text);
    }
    assert.ok(parseJsonObject('  {"a": "\\u00e9\\n"}  '));
  });
  it("treats documents deeper than the limit as not JSON instead of overflowing the stack", () => {
    const deep = `{"a":${"[".repeat(MAX_JSON_DEPTH + 5)}${"]".repeat(MAX_JSON_DEPTH + 5)}}`;
    assert.equal(parseJsonObject(deep), undefined);
  });
  it("resolves selectors only through objects and arrays", () => {
    const root = parseJsonObject('{"a": {"b": [1, {"c": null}]}, "s": "str"}');
    assert.ok(root);
    assert.equal(resolvePath(root, ["a", "b", 1, "c"]), null);
    assert.equal(resolvePath(root, ["a", "b", 2]), undefined);
    assert.equal(resolvePath(root, ["s", 0]), undefined);
    assert.equal(resolvePath(root, ["a", 0]), undefined);
    assert.equal(resolvePath(root, ["toString"]), undefined);
  });
});
