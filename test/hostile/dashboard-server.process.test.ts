/**
 * Attacks on `flowwatch dashboard`'s own server, which acts with the user's AWS credentials: a DNS-rebinding
 * Host, a page of another origin or site, a cross-site form post, and a caller without the start-up token.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { request as httpRequest } from "node:http";
import { after, before, describe, test } from "node:test";
import { useLocalCloud } from "../support/local-cloud.js";

const main = new URL("../../src/cli/main.ts", import.meta.url).pathname;
const env = useLocalCloud();

/** A raw request with the headers we choose (fetch would not let us set Host or Sec-Fetch-*). */
function raw(base: string, path: string, headers: Record<string, string>, method = "GET", body?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
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
  let child: ChildProcess;
  let printed = "";
  let base = "";
  let token = "";
  let cookie = "";

  before(async () => {
    child = spawn(process.execPath, ["--import", "tsx", main, "dashboard", "--port", "0", "--log-group", "MyVpc22-Log", "--endpoint", env.endpoint], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { PATH: process.env.PATH, HOME: process.env.HOME, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_REGION: "us-east-1", AWS_CONFIG_FILE: "/dev/null", AWS_SHARED_CREDENTIALS_FILE: "/dev/null", AWS_EC2_METADATA_DISABLED: "true" },
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
    const query = await raw(base, "/api/query", { host: `evil.example:${port}`, cookie, "content-type": "application/json" }, "POST", '{"query":"fields @message"}');
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
});
