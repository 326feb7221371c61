/**
 * Cross-site writes from a real browser: a page on another loopback origin, opened in chromium, aims a no-cors
 * reset, an <img> with a Query action, an auto-submitted form and a text/plain fetch at a relaxed local cloud;
 * the cloud's state must be as it was.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateUserCommand, IAMClient, ListUsersCommand } from "@aws-sdk/client-iam";
import { type Browser, chromium } from "playwright-core";
import { localCloudUi } from "../../src/web/local-cloud-ui.js";
import { assertDashboardApiAnswers } from "../support/dashboard-probe.js";
import { useLocalCloud } from "../support/local-cloud.js";

declare const document: { title: string };
declare const location: { href: string };

const env = useLocalCloud({ ui: localCloudUi });
const strict = useLocalCloud({ auth: "strict", rootSecret: "cross-site-root-secret", ui: localCloudUi });
const CHROMIUM = {
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
};

/** The attacker's page: every request a page may send to another origin without a CORS preflight. */
function attackPage(target: string): string {
  const create = (name: string) => `Action=CreateUser&UserName=${name}&Version=2010-05-08`;
  return `<!doctype html><html><body>
<iframe name="sink" id="sink"></iframe>
<form id="form" method="POST" action="${target}/" target="sink" enctype="application/x-www-form-urlencoded">
  <input type="hidden" name="Action" value="CreateUser"><input type="hidden" name="UserName" value="evil-form"><input type="hidden" name="Version" value="2010-05-08">
</form>
<form id="multipart" method="POST" action="${target}/" target="sink2" enctype="multipart/form-data">
  <input type="hidden" name="Action" value="CreateUser"><input type="hidden" name="UserName" value="evil-multipart"><input type="hidden" name="Version" value="2010-05-08">
</form>
<iframe name="sink2" id="sink2"></iframe>
<script>
  const target = ${JSON.stringify(target)};
  const settle = (p) => p.then(() => "sent", () => "sent");
  const image = (src) => new Promise((resolve) => { const img = new Image(); img.onload = img.onerror = () => resolve("sent"); img.src = src; });
  const framed = (id, form) => new Promise((resolve) => { document.getElementById(id).onload = () => resolve("sent"); document.getElementById(form).submit(); });
  Promise.all([
    settle(fetch(target + "/_flowwatch/reset", { method: "POST", mode: "no-cors" })),
    settle(fetch(target + "/moto-api/reset", { method: "POST", mode: "no-cors" })),
    settle(fetch(target + "/_flowwatch/traffic", { method: "DELETE", mode: "no-cors" })),
    image(target + "/?${create("evil-img")}"),
    settle(fetch(target + "/", { method: "POST", mode: "no-cors", headers: { "content-type": "text/plain" }, body: "${create("evil-text")}" })),
    settle(fetch(target + "/?${create("evil-query")}", { method: "POST", mode: "no-cors" })),
    framed("sink", "form"),
    framed("sink2", "multipart"),
  ]).then(() => { document.title = "done"; });
</script></body></html>`;
}

describe("a page on another origin, in chromium, against a relaxed local cloud", () => {
  let browser: Browser;
  let attacker: Server;
  let attackerUrl: string;

  before(async () => {
    attacker = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(attackPage(env.endpoint));
    });
    await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
    browser = await chromium.launch(CHROMIUM);
  });
  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => attacker?.close(() => resolve()));
  });

  test("resets, form posts, images and text/plain fetches change nothing", async () => {
    const logs = new CloudWatchLogsClient(env.clientConfig());
    await logs.send(new CreateLogGroupCommand({ logGroupName: "before-the-attack" }));
    const page = await browser.newPage();
    await page.goto(attackerUrl);
    await page.waitForFunction(() => document.title === "done", undefined, { timeout: 15_000 });
    await page.close();

    const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "before-the-attack" }));
    assert.equal(groups.logGroups?.length, 1, "the reset was refused");
    const users = (await new IAMClient(env.clientConfig()).send(new ListUsersCommand({}))).Users ?? [];
    assert.deepEqual(
      users.map((u) => u.UserName).filter((name) => name?.startsWith("evil")),
      [],
    );
  });

  test("the same requests sent by a client that signs, as SDKs do, still work", async () => {
    const iam = new IAMClient(env.clientConfig());
    await iam.send(new CreateUserCommand({ UserName: "signed-user" }));
    const users = (await iam.send(new ListUsersCommand({}))).Users ?? [];
    assert.ok(users.some((u) => u.UserName === "signed-user"));
  });
});

describe("the strict cloud's dashboard in chromium", () => {
  let browser: Browser;
  before(async () => {
    browser = await chromium.launch(CHROMIUM);
  });
  after(async () => {
    await browser?.close();
  });

  test("the printed URL opens it; its own fetches and event stream then work from the cookie alone", async () => {
    const page = await browser.newPage();
    const first = await page.goto(`${strict.endpoint}/_flowwatch/ui/`);
    assert.equal(first?.status(), 401, "no token, no dashboard");
    await page.goto(strict.cloud.dashboardUrl);
    assert.equal(await page.evaluate(() => location.href), `${strict.endpoint}/_flowwatch/ui/`, "the token leaves the address bar");
    await assertDashboardApiAnswers(page);
    await page.close();
  });
});
