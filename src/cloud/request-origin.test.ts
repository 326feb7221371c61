import assert from "node:assert/strict";
import { test } from "node:test";
import { type BrowserRequest, browserRefusal, type OriginRules, refusalError, servedHosts } from "./request-origin.js";

const PORT = 4566;
const rules = (extra: string[] = [], checked = (_key: string) => false): OriginRules => {
  const hosts = servedHosts({ address: "127.0.0.1", port: PORT }, extra);
  return { hosts: () => hosts, presignedIsChecked: checked };
};
const request = (headers: Record<string, string>, path = "/", method = "POST"): BrowserRequest => ({
  method,
  url: new URL(`http://x${path}`),
  headers: { host: `127.0.0.1:${PORT}`, ...headers },
});
const kind = (req: BrowserRequest, r = rules()) => browserRefusal(req, r)?.kind;

test("Host: the bound address, the loopback names and configured names, each with the server's port", () => {
  for (const host of [`127.0.0.1:${PORT}`, `localhost:${PORT}`, `[::1]:${PORT}`, `LOCALHOST:${PORT}`]) assert.equal(kind(request({ host })), undefined, host);
  for (const host of [`evil.example:${PORT}`, "127.0.0.1", `127.0.0.1:${PORT + 1}`, `localhost.:${PORT}`, ""])
    assert.equal(kind(request({ host })), "host", host);
  const named = rules(["flowwatch.test", "proxy.test:443"]);
  assert.equal(kind(request({ host: `flowwatch.test:${PORT}` }), named), undefined);
  assert.equal(kind(request({ host: "proxy.test:443" }), named), undefined);
  assert.equal(kind(request({ host: `proxy.test:${PORT}` }), named), "host");
});

test("Host: port 80 may be left out, as clients write it", () => {
  const hosts = servedHosts({ address: "127.0.0.1", port: 80 });
  assert.ok(hosts.includes("localhost") && hosts.includes("127.0.0.1") && hosts.includes("[::1]"));
});

test("Origin: only the server's own hosts; null and other ports are foreign", () => {
  assert.equal(kind(request({ origin: `http://127.0.0.1:${PORT}`, "content-type": "application/json" })), undefined);
  assert.equal(kind(request({ origin: `http://localhost:${PORT}`, "content-type": "application/json" })), undefined);
  for (const origin of ["null", `http://127.0.0.1:${PORT + 1}`, "http://evil.example", "file://"])
    assert.equal(kind(request({ origin, "x-amz-target": "Logs_20140328.DescribeLogGroups" })), "origin", origin);
});

test("Sec-Fetch-Site: cross-site and same-site are refused unless an Authorization header came with them", () => {
  assert.equal(kind(request({ "sec-fetch-site": "same-site" })), "cross-site");
  assert.equal(kind(request({ "sec-fetch-site": "cross-site" }, "/_flowwatch/health", "GET")), "cross-site");
  assert.equal(kind(request({ "sec-fetch-site": "same-origin", "content-type": "application/json" })), undefined);
  assert.equal(kind(request({ "sec-fetch-site": "none" }, "/_flowwatch/ui/", "GET")), undefined);
  assert.equal(kind(request({ "sec-fetch-site": "cross-site", authorization: "AWS4-HMAC-SHA256 ..." })), undefined);
});

test("browser-simple requests without a signature are refused; headers no page can send are not simple", () => {
  for (const type of ["text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "TEXT/PLAIN"]) {
    assert.equal(kind(request({ "content-type": type })), "unsigned", type);
    assert.equal(kind(request({ "content-type": type, authorization: "AWS4-HMAC-SHA256 ..." })), undefined, type);
  }
  assert.equal(kind(request({}, "/?Action=CreateUser&UserName=evil", "GET")), "unsigned");
  assert.equal(kind(request({}, "/?Action=CreateUser", "HEAD")), "unsigned");
  assert.equal(kind(request({ "content-type": "text/plain", "x-amz-target": "Logs_20140328.DescribeLogGroups" })), undefined);
  assert.equal(kind(request({ "content-type": "text/plain", "smithy-protocol": "rpc-v2-cbor" })), undefined);
  // A body-less POST (curl -X POST .../_flowwatch/flush) is no form: a page's version of it carries an Origin.
  assert.equal(kind(request({})), undefined);
});

test("a presigned URL counts as signed only when its signature will be checked", () => {
  const presigned = "/?Action=CreateUser&UserName=evil&X-Amz-Credential=test%2F20260101%2Fus-east-1%2Fiam%2Faws4_request&X-Amz-Signature=00";
  assert.equal(kind(request({}, presigned, "GET")), "unsigned", "relaxed mode takes `test` unchecked");
  assert.equal(
    kind(
      request({}, presigned, "GET"),
      rules([], (key) => key === "test"),
    ),
    undefined,
  );
});

test("refusals in each protocol's words", () => {
  assert.equal(refusalError({ kind: "unsigned", why: "" }, "query").code, "MissingAuthenticationToken");
  assert.equal(refusalError({ kind: "unsigned", why: "" }, "query").message, "Request is missing Authentication Token");
  assert.equal(refusalError({ kind: "unsigned", why: "" }, "ec2").code, "MissingParameter");
  assert.equal(refusalError({ kind: "unsigned", why: "" }, "json").code, "MissingAuthenticationTokenException");
  assert.equal(refusalError({ kind: "origin", origin: "null" }, "query").code, "AccessDenied");
  assert.equal(refusalError({ kind: "cross-site", site: "same-site" }, "ec2").code, "UnauthorizedOperation");
  const host = refusalError({ kind: "host", host: "evil.example:1", served: ["127.0.0.1:1"] }, "json");
  assert.equal(host.status, 421);
  assert.match(host.message, /evil\.example:1.*127\.0\.0\.1:1/);
});
