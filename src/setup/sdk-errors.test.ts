import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeSdkError, failureText, networkCause, NoAnswerError, recordSdkCall } from "./sdk-errors.js";

const called = <E extends Error>(error: E, operation = "DescribeVpcs", endpoint = "http://127.0.0.1:9"): E => {
  recordSdkCall(error, { operation, endpoint });
  return error;
};

describe("an SDK failure in words", () => {
  it("a silence names the endpoint, the time and the operation", () => {
    assert.equal(
      describeSdkError(called(new NoAnswerError("http://127.0.0.1:9", 30, "answer"))),
      "no answer from http://127.0.0.1:9 within 30 s (DescribeVpcs)",
    );
    assert.equal(
      describeSdkError(called(new NoAnswerError("http://127.0.0.1:9", 5, "connect"))),
      "no connection to http://127.0.0.1:9 within 5 s (DescribeVpcs)",
    );
  });

  it("a network error: its code and address, found on the error, its cause or an AggregateError's attempts", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED", address: "127.0.0.1", port: 9 });
    assert.equal(describeSdkError(called(refused)), "DescribeVpcs: cannot reach http://127.0.0.1:9 (ECONNREFUSED 127.0.0.1:9)");
    assert.equal(networkCause(new TypeError("fetch failed", { cause: refused })), "ECONNREFUSED 127.0.0.1:9");
    const both = Object.assign(new AggregateError([Object.assign(new Error("x"), { code: "ECONNREFUSED", address: "::1", port: 9 }), refused]), {
      code: "ECONNREFUSED",
    });
    assert.equal(networkCause(both), "ECONNREFUSED ::1:9");
    assert.equal(
      networkCause(Object.assign(new Error("getaddrinfo ENOTFOUND nowhere.invalid"), { code: "ENOTFOUND", hostname: "nowhere.invalid" })),
      "ENOTFOUND nowhere.invalid",
    );
  });

  it("an AWS answer: the operation, AWS's code and message", () => {
    const denied = Object.assign(new Error("You are not authorized to perform this operation."), {
      name: "UnauthorizedOperation",
      $fault: "client",
      $metadata: { httpStatusCode: 403 },
    });
    assert.equal(describeSdkError(called(denied)), "DescribeVpcs: UnauthorizedOperation: You are not authorized to perform this operation.");
  });

  it("no SDK internals: a parse failure or a nameless error answer is 'not an AWS response' with the status", () => {
    const parse = Object.assign(
      new SyntaxError(
        "Unexpected token < in JSON at position 0\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.",
      ),
      { $metadata: { httpStatusCode: 502 } },
    );
    Object.defineProperty(parse, "$response", { value: { statusCode: 502 }, enumerable: false });
    assert.equal(describeSdkError(called(parse)), "DescribeVpcs: http://127.0.0.1:9 answered HTTP 502 that is not an AWS response");
    const unknown = Object.assign(new Error("Unknown"), { name: "NotFound", $fault: "client", $metadata: { httpStatusCode: 404 } });
    assert.equal(describeSdkError(called(unknown)), "DescribeVpcs: http://127.0.0.1:9 answered HTTP 404 that is not an AWS response");
  });

  it("a bug that never went through an SDK call is not described (it passes through as a bug)", () => {
    assert.equal(describeSdkError(new TypeError("x is not a function")), undefined);
    assert.equal(describeSdkError("text"), undefined);
  });
});

describe("failureText", () => {
  it("an SDK call's failure in describeSdkError's words, anything else by name and message", () => {
    assert.equal(failureText(called(new NoAnswerError("http://127.0.0.1:9", 5, "connect"))), "no connection to http://127.0.0.1:9 within 5 s (DescribeVpcs)");
    assert.equal(failureText(new RangeError("bad")), "RangeError: bad");
    assert.equal(failureText("text"), "text");
  });
});
