/**
 * Attacks on `flowwatch dashboard`'s own server, which acts with the user's AWS credentials: a DNS-rebinding
 * Host, a page of another origin or site, a cross-site form post, and a caller without the start-up token;
 * then the same in chromium (a rebound name, an attacker's page), where the printed URL still opens it.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { type Browser, chromium } from "playwright-core";
import { assertDashboardApiAnswers } from "../support/dashboard-probe.js";
import { useLocalCloud } from "../support/local-cloud.js";

// Page functions run in the browser; this file is typechecked without the DOM library.
declare const location: { href: string };
declare const EventSource: new (url: string) => { addEventListener(name: string, f: () => void): void; onerror: (() => void) | null; close(): void };

const main = new URL("../../src/cli/main.ts", import.meta.url).pathname;
const env = useLocalCloud();

/** A raw request with the headers we choose (fetch would not let us set Host or Sec-Fetch-*). */
function raw(
  base: string,
  path: string,
  headers: Record<string, string>,
  method = "GET",
  body?: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method, headers: { host: url.host, ...headers } }, (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (chunk: string) => (text += chunk.length > 4096 ? "" : chunk));
      // The event stream never ends: its first bytes are enough.
      res.once("data", () => path.startsWith("/api/events") && res.destroy());
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      res.on("close", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.once("error", reject);
    req.end(body);
  });
}

