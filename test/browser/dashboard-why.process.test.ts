/**
 * "Why?" in a real browser (Debian's chromium through playwright-core): a real TCP connection to a port the
 * tutorial's security group does not open becomes a REJECT row on the Live page, and its "Why?" names the
 * group and its closest rule; a port scan's alert explains the scanner's newest REJECT. Screenshots go to
 * artifacts/dashboard/.
 */
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { DescribeSecurityGroupRulesCommand, DescribeInstancesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { type Browser, chromium, type Page } from "playwright-core";
import { localCloudUi } from "../../src/web/local-cloud-ui.js";
import { useLocalCloud } from "../support/local-cloud.js";
import { buildTutorialPipeline, connect, flush, type Pipeline, portScanners, runScenario } from "../support/tutorial-pipeline.js";

// Page functions run in the browser; this file is typechecked without the DOM library.
declare const document: { querySelectorAll(s: string): { length: number }; querySelector(s: string): { textContent: string | null; hidden?: boolean } | null };

const env = useLocalCloud({ gatewayPorts: [80, 22], ui: localCloudUi });
const shots = new URL("../../artifacts/dashboard/", import.meta.url).pathname;
mkdirSync(shots, { recursive: true });

describe("Why? in chromium", () => {
  let browser: Browser;
  let page: Page;
  let pipeline: Pipeline;
  let groupId: string;
  let httpRule: string;

  before(async () => {
    pipeline = await buildTutorialPipeline(env);
    const ec2 = new EC2Client(env.clientConfig());
    const described = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [pipeline.instanceId] }));
    groupId = described.Reservations?.[0]?.Instances?.[0]?.SecurityGroups?.[0]?.GroupId as string;
    const rules = (await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: "group-id", Values: [groupId] }] }))).SecurityGroupRules ?? [];
    httpRule = rules.find((r) => !r.IsEgress && r.FromPort === 80)?.SecurityGroupRuleId as string;
    ec2.destroy();
    for (let i = 0; i < 50 && !(await connect(pipeline.publicIp, 80)); i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await connect(pipeline.publicIp, 22), false, "port 22 is not open to anyone");
    assert.deepEqual(
      (await flush(env)).map((d) => d.status),
      ["SUCCESS"],
    );
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  });
  after(async () => {
    await browser?.close();
  });

  test("Why? on a REJECT row of the Live page names the security group and its closest rule", async () => {
    await page.goto(`${env.endpoint}/_flowwatch/ui/#live`);
    await page.waitForFunction(() => document.querySelectorAll("#live button[data-why-id]").length > 0, undefined, { timeout: 15_000 });
    // Only REJECT rows carry the button.
    const rows = await page.locator("#live tbody tr").allTextContents();
    assert.equal(rows.filter((r) => r.includes("Why?")).length, rows.filter((r) => r.includes("REJECT")).length);
    await page.check("#live-pause");
    await page.locator("#live button[data-why-id]").first().click();
    await page.waitForFunction(() => document.querySelector("#why-body")?.hidden === false, undefined, { timeout: 15_000 });
    assert.equal(await page.locator("#why-verdict").textContent(), "REJECT");
    const headline = (await page.locator("#why-headline").textContent()) ?? "";
    assert.match(
      headline,
      new RegExp(
        `^inbound: no rule of ${groupId} \\(web\\) allows tcp 22 from [\\d.]+/32; the closest is rule ${httpRule} of ${groupId} \\(web\\) allowing tcp 80 from 0\\.0\\.0\\.0/0$`,
      ),
    );
    assert.match(
      (await page.locator("#why-changes").textContent()) ?? "",
      new RegExp(`aws ec2 authorize-security-group-ingress --group-id ${groupId} --ip-permissions 'IpProtocol=tcp,FromPort=22,ToPort=22`),
    );
    assert.match((await page.locator("#why-note").textContent()) ?? "", /the record's REJECT is this rule's/);
    assert.match((await page.locator("#why-unseen").textContent()) ?? "", /firewall inside/);
    await page.screenshot({ path: `${shots}why-record.png` });
  });

  test("Why? on a port-scan alert explains the scanner's newest REJECT", async () => {
    const scan = await runScenario(env, { scenario: "port-scan", rate: 40, duration: 2 });
    assert.ok(scan.observations > 20, `the scan probed: ${JSON.stringify(scan)}`);
    assert.ok((await flush(env)).every((d) => d.status === "SUCCESS"));
    const [scanner] = await portScanners(env, "MyVpc22-Log");
    assert.ok(scanner !== undefined, "a scanner in the records");
    await page.goto(`${env.endpoint}/_flowwatch/ui/#alerts`);
    const row = `#alerts tr[data-rule='port-scan'][data-who='${scanner.address}']`;
    await page.waitForSelector(row, { timeout: 15_000 });
    await page.locator(`${row} button[data-why-alert]`).click();
    await page.waitForFunction(() => document.querySelector("#why-body")?.hidden === false, undefined, { timeout: 15_000 });
    assert.equal(await page.locator("#why-verdict").textContent(), "REJECT");
    assert.match(
      (await page.locator("#why-headline").textContent()) ?? "",
      new RegExp(`^inbound: no rule of ${groupId} \\(web\\) allows tcp \\d+ from ${scanner.address.replaceAll(".", "\\.")}/32`),
    );
    assert.match((await page.locator("#why-status").textContent()) ?? "", new RegExp(`${scanner.address.replaceAll(".", "\\.")} .* REJECT OK`));
    await page.screenshot({ path: `${shots}why-alert.png` });
  });

  test("the API refuses what it cannot explain, in words", async () => {
    // No named function inside: the page gets the function's source, without tsx's naming helper.
    const answers = await page.evaluate(
      async (bodies) =>
        Promise.all(
          bodies.map(async (body) => {
            const r = await fetch("api/explain", { method: "POST", headers: { "content-type": "application/json" }, body });
            return { status: r.status, error: ((await r.json()) as { error?: string }).error ?? "" };
          }),
        ),
      ["{", "{}", '{"id":"no-such-event"}', '{"who":"192.0.2.77"}'],
    );
    assert.deepEqual(
      answers.map((a) => a.status),
      [400, 400, 404, 404],
    );
    assert.match(answers[0]?.error ?? "", /not JSON/);
    assert.match(answers[2]?.error ?? "", /no longer held/);
    assert.match(answers[3]?.error ?? "", /no record of 192\.0\.2\.77/);
  });

  test("another site's page cannot make the dashboard read EC2 for it", async () => {
    const ask = (headers: Record<string, string>) =>
      fetch(`${env.endpoint}/_flowwatch/ui/api/explain`, { method: "POST", headers, body: '{"who":"192.0.2.77"}' }).then((r) => r.status);
    assert.equal(await ask({ "content-type": "application/json", origin: "http://evil.example" }), 403, "a foreign Origin");
    assert.equal(await ask({ "content-type": "application/json", "sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors" }), 403, "a cross-site request");
    assert.equal(await ask({ "content-type": "application/json" }), 404, "the same request from no page is answered");
  });
});
