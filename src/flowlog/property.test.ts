import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { FlowLogError } from "./errors.js";
import { FIELDS } from "./fields.js";
import { formatOf, parseFormat } from "./format.js";
import { formatRecord, recordParser } from "./record.js";

const onlyOwnErrors = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (!(error instanceof FlowLogError)) throw error;
  }
};

const fieldsArbitrary = fc.uniqueArray(fc.constantFrom(...FIELDS), { minLength: 1, maxLength: FIELDS.length });
const tokenArbitrary = fc.oneof(
  fc.constant("-"),
  fc.nat({ max: 2 ** 40 }).map(String),
  fc.string({ maxLength: 12 }),
  fc.constantFrom("ACCEPT", "REJECT", "OK", "NODATA", "10.0.0.1", "eni-0123", "${srcaddr}", "  ", "\t", "\r"),
);

test("random format strings either parse or raise the library's own error", () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom(...FIELDS.map((f) => `\${${f.name}}`), "${", "}", " ")), { maxLength: 8 }),
      (parts) => {
        onlyOwnErrors(() => parseFormat(parts.join("")));
      },
    ),
    { numRuns: 2000 },
  );
});

test("random lines in random formats either parse or raise the library's own error", () => {
  fc.assert(
    fc.property(fieldsArbitrary, fc.array(tokenArbitrary, { maxLength: 45 }), fc.nat({ max: 10000 }), (fields, tokens, lineNumber) => {
      const parse = recordParser(formatOf(fields));
      onlyOwnErrors(() => parse(tokens.join(" "), lineNumber));
    }),
    { numRuns: 3000 },
  );
});

test("well-formed random records round-trip exactly", () => {
  const valueOf = (type: string) =>
    type === "string"
      ? fc.oneof(
          fc.constant(null),
          fc.stringMatching(/^[A-Za-z0-9.:_-]{1,20}$/).filter((s) => s !== "-"),
        )
      : fc.oneof(fc.constant(null), fc.nat({ max: Number.MAX_SAFE_INTEGER }));
  fc.assert(
    fc.property(
      fieldsArbitrary.chain((fields) => fc.tuple(fc.constant(fields), fc.tuple(...fields.map((f) => valueOf(f.type))))),
      ([fields, values]) => {
        const format = formatOf(fields);
        const line = values.map((v) => (v === null ? "-" : String(v))).join(" ");
        const record = recordParser(format)(line, 1);
        assert.equal(formatRecord(record, format), line);
        fields.forEach((f, i) => {
          assert.equal(record[f.name], values[i]);
        });
      },
    ),
    { numRuns: 2000 },
  );
});
