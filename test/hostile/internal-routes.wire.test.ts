/**
 * Attacks on the local cloud's own routes in strict mode: reset, flush, traffic and health unsigned, signed by
 * an IAM user without the `flowwatch:*` action, and the same user once a policy grants it; the dashboard without
 * its token; a Host the server does not serve (DNS rebinding).
 */
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { describe, test } from "node:test";
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { type InternalCredentials, internalRequest } from "../../src/cli/internal-request.js";
import { localCloudUi } from "../../src/web/local-cloud-ui.js";
import { useLocalCloud } from "../support/local-cloud.js";

// A strict cloud's root secret is random unless given; the tests give one.
const ROOT_SECRET = "internal-routes-root-secret";
const env = useLocalCloud({ auth: "strict", rootSecret: ROOT_SECRET, ui: localCloudUi });
const relaxed = useLocalCloud({ allowedHosts: ["flowwatch.test"], ui: localCloudUi });
const ROOT: InternalCredentials = { accessKeyId: "test", secretAccessKey: ROOT_SECRET };

interface Route {
  method: "GET" | "POST" | "DELETE";
  path: string;
  action: string;
  body?: unknown;
  /** What the route answers once authorized, when it is not 200: traffic needs an instance under a flow log. */
  ran?: { status: number; error: string };
}

const ROUTES: Route[] = [
  { method: "GET", path: "/_flowwatch/health", action: "flowwatch:GetHealth" },
  { method: "POST", path: "/_flowwatch/reset", action: "flowwatch:Reset" },
  { method: "POST", path: "/moto-api/reset", action: "flowwatch:Reset" },
  { method: "POST", path: "/_flowwatch/flush", action: "flowwatch:Flush" },
  {
    method: "POST",
    path: "/_flowwatch/traffic",
    action: "flowwatch:StartTraffic",
    body: { scenario: "baseline", backfill: true, start: Date.now() - 120_000, end: Date.now() },
    ran: { status: 400, error: "InvalidParameterException" },
  },
  { method: "DELETE", path: "/_flowwatch/traffic", action: "flowwatch:StopTraffic" },
];

async function userKeys(name: string, allow?: string): Promise<InternalCredentials> {
  const iam = new IAMClient(env.clientConfig());
  await iam.send(new CreateUserCommand({ UserName: name }));
  if (allow !== undefined) {
    const document = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: allow, Resource: "*" }] };
    await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: "internal", PolicyDocument: JSON.stringify(document) }));
  }
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey;
  return { accessKeyId: key?.AccessKeyId as string, secretAccessKey: key?.SecretAccessKey as string };
}

const unsigned = (route: Route) =>
  fetch(`${env.endpoint}${route.path}`, {
    method: route.method,
    ...(route.body ? { headers: { "content-type": "application/json" }, body: JSON.stringify(route.body) } : {}),
  });

const signed = (route: Route, credentials: InternalCredentials) =>
  internalRequest(env.endpoint, route.path, { method: route.method, credentials, region: "us-east-1", ...(route.body ? { body: route.body } : {}) });

/** A raw request with the Host header we choose (fetch would not let us). */
function withHost(path: string, host: string, method = "GET", endpoint = env.endpoint): Promise<{ status: number; body: string }> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method, headers: { host } }, (res) => {
      let body = "";
      res
        .setEncoding("utf8")
        .on("data", (chunk: string) => (body += chunk))
        .on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject).end();
  });
}

describe("the internal routes in strict mode", () => {
  test("unsigned, health says only that the server is ready: no data directory, no account", async () => {
    const response = await fetch(`${env.endpoint}/_flowwatch/health`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: "ready" });
  });

  for (const route of ROUTES.filter((r) => r.method !== "GET")) {
    test(`${route.method} ${route.path} unsigned is refused as AWS refuses an unsigned call`, async () => {
      const response = await unsigned(route);
      assert.equal(response.status, 400);
      assert.equal(((await response.json()) as Record<string, string>).__type, "MissingAuthenticationTokenException");
    });
  }

  test("an unsigned reset leaves the state as it was", async () => {
    const logs = new CloudWatchLogsClient(env.clientConfig());
    await logs.send(new CreateLogGroupCommand({ logGroupName: "survives-unsigned-reset" }));
    await unsigned(ROUTES[1] as Route);
    const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "survives-unsigned-reset" }));
    assert.equal(groups.logGroups?.length, 1);
  });

  test("a wrong secret for the root key is refused", async () => {
    const response = await signed(ROUTES[1] as Route, { accessKeyId: "test", secretAccessKey: "not-test" });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as Record<string, string>).__type, "InvalidSignatureException");
  });

  for (const [index, route] of ROUTES.entries()) {
    test(`${route.method} ${route.path}: ${route.action} denied to a user without it, allowed by a policy and to the root`, async () => {
      const denied = await signed(route, await userKeys(`no-grant-${index}`));
      assert.equal(denied.status, 400);
      const refusal = (await denied.json()) as Record<string, string>;
      assert.equal(refusal.__type, "AccessDeniedException");
      assert.match(refusal.message ?? "", new RegExp(`is not authorized to perform: ${route.action}`));

      const ran = async (response: Response) => {
        const text = await response.clone().text();
        assert.equal(response.status, route.ran?.status ?? 200, text);
        if (route.ran !== undefined) assert.equal((JSON.parse(text) as Record<string, string>).error, route.ran.error);
      };
      await ran(await signed(route, await userKeys(`granted-${index}`, route.action)));
      const byRoot = await signed(route, ROOT);
      await ran(byRoot);
      if (route.method === "GET") {
        const detail = (await byRoot.json()) as Record<string, unknown>;
        assert.equal(detail.auth, "strict");
        assert.ok(Array.isArray(detail.services));
      }
    });
  }

  test("a wildcard grant covers every internal action; a Deny of one wins", async () => {
    const iam = new IAMClient(env.clientConfig());
    const keys = await userKeys("wildcard", "flowwatch:*");
    const document = { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "flowwatch:Reset", Resource: "*" }] };
    await iam.send(new PutUserPolicyCommand({ UserName: "wildcard", PolicyName: "no-reset", PolicyDocument: JSON.stringify(document) }));
    assert.equal((await signed(ROUTES[3] as Route, keys)).status, 200);
    assert.equal((await signed(ROUTES[1] as Route, keys)).status, 400);
  });
});

