/** The Matcher interface: pattern kinds, value extraction for metric filters, error positions. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FLOW_NODATA, FLOW_SSH_REJECT, SSH_REJECT_PATTERN } from "../../test/filterpattern/pattern-cases.js";
import { FilterPatternError, MAX_PATTERN_LENGTH, compile } from "./index.js";

describe("compile", () => {
  it("tells the pattern families apart", () => {
    assert.equal(compile("").kind, "all");
    assert.equal(compile("  \t ").kind, "all");
    assert.equal(compile("ERROR").kind, "terms");
    assert.equal(compile(" %ERR% ").kind, "regex");
    assert.equal(compile(" { $.a = 1 } ").kind, "json");
    assert.equal(compile("[a, b]").kind, "space-delimited");
  });

  it("extracts $name and $N from space-delimited events", () => {
    const m = compile(SSH_REJECT_PATTERN);
    assert.equal(m.valueOf(FLOW_SSH_REJECT, "$destport"), "22");
    assert.equal(m.valueOf(FLOW_SSH_REJECT, "$bytes"), "180");
    assert.equal(m.valueOf(FLOW_SSH_REJECT, "$5"), "172.31.16.21");
    assert.equal(m.valueOf(FLOW_NODATA, "$bytes"), undefined);
    assert.throws(() => m.valueOf(FLOW_SSH_REJECT, "$nosuch"), FilterPatternError);
    assert.throws(() => m.valueOf(FLOW_SSH_REJECT, "$.bytes"), FilterPatternError);
  });

  it("extracts any $.selector from matching JSON events", () => {
    const m = compile("{ $.latency = * }");
    const event = '{"latency": 50.0, "req": {"path": "/x", "tags": ["a"]}}';
    assert.equal(m.valueOf(event, "$.latency"), "50.0");
    assert.equal(m.valueOf(event, "$.req.path"), "/x");
    assert.equal(m.valueOf(event, "$.req.tags[0]"), "a");
    assert.equal(m.valueOf(event, "$.req"), undefined);
    assert.equal(m.valueOf('{"other": 1}', "$.other"), undefined);
    assert.throws(() => m.valueOf(event, "latency"), FilterPatternError);
    assert.deepEqual(m.match(event), { matched: true });
  });

  it("has no fields for term patterns", () => {
    assert.throws(() => compile("ERROR").valueOf("ERROR", "$1"), FilterPatternError);
    assert.deepEqual(compile("ERROR").match("ERROR x"), { matched: true });
    assert.deepEqual(compile("ERROR").match("x"), { matched: false });
  });

  it("reports where a pattern goes wrong", () => {
    try {
      compile("ERROR Status: x");
      assert.fail("should throw");
    } catch (e) {
      assert.ok(e instanceof FilterPatternError);
      assert.equal(e.position, 12);
    }
  });

  it("accepts a pattern of exactly the maximum length and refuses one longer", () => {
    assert.equal(compile("a".repeat(MAX_PATTERN_LENGTH)).kind, "terms");
    assert.throws(() => compile("a".repeat(MAX_PATTERN_LENGTH + 1)), /Member must have length less than or equal to 1024/);
  });

  it("reuses one matcher across many events without carrying state between them", () => {
    const m = compile("[a, b = 2, ...]");
    assert.equal(m.matches("1 2 3 4 5 6 7 8"), true);
    assert.equal(m.matches("1 3"), false);
    assert.equal(m.matches("x 2"), true);
    assert.deepEqual(m.match("x 2 y").fields, { $a: "x", $b: "2", $3: "y" });
  });
});
