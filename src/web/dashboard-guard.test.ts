/** What `flowwatch dashboard`'s server refuses before the dashboard sees a request, and what it lets through. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { servedHosts } from "../http-guard/served-hosts.js";
import { dashboardRefusal } from "./dashboard-guard.js";

const served = servedHosts({ address: "127.0.0.1", port: 8080 }, ["dash.internal"]);
const status = (method: string, path: string, headers: Record<string, string>) =>
  dashboardRefusal({ method, path, headers: { host: "127.0.0.1:8080", ...headers } }, served)?.status;

test("the server's own names are served, any other Host is 421", () => {
  for (const host of ["127.0.0.1:8080", "localhost:8080", "[::1]:8080", "LOCALHOST:8080", "dash.internal:8080"])
    assert.equal(status("GET", "/", { host }), undefined, host);
  for (const host of ["evil.example:8080", "127.0.0.1:8081", "127.0.0.1", "localhost.evil.example:8080"]) assert.equal(status("GET", "/", { host }), 421, host);
  assert.equal(dashboardRefusal({ method: "GET", path: "/", headers: {} }, served)?.status, 421, "no Host at all");
});

test("a foreign Origin is refused on any call; the page's own origin is not", () => {
  const json = { "content-type": "application/json" };
  assert.equal(status("POST", "/api/query", { ...json, origin: "http://127.0.0.1:8080" }), undefined);
  assert.equal(status("POST", "/api/query", { ...json, origin: "http://localhost:8080" }), undefined);
  for (const origin of ["http://evil.example", "null", "http://127.0.0.1:8081", "http://127.0.0.1:8080/x", "file://"])
    assert.equal(status("POST", "/api/query", { ...json, origin }), 403, origin);
  assert.equal(status("GET", "/api/overview", { origin: "http://evil.example" }), 403);
});

test("another site: only following a link to a page passes; API reads and posts do not", () => {
  assert.equal(status("GET", "/", { "sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate" }), undefined);
  assert.equal(status("GET", "/api/overview", { "sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate" }), 403);
  assert.equal(status("GET", "/api/pipeline", { "sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors" }), 403);
  assert.equal(status("GET", "/app.js", { "sec-fetch-site": "same-site", "sec-fetch-mode": "no-cors" }), 403);
  assert.equal(status("GET", "/api/overview", { "sec-fetch-site": "same-origin", "sec-fetch-mode": "cors" }), undefined);
  assert.equal(status("GET", "/api/overview", { "sec-fetch-site": "none", "sec-fetch-mode": "navigate" }), undefined);
});

test("a call that starts something must be JSON: form and text/plain posts are what any page can send", () => {
  for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""])
    assert.equal(status("POST", "/api/query", type ? { "content-type": type } : {}), 403, type);
  assert.equal(status("POST", "/api/query", { "content-type": "application/json; charset=utf-8" }), undefined);
});