describe("the dashboard in strict mode", () => {
  test("without its token, every dashboard path is refused", async () => {
    for (const path of ["/_flowwatch/ui/", "/_flowwatch/ui/api/overview", "/_flowwatch/ui/api/events", "/_flowwatch/ui/api/pipeline"]) {
      const response = await fetch(`${env.endpoint}${path}`);
      assert.equal(response.status, 401, path);
      await response.body?.cancel();
    }
    const query = await fetch(`${env.endpoint}/_flowwatch/ui/api/query`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"query":"fields @message"}',
    });
    assert.equal(query.status, 401);
    const wrong = await fetch(`${env.endpoint}/_flowwatch/ui/?token=guess`, { redirect: "manual" });
    assert.equal(wrong.status, 401);
  });

  test("the token printed at start-up becomes an HttpOnly, SameSite=Strict cookie that opens the dashboard", async () => {
    const token = env.cloud.dashboardToken;
    const visit = await fetch(`${env.endpoint}/_flowwatch/ui/?token=${token}`, { redirect: "manual" });
    assert.equal(visit.status, 303);
    assert.equal(visit.headers.get("location"), "/_flowwatch/ui/");
    const cookie = visit.headers.get("set-cookie") ?? "";
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.match(cookie, /Path=\/_flowwatch\/ui/);
    const page = await fetch(`${env.endpoint}/_flowwatch/ui/`, { headers: { cookie: cookie.split(";")[0] as string } });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<html/i);
    const api = await fetch(`${env.endpoint}/_flowwatch/ui/api/alerts`, { headers: { cookie: cookie.split(";")[0] as string } });
    assert.equal(api.status, 200);
    const name = cookie.split("=")[0] as string;
    const scripted = await fetch(`${env.endpoint}/_flowwatch/ui/api/alerts?token=${token}`, { redirect: "manual" });
    assert.equal(scripted.status, 200, "an API call may carry the token itself");
    await scripted.body?.cancel();
    const forged = await fetch(`${env.endpoint}/_flowwatch/ui/api/alerts`, { headers: { cookie: `${name}=${"0".repeat(token.length)}` } });
    assert.equal(forged.status, 401);
    await forged.body?.cancel();
  });
});

describe("DNS rebinding: a Host the server does not serve", () => {
  test("is refused on AWS routes, internal routes and the dashboard; the server's own names are served", async () => {
    const port = new URL(env.endpoint).port;
    for (const path of ["/", "/_flowwatch/health", "/_flowwatch/ui/", "/?Action=ListUsers&Version=2010-05-08"]) {
      const answer = await withHost(path, `evil.example:${port}`);
      assert.equal(answer.status, 421, `${path}: ${answer.body}`);
      assert.match(answer.body, /evil\.example/);
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) assert.equal((await withHost("/_flowwatch/health", host)).status, 200, host);
    assert.equal((await withHost("/_flowwatch/health", "127.0.0.1:1")).status, 421, "another port is another server");
  });
});

describe("DNS rebinding against a relaxed cloud", () => {
  test("a foreign Host is refused there too; a name given in allowedHosts is served", async () => {
    const port = new URL(relaxed.endpoint).port;
    const evil = await withHost("/_flowwatch/reset", `evil.example:${port}`, "POST", relaxed.endpoint);
    assert.equal(evil.status, 421);
    assert.equal((await withHost("/_flowwatch/health", `flowwatch.test:${port}`, "GET", relaxed.endpoint)).status, 200);
    assert.equal(
      (await withHost("/_flowwatch/ui/api/alerts", `flowwatch.test:${port}`, "GET", relaxed.endpoint)).status,
      200,
      "relaxed: the dashboard needs no token on loopback",
    );
  });
});
