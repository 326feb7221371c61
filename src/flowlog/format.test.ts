import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { FlowLogError } from "./errors.js";
import { FIELDS, INSIGHTS_FIELDS, findField } from "./fields.js";
import { DEFAULT_FORMAT, DEFAULT_FORMAT_TEXT, V5_FORMAT, formatFromHeader, parseFormat } from "./format.js";

describe("field catalogue", () => {
  test("has every field of versions 2 to 8 with its version", () => {
    const byVersion = (v: number) => FIELDS.filter((f) => f.version === v).map((f) => f.name);
    assert.equal(byVersion(2).length, 14);
    assert.deepEqual(byVersion(3), ["vpc-id", "subnet-id", "instance-id", "tcp-flags", "type", "pkt-srcaddr", "pkt-dstaddr"]);
    assert.deepEqual(byVersion(4), ["region", "az-id", "sublocation-type", "sublocation-id"]);
    assert.deepEqual(byVersion(5), ["pkt-src-aws-service", "pkt-dst-aws-service", "flow-direction", "traffic-path"]);
    assert.deepEqual(byVersion(6), []);
    assert.equal(byVersion(7).length, 10);
    assert.deepEqual(byVersion(8), ["reject-reason"]);
  });
  test("Insights names are the ones AWS discovers in default-format messages", () => {
    assert.deepEqual([...INSIGHTS_FIELDS.keys()].sort(), [
      "accountId",
      "action",
      "bytes",
      "dstAddr",
      "dstPort",
      "endTime",
      "interfaceId",
      "logStatus",
      "packets",
      "protocol",
      "srcAddr",
      "srcPort",
      "startTime",
      "version",
    ]);
    assert.equal(findField("start")?.insightsName, "startTime");
    assert.equal(findField("vpc-id")?.insightsName, undefined);
  });
  test("integer fields are typed as integers", () => {
    const ints = FIELDS.filter((f) => f.type !== "string").map((f) => f.name);
    assert.deepEqual(ints, ["version", "srcport", "dstport", "protocol", "packets", "bytes", "start", "end", "tcp-flags", "traffic-path", "encryption-status"]);
  });
});

describe("format strings", () => {
  test("the default format is the 14 version 2 fields, version 2", () => {
    assert.equal(DEFAULT_FORMAT.fields.length, 14);
    assert.equal(DEFAULT_FORMAT.version, 2);
    assert.equal(DEFAULT_FORMAT.text, DEFAULT_FORMAT_TEXT);
  });
  test("a format's version is the highest among its fields", () => {
    assert.equal(parseFormat("${srcaddr} ${dstaddr}").version, 2);
    assert.equal(parseFormat("${srcaddr} ${tcp-flags} ${region}").version, 4);
    assert.equal(parseFormat("${flow-direction}").version, 5);
    assert.equal(parseFormat("${version} ${reject-reason}").version, 8);
    assert.equal(V5_FORMAT.version, 5);
    assert.equal(V5_FORMAT.fields.length, 29);
  });
  test("runs of spaces between fields are allowed and canonicalised", () => {
    assert.equal(parseFormat("  ${srcaddr}   ${dstaddr} ").text, "${srcaddr} ${dstaddr}");
  });

  const rejects = (text: string, expected: { column?: number; field?: string; message: RegExp }) => {
    assert.throws(
      () => parseFormat(text),
      (error: unknown) => {
        assert.ok(error instanceof FlowLogError);
        assert.equal(error.kind, "format");
        assert.equal(error.column, expected.column);
        assert.equal(error.field, expected.field);
        assert.match(error.message, expected.message);
        return true;
      },
    );
  };
  test("an empty format is an error", () => {
    rejects("", { message: /empty/ });
    rejects("   ", { message: /empty/ });
  });
  test("an unknown field names itself and its column", () => {
    rejects("${srcaddr} ${dstadr}", { column: 12, field: "dstadr", message: /unknown field 'dstadr' at column 12/ });
  });
  test("text outside ${...} is bad syntax with its column", () => {
    rejects("${srcaddr} dstaddr", { column: 12, message: /expected '\$\{' at column 12/ });
  });
  test("an unclosed field is bad syntax", () => {
    rejects("${srcaddr ${dstaddr}", { column: 1, message: /not closed/ });
    rejects("${srcaddr", { column: 1, message: /not closed/ });
  });
  test("an empty field is bad syntax", () => {
    rejects("${srcaddr} ${}", { column: 12, message: /empty field/ });
  });
  test("fields must be separated by spaces", () => {
    rejects("${srcaddr}${dstaddr}", { column: 11, field: "srcaddr", message: /expected a space/ });
  });
  test("a field given twice is refused", () => {
    rejects("${srcaddr} ${srcaddr}", { column: 12, field: "srcaddr", message: /already/ });
  });
});

describe("header lines", () => {
  test("a header of field names gives a format", () => {
    assert.equal(formatFromHeader("version account-id interface-id srcaddr")?.text, "${version} ${account-id} ${interface-id} ${srcaddr}");
  });
  test("a record line is not a header", () => {
    assert.equal(formatFromHeader("2 123456789010 eni-1 - - - - - - - 1 2 - NODATA"), undefined);
  });
});
