import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import { AwsError } from "./aws-error.js";
import { decodeCbor, decodeCborInput, encodeCbor, encodeCborError, encodeCborOutput } from "./cbor.js";

// @smithy/core's codec, the one the SDK v3 uses: an independent reader and writer to check ours against.
const require = createRequire(import.meta.url);
const smithy = require("@smithy/core/cbor") as {
  cbor: { serialize(v: unknown): Uint8Array; deserialize(b: Uint8Array): unknown };
  dateToTag(d: Date): unknown;
};

const hex = (h: string) => Buffer.from(h.replace(/\s/g, ""), "hex");

function refused(bytes: Buffer, why: RegExp): void {
  assert.throws(
    () => decodeCbor(bytes),
    (e: unknown) => e instanceof AwsError && e.code === "SerializationException" && e.status === 400 && why.test(e.message),
  );
}

describe("CBOR decoding (RFC 8949 appendix A vectors)", () => {
  const vectors: Array<[string, unknown]> = [
    ["00", 0],
    ["17", 23],
    ["1818", 24],
    ["1903e8", 1000],
    ["1a000f4240", 1000000],
    ["1b000000e8d4a51000", 1000000000000],
    ["20", -1],
    ["3903e7", -1000],
    ["f90000", 0],
    ["f93c00", 1],
    ["f97bff", 65504],
    ["fa47c35000", 100000],
    ["fb3ff199999999999a", 1.1],
    ["f4", false],
    ["f5", true],
    ["f6", null],
    ["60", ""],
    ["6449455446", "IETF"],
    ["62c3bc", "\u00fc"],
    ["4401020304", new Uint8Array([1, 2, 3, 4])],
    ["83010203", [1, 2, 3]],
    ["a201020304", undefined],
    ["a26161016162820203", { a: 1, b: [2, 3] }],
    ["5f42010243030405ff", new Uint8Array([1, 2, 3, 4, 5])],
    ["7f657374726561646d696e67ff", "streaming"],
    ["9fff", []],
    ["9f018202039f0405ffff", [1, [2, 3], [4, 5]]],
    ["bf61610161629f0203ffff", { a: 1, b: [2, 3] }],
  ];
  for (const [h, expected] of vectors) {
    if (expected === undefined) continue;
    it(h, () => assert.deepEqual(decodeCbor(hex(h)), expected));
  }

  it("reads tag 1 as a Date, integer or fractional seconds", () => {
    assert.deepEqual(decodeCbor(hex("c11a514b67b0")), new Date(1363896240000));
    assert.deepEqual(decodeCbor(hex("c1fb41d452d9ec200000")), new Date(1363896240500));
  });

  it("keeps a __proto__ key an ordinary member", () => {
    const v = decodeCbor(encodeCbor({ ["__proto__"]: { polluted: true } })) as Record<string, unknown>;
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(v), Object.prototype);
    assert.deepEqual(Object.keys(v), ["__proto__"]);
  });
});

describe("CBOR malformed input: SerializationException, never anything else", () => {
  it("truncated items", () => {
    refused(hex("1a0001"), /end of input/);
    refused(hex("6449"), /end of input/);
    refused(hex("83 01 02"), /end of input/);
    refused(hex("bf 61 61"), /end of input/);
  });
  it("lengths claimed past the body", () => refused(hex("9b 00000000 ffffffff"), /end of input|too long/));
  it("integers beyond 2^53", () => refused(hex("1bffffffffffffffff"), /too large/));
  it("reserved additional information", () => refused(hex("1c"), /reserved/));
  it("trailing bytes", () => refused(hex("0000"), /trailing/));
  it("invalid UTF-8", () => refused(hex("62c328"), /UTF-8/));
  it("non-string map keys", () => refused(hex("a10102"), /map keys/));
  it("a stray break", () => refused(hex("ff"), /break/));
  it("indefinite integers", () => refused(hex("1f"), /indefinite/));
  it("nesting past the bound", () => refused(Buffer.concat([Buffer.alloc(10_000, 0x81), hex("00")]), /too deep/));
  it("bad chunks in an indefinite string", () => refused(hex("7f 01 ff"), /chunk/));
  it("a body that is not a map", () => {
    assert.throws(
      () => decodeCborInput(hex("83010203")),
      (e: unknown) => e instanceof AwsError && e.code === "SerializationException",
    );
    assert.deepEqual(decodeCborInput(Buffer.alloc(0)), {});
  });
  it("random bytes never throw anything but AwsError", () => {
    let seed = 1;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 3000; i++) {
      const bytes = Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 24) }, () => Math.floor(rand() * 256)));
      try {
        decodeCbor(bytes);
      } catch (e) {
        assert.ok(e instanceof AwsError, `${bytes.toString("hex")}: ${String(e)}`);
      }
    }
  });
});

