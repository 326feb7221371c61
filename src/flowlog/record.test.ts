import assert from "node:assert/strict";
import { describe, test } from "node:test";
import vectors from "../../test/vectors/flow-records.json" with { type: "json" };
import { FlowLogError } from "./errors.js";
import { DEFAULT_FORMAT, parseFormat } from "./format.js";
import { formatRecord, parseRecord, recordParser } from "./record.js";

describe("AWS's documented example records", () => {
  for (const set of vectors.sets) {
    test(`${set.name}: every line parses and round-trips`, () => {
      const format = parseFormat(set.format);
      const parse = recordParser(format);
      set.lines.forEach((line, i) => {
        const record = parse(line, i + 1);
        assert.equal(Object.keys(record).length, format.fields.length);
        // The documentation's one double-spaced line comes back with single spaces, as AWS writes records.
        assert.equal(formatRecord(record, format), line.replace(/ +/g, " "));
      });
    });
  }

  test("default format: accepted SSH has typed values", () => {
    const record = parseRecord(vectors.sets[0]!.lines[0]!, DEFAULT_FORMAT);
    assert.deepEqual(record, {
      version: 2,
      "account-id": "123456789010",
      "interface-id": "eni-1235b8ca123456789",
      srcaddr: "172.31.16.139",
      dstaddr: "172.31.16.21",
      srcport: 20641,
      dstport: 22,
      protocol: 6,
      packets: 20,
      bytes: 4249,
      start: 1418530010,
      end: 1418530070,
      action: "ACCEPT",
      "log-status": "OK",
    });
  });

  test("NODATA and SKIPDATA rows have absent values", () => {
    const [nodata, skipdata] = vectors.sets[1]!.lines.map((line) => parseRecord(line, DEFAULT_FORMAT));
    assert.equal(nodata!["log-status"], "NODATA");
    assert.equal(skipdata!["log-status"], "SKIPDATA");
    for (const name of ["srcaddr", "dstaddr", "srcport", "dstport", "protocol", "packets", "bytes", "action"]) {
      assert.equal(nodata![name], null, name);
    }
    assert.equal(nodata!.start, 1431280876);
    assert.equal(nodata!.end, 1431280934);
  });

  test("v3 TCP flag sequence keeps tcp-flags as numbers, including the double-spaced line", () => {
    const set = vectors.sets[4]!;
    const records = set.lines.map((line) => parseRecord(line, parseFormat(set.format)));
    assert.deepEqual(
      records.map((r) => r["tcp-flags"]),
      [2, 18, 2, 18, 1, 1, 3, 19],
    );
    assert.equal(records[7]!.srcport, 5001);
    assert.equal(records[7]!.dstport, 43638);
    assert.equal(records[7]!["pkt-srcaddr"], "10.0.0.62");
  });

  test("v5 record: service names, traffic path, direction", () => {
    const set = vectors.sets[7]!;
    const [ingress, egress] = set.lines.map((line) => parseRecord(line, parseFormat(set.format)));
    assert.equal(ingress!["pkt-src-aws-service"], "S3");
    assert.equal(ingress!["traffic-path"], null);
    assert.equal(ingress!["flow-direction"], "ingress");
    assert.equal(egress!["traffic-path"], 8);
    assert.equal(egress!["sublocation-id"], null);
    assert.equal(egress!.version, 5);
  });

  test("NAT gateway record: a requester-managed interface has no instance", () => {
    const set = vectors.sets[5]!;
    const record = parseRecord(set.lines[0]!, parseFormat(set.format));
    assert.equal(record["instance-id"], null);
    assert.equal(record["pkt-dstaddr"], "203.0.113.5");
  });
});

describe("record errors", () => {
  const parse = recordParser(DEFAULT_FORMAT);
  const good = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";

  const rejects = (line: string, lineNumber: number, expected: { field?: string; message: RegExp }) => {
    assert.throws(
      () => parse(line, lineNumber),
      (error: unknown) => {
        assert.ok(error instanceof FlowLogError);
        assert.equal(error.kind, "record");
        assert.equal(error.line, lineNumber);
        assert.equal(error.field, expected.field);
        assert.match(error.message, expected.message);
        return true;
      },
    );
  };

  test("too few fields names the line and the first missing field", () => {
    rejects(good.split(" ").slice(0, 13).join(" "), 7, { field: "log-status", message: /^line 7: expected 14 fields, found 13/ });
  });
  test("too many fields names the line", () => {
    rejects(`${good} extra`, 3, { message: /^line 3: expected 14 fields, found more/ });
  });
  test("a bad number names the line and the field", () => {
    rejects(good.replace(" 20641 ", " 2064x "), 12, { field: "srcport", message: /^line 12: field 'srcport' \(6\): '2064x' is not an integer/ });
  });
  test("a negative number is not an integer here", () => {
    rejects(good.replace(" 4249 ", " -4249 "), 1, { field: "bytes", message: /'-4249' is not an integer/ });
  });
  test("a number beyond 2^53 is out of range", () => {
    rejects(good.replace(" 4249 ", " 90071992547409930 "), 1, { field: "bytes", message: /out of range/ });
  });
  test("an empty line has no fields", () => {
    rejects("", 2, { field: "version", message: /found 0/ });
  });
  test("trailing carriage return and spaces are ignored", () => {
    assert.equal(parse(`${good} \r`).action, "ACCEPT");
  });
  test("tabs separate fields too", () => {
    assert.equal(parse(good.replaceAll(" ", "\t")).dstport, 22);
  });
});
