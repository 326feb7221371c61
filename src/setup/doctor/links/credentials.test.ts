/** credentialsFix: an endpoint that does not answer or is not AWS is not blamed on the credentials. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { NoAnswerError, NotAwsResponseError } from "../../sdk-errors.js";
import { credentialsFix } from "./credentials.js";

test("silent, unreachable, not-AWS and refused credentials each get their own fix", () => {
  assert.match(credentialsFix(new NoAnswerError("http://127.0.0.1:9", 5, "connect")), /did not answer/);
  assert.match(credentialsFix(Object.assign(new Error("x"), { code: "ECONNREFUSED", address: "127.0.0.1", port: 9 })), /did not answer/);
  assert.equal(credentialsFix(new NotAwsResponseError("http://x", 200)), "--endpoint (or AWS_ENDPOINT_URL) is not an AWS endpoint");
  assert.match(credentialsFix(new Error("The security token included in the request is invalid")), /^set AWS_PROFILE/);
});