describe("CBOR encoding, checked against @smithy/core's codec", () => {
  const value = {
    MetricDataResults: [
      { Id: "m1", Label: "Hits", Timestamps: [new Date(1700000000000), new Date(1700000060500)], Values: [1, 2.5, -3, 1e300], StatusCode: "Complete" },
    ],
    Empty: [],
    Flag: false,
    Nothing: null,
    Big: 2 ** 40,
    Text: "ü€𝄞",
    Bytes: new Uint8Array([0, 255]),
  };

  it("smithy reads what we write", () => {
    const back = smithy.cbor.deserialize(encodeCbor(value)) as Record<string, unknown>;
    const results = back.MetricDataResults as Array<Record<string, unknown>>;
    // Smithy's reader gives tags as {tag, value}; its shape deserializer turns tag 1 into a Date.
    const stamps = results[0]?.Timestamps as Array<{ tag: number; value: number }>;
    assert.deepEqual(
      stamps.map((t) => [t.tag, t.value * 1000]),
      [
        [1, 1700000000000],
        [1, 1700000060500],
      ],
    );
    assert.deepEqual(results[0]?.Values, [1, 2.5, -3, 1e300]);
    assert.equal(back.Text, "ü€𝄞");
    assert.equal(back.Big, 2 ** 40);
    assert.deepEqual(back.Empty, []);
    assert.equal(back.Flag, false);
  });

  it("we read what smithy writes", () => {
    const input = {
      Namespace: "Flow",
      MetricData: [{ MetricName: "Rejects", Value: 3.25, Timestamp: new Date(1700000000000), Dimensions: [{ Name: "Eni", Value: "eni-1" }] }],
      Neg: -70000,
      Big: 2 ** 40,
    };
    // The SDK wraps timestamps as tag 1 before serializing, as its shape serializer does.
    const wire = { ...input, MetricData: input.MetricData.map((d) => ({ ...d, Timestamp: smithy.dateToTag(d.Timestamp) })) };
    const ours = decodeCbor(Buffer.from(smithy.cbor.serialize(wire))) as Record<string, unknown>;
    assert.deepEqual(ours, input);
  });

  it("undefined members are left out", () => assert.deepEqual(decodeCbor(encodeCbor({ a: 1, b: undefined })), { a: 1 }));
});

describe("RPC v2 CBOR envelopes", () => {
  it("a success carries smithy-protocol and application/cbor; no output is an empty map", () => {
    const r = encodeCborOutput(undefined, "rid");
    assert.equal(r.headers["smithy-protocol"], "rpc-v2-cbor");
    assert.equal(r.headers["content-type"], "application/cbor");
    assert.deepEqual(decodeCbor(r.body as Buffer), {});
  });
  it("an error is {__type, message} with x-amzn-query-error for query-compatible services", () => {
    const e = new AwsError("ResourceNotFound", "Alarm x not found", 404);
    e.fields = { __type: "com.amazonaws.cloudwatch#ResourceNotFound" };
    const r = encodeCborError(e, "rid", true);
    assert.equal(r.status, 404);
    assert.equal(r.headers["x-amzn-query-error"], "ResourceNotFound;Sender");
    assert.deepEqual(decodeCbor(r.body as Buffer), { __type: "com.amazonaws.cloudwatch#ResourceNotFound", message: "Alarm x not found" });
    assert.equal(encodeCborError(e, "rid", false).headers["x-amzn-query-error"], undefined);
  });
});

describe("null members", () => {
  it("are absent, as AWS reads them; a null list item stays for validation", () => {
    assert.deepEqual(decodeCborInput(encodeCbor({ NextToken: null, AlarmNames: ["a", null], Nested: { X: null, Y: 1 } })), {
      AlarmNames: ["a", null],
      Nested: { Y: 1 },
    });
  });
});