describe("flowwatch dashboard's own server", () => {
  // Chromium resolves this name to the dashboard's loopback address: what a DNS-rebinding attacker arranges.
  const CHROMIUM = {
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--host-resolver-rules=MAP rebound.example 127.0.0.1",
    ],
  };
  let child: ChildProcess;
  let printed = "";
  let base = "";
  let token = "";
  let cookie = "";

  before(async () => {
    child = spawn(process.execPath, ["--import", "tsx", main, "dashboard", "--port", "0", "--log-group", "MyVpc22-Log", "--endpoint", env.endpoint], {
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        AWS_ACCESS_KEY_ID: "test",
        AWS_SECRET_ACCESS_KEY: "test",
        AWS_REGION: "us-east-1",
        AWS_CONFIG_FILE: "/dev/null",
        AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
        AWS_EC2_METADATA_DISABLED: "true",
      },
    });
    child.stderr?.on("data", (chunk: Buffer) => (printed += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`flowwatch dashboard did not start: ${printed}`)), 30_000);
      child.stdout?.on("data", (chunk: Buffer) => {
        printed += chunk.toString();
        const match = /dashboard on (http:\/\/[^/\s]+)\/\?token=([\w-]+)/.exec(printed);
        if (match) {
          clearTimeout(timer);
          base = match[1] as string;
          token = match[2] as string;
          resolve();
        }
      });
      child.once("exit", (code) => reject(new Error(`flowwatch dashboard exited with ${code}: ${printed}`)));
    });
    const visit = await raw(base, `/?token=${token}`, {});
    assert.equal(visit.status, 303, visit.body);
    cookie = String(visit.headers["set-cookie"]).split(";")[0] as string;
  });
  after(async () => {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  });

  test("a Host that is not the server's (DNS rebinding) is refused on every path, with the token too", async () => {
    const port = new URL(base).port;
    for (const path of ["/", "/api/overview", "/api/events", `/api/pipeline?token=${token}`]) {
      const answer = await raw(base, path, { host: `evil.example:${port}`, cookie });
      assert.equal(answer.status, 421, `${path}: ${answer.body}`);
      assert.match(answer.body, /evil\.example/);
    }
    const query = await raw(
      base,
      "/api/query",
      { host: `evil.example:${port}`, cookie, "content-type": "application/json" },
      "POST",
      '{"query":"fields @message"}',
    );
    assert.equal(query.status, 421);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) assert.equal((await raw(base, "/api/alerts", { host, cookie })).status, 200, host);
    assert.equal((await raw(base, "/api/alerts", { host: "127.0.0.1:1", cookie })).status, 421, "another port is another server");
  });

  test("without the printed token nothing is answered; the token's visit sets an HttpOnly, SameSite=Strict cookie", async () => {
    for (const path of ["/", "/api/overview", "/api/alerts", "/api/pipeline"]) assert.equal((await raw(base, path, {})).status, 401, path);
    assert.equal((await raw(base, "/?token=guess", {})).status, 401);
    const visit = await raw(base, `/?token=${token}`, {});
    assert.equal(visit.headers.location, "/");
    assert.match(String(visit.headers["set-cookie"]), /HttpOnly; SameSite=Strict; Path=\/$/);
    assert.equal((await raw(base, "/", { cookie })).status, 200);
    assert.equal((await raw(base, `/api/alerts?token=${token}`, {})).status, 200, "a script may carry the token itself");
  });

  test("another origin or site is refused: Origin on a query, Sec-Fetch-Site on an API read, a text/plain post", async () => {
    const json = { cookie, "content-type": "application/json" };
    for (const origin of ["http://evil.example", "null", "http://127.0.0.1:1"]) {
      const answer = await raw(base, "/api/query", { ...json, origin }, "POST", '{"query":"fields @message"}');
      assert.equal(answer.status, 403, `${origin}: ${answer.body}`);
    }
    assert.equal((await raw(base, "/api/pipeline", { cookie, "sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors" })).status, 403);
    assert.equal((await raw(base, "/api/overview", { cookie, "sec-fetch-site": "same-site", "sec-fetch-mode": "cors" })).status, 403);
    const form = await raw(base, "/api/query", { cookie, "content-type": "text/plain" }, "POST", '{"query":"fields @message"}');
    assert.equal(form.status, 403, form.body);
    // The dashboard's own page: same origin, JSON.
    const own = await raw(base, "/api/query", { ...json, origin: base, "sec-fetch-site": "same-origin" }, "POST", "{}");
    assert.notEqual(own.status, 403, own.body);
    assert.notEqual(own.status, 421, own.body);
  });

  test("in chromium: the printed URL opens it and its own calls work; a rebound name and another origin's page get nothing", async () => {
    const browser: Browser = await chromium.launch(CHROMIUM);
    // The attacker's page, on another port of 127.0.0.1 (same site, another origin): requests it may send without a preflight.
    const attacker: Server = createServer((_req, res) =>
      res.writeHead(200, { "content-type": "text/html" }).end(`<!doctype html><script>
      const target = ${JSON.stringify(base)};
      Promise.all([
        fetch(target + "/api/query", { method: "POST", mode: "no-cors", headers: { "content-type": "text/plain" }, body: '{"query":"fields @message"}' }).catch(() => 0),
        fetch(target + "/api/pipeline", { mode: "no-cors", credentials: "include" }).catch(() => 0),
      ]).then(() => { document.title = "done"; });
    </script>`),
    );
    await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
    try {
      const page = await browser.newPage();
      await page.goto(`${base}/?token=${token}`);
      assert.equal(await page.evaluate(() => location.href), `${base}/`, "the token leaves the address bar");
      await assertDashboardApiAnswers(page);

      // The cookie is the browser's now; a rebound name still gets nothing.
      const port = new URL(base).port;
      const rebound = await page.goto(`http://rebound.example:${port}/api/overview`);
      assert.equal(rebound?.status(), 421);

      const seen: Array<{ url: string; status: number }> = [];
      const evil = await browser.newPage();
      evil.on("response", (response) => seen.push({ url: response.url(), status: response.status() }));
      await evil.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
      await evil.waitForFunction(() => (globalThis as unknown as { document: { title: string } }).document.title === "done", undefined, { timeout: 10_000 });
      const atDashboard = seen.filter((r) => r.url.startsWith(base));
      assert.equal(atDashboard.length, 2, JSON.stringify(seen));
      for (const answer of atDashboard) assert.equal(answer.status, 403, answer.url);
    } finally {
      await browser.close();
      await new Promise((resolve) => attacker.close(resolve));
    }
  });
});
