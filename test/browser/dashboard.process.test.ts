/**
 * The dashboard in a real browser (Debian's chromium through playwright-core) against a LocalCloud carrying
 * the tutorial's pipeline: charts with points after real traffic, a console query with rows, a port scan
 * detected on the Alerts page beside CloudWatch alarms, the pipeline page (doctor's checks) red once the
 * trust policy is broken. Screenshots go to artifacts/dashboard/.
 */
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { CloudWatchClient, PutMetricAlarmCommand, SetAlarmStateCommand } from "@aws-sdk/client-cloudwatch";
import { type Browser, chromium, type Page } from "playwright-core";
import { startDashboardServer } from "../../src/web/dashboard-server.js";
import { localCloudUi } from "../../src/web/local-cloud-ui.js";
import { useLocalCloud } from "../support/local-cloud.js";
import { buildTutorialPipeline, connect, EC2_TRUST, flush, type Pipeline, portScanners, runScenario } from "../support/tutorial-pipeline.js";

// Page functions run in the browser; this file is typechecked without the DOM library.
declare const document: { querySelectorAll(s: string): { length: number }; querySelector(s: string): { textContent: string | null; hidden?: boolean } | null };
declare const location: { hash: string };

const env = useLocalCloud({ gatewayPorts: [80, 22, 8081, 8082, 8083, 8084, 8085, 8086], ui: localCloudUi });
const shots = new URL("../../artifacts/dashboard/", import.meta.url).pathname;
mkdirSync(shots, { recursive: true });

describe("the dashboard in chromium", () => {
  let browser: Browser;
  let page: Page;
  let pipeline: Pipeline;

  before(async () => {
    pipeline = await buildTutorialPipeline(env);
    // The gateway binds the new instance's address asynchronously.
    for (let i = 0; i < 50 && !(await connect(pipeline.publicIp, 80)); i++) await new Promise((r) => setTimeout(r, 100));
    for (let i = 0; i < 5; i++) assert.ok(await connect(pipeline.publicIp, 80), "port 80 is open");
    for (const port of [22, 8081, 8082, 8083, 8084, 8085, 8086]) await connect(pipeline.publicIp, port);
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

  test("the overview, served by the local cloud under /_flowwatch/ui/, charts the records", async () => {
    await page.goto(`${env.endpoint}/_flowwatch/ui/`);
    await page.waitForFunction(() => document.querySelectorAll("#chart-bytes circle.point").length > 0, undefined, { timeout: 15_000 });
    assert.ok((await page.locator("#chart-packets circle.point").count()) > 0);
    await page.waitForFunction(() => document.querySelector("#interfaces tbody")?.textContent?.includes("web-1"), undefined, { timeout: 10_000 });
    const rejected = await page.locator("#top-rejected .bar").count();
    assert.ok(rejected > 0, "rejected sources listed");
    await page.screenshot({ path: `${shots}overview.png`, fullPage: true });
  });

  test("new traffic reaches the open page over SSE after a flush", async () => {
    const before = Number((await page.locator("#total-records").textContent()) ?? "0");
    await connect(pipeline.publicIp, 80);
    await flush(env);
    await page.waitForFunction((n) => Number(document.querySelector("#total-records")?.textContent ?? "0") > n, before, { timeout: 5000 });
    await page.goto(`${env.endpoint}/_flowwatch/ui/#live`);
    await page.waitForFunction(() => document.querySelectorAll("#live tbody tr").length > 0, undefined, { timeout: 5000 });
    await page.fill("#live-filter", "REJECT");
    const rows = await page.locator("#live tbody tr").allTextContents();
    assert.ok(rows.length > 0 && rows.every((r) => r.includes("REJECT")), "the filter keeps REJECT rows only");
    await page.screenshot({ path: `${shots}live.png` });
  });

  test("a query typed in the console returns rows, and a bin() query a chart", async () => {
    await page.goto(`${env.endpoint}/_flowwatch/ui/#query`);
    await page.fill("#query-text", 'filter action="REJECT" | stats count(*) as n by dstPort | sort n desc');
    await page.click("#query-run");
    await page.waitForFunction(() => document.querySelectorAll("#query-results tbody tr").length > 0, undefined, { timeout: 15_000 });
    const header = await page.locator("#query-results thead").textContent();
    assert.match(header ?? "", /dstPort/);
    await page.fill("#query-text", "stats sum(bytes) as bytes by bin(1m) as minute");
    await page.click("#query-run");
    await page.waitForFunction(() => document.querySelectorAll("#query-chart circle.point").length > 0, undefined, { timeout: 15_000 });
    await page.screenshot({ path: `${shots}query.png` });
  });

  test("a port scan run against the pipeline becomes a port-scan alert, shown beside the CloudWatch alarms", async () => {
    const cloudwatch = new CloudWatchClient(env.clientConfig());
    const alarm = {
      Namespace: "FlowLogs",
      MetricName: "RejectedFlows",
      Statistic: "Sum" as const,
      Period: 60,
      EvaluationPeriods: 1,
      ComparisonOperator: "GreaterThanThreshold" as const,
    };
    await cloudwatch.send(new PutMetricAlarmCommand({ AlarmName: "rejected-flows", Threshold: 20, ...alarm }));
    await cloudwatch.send(new PutMetricAlarmCommand({ AlarmName: "accepted-ssh", Threshold: 0, ...alarm, MetricName: "AcceptedSsh" }));
    await page.goto(`${env.endpoint}/_flowwatch/ui/#alerts`);
    await page.waitForSelector("#alarms tr[data-alarm='rejected-flows'][data-state='INSUFFICIENT_DATA']", { timeout: 10_000 });
    assert.match((await page.locator("#alarms tr[data-alarm='rejected-flows']").textContent()) ?? "", /FlowLogs RejectedFlows Sum per 60 s > 20/);

    const scan = await runScenario(env, { scenario: "port-scan", rate: 40, duration: 2 });
    assert.ok(scan.observations > 20, `the scan probed: ${JSON.stringify(scan)}`);
    assert.ok((await flush(env)).every((d) => d.status === "SUCCESS"));
    // The scanner, read back from the group: the source rejected on the most distinct ports.
    const [scanner] = await portScanners(env, "MyVpc22-Log");
    assert.ok(scanner !== undefined && scanner.ports >= 20, `a scanner in the records: ${JSON.stringify(scanner)}`);
    const row = `#alerts tr[data-rule='port-scan'][data-who='${scanner.address}']`;
    await page.waitForSelector(row, { timeout: 15_000 });
    assert.match(
      (await page.locator(row).textContent()) ?? "",
      new RegExp(`${scanner.address.replaceAll(".", "\\.")} was rejected on \\d+ distinct destination ports`),
    );
    assert.match((await page.locator(`${row} .query-text`).textContent()) ?? "", /filter srcAddr = '.*' and action = 'REJECT'/);
    assert.ok(Number(await page.locator("#alert-count").textContent()) >= 1, "the nav badge counts the alert");

    // A state change reaches the open page over SSE, without a reload.
    await cloudwatch.send(
      new SetAlarmStateCommand({ AlarmName: "rejected-flows", StateValue: "ALARM", StateReason: "Threshold Crossed: a port scan (set by the browser test)" }),
    );
    await page.waitForSelector("#alarms tr[data-alarm='rejected-flows'][data-state='ALARM']", { timeout: 15_000 });
    assert.match((await page.locator("#alarms tr[data-alarm='rejected-flows']").textContent()) ?? "", /Threshold Crossed: a port scan/);
    assert.equal(await page.locator("#alarms-error").isVisible(), false);
    await page.screenshot({ path: `${shots}alerts.png`, fullPage: true });

    // The evidence query opens pre-filled in the Query page, over the alert's own from..to.
    await page.locator(`${row} button[data-alert]`).click();
    await page.waitForFunction(() => location.hash === "#query" && document.querySelectorAll("#query-results tbody tr").length > 0, undefined, {
      timeout: 15_000,
    });
    assert.match(await page.inputValue("#query-text"), new RegExp(`srcAddr = '${scanner.address.replaceAll(".", "\\.")}'`));
    assert.equal(await page.inputValue("#query-minutes"), "range");
    assert.match((await page.locator("#query-results thead").textContent()) ?? "", /dstPort.*attempts/);
    assert.ok((await page.locator("#query-results tbody tr").count()) >= 20, "one row per scanned port");
    await page.screenshot({ path: `${shots}alert-evidence.png` });
    cloudwatch.destroy();
  });

  test("the pipeline page is green, and turns red when the trust policy is broken", async () => {
    await page.goto(`${env.endpoint}/_flowwatch/ui/#pipeline`);
    await page.waitForSelector("#pipeline-links li");
    assert.equal(await page.locator("#pipeline-links li.broken").count(), 0);
    await pipeline.setTrust(EC2_TRUST);
    await connect(pipeline.publicIp, 80);
    assert.deepEqual(
      (await flush(env)).map((d) => d.message),
      ["Access error"],
    );
    await page.click("#pipeline-refresh");
    await page.waitForSelector("#pipeline-links li.broken[data-step='3']", { timeout: 5000 });
    assert.match((await page.locator("#pipeline-links li[data-step='5']").textContent()) ?? "", /FAILED/);
    assert.match((await page.locator("#pipeline-links li[data-step='3'] .fix").textContent()) ?? "", /vpc-flow-logs\.amazonaws\.com/);
    await page.waitForSelector("#pipeline-checks tr[data-check='trust-principal'] .pill.check-fail");
    assert.ok((await page.locator("#pipeline-checks tbody tr").count()) >= 10, "doctor's full checklist below the links");
    await page.screenshot({ path: `${shots}pipeline-broken.png`, fullPage: true });
    // The detections read the same FAILED status: a delivery-broken alert quoting AWS's error message.
    await page.goto(`${env.endpoint}/_flowwatch/ui/#alerts`);
    const broken = "#alerts tr[data-rule='delivery-broken']";
    // The local cloud's dashboard reads DescribeFlowLogs every 10 s.
    await page.waitForSelector(broken, { timeout: 20_000 });
    assert.match((await page.locator(broken).first().textContent()) ?? "", /Access error/);
  });

  test("an endpoint without CloudWatch shows an error line on the Alerts page, and the page still works", async () => {
    // Nothing listens on port 9: every call, DescribeAlarms included, fails to connect.
    const server = await startDashboardServer(
      { endpoint: "http://127.0.0.1:9", region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } },
      { port: 0, pollMs: 60_000 },
    );
    try {
      await page.goto(`${server.url}#alerts`);
      await page.waitForFunction(() => document.querySelector("#alarms-error")?.hidden === false, undefined, { timeout: 15_000 });
      assert.match((await page.locator("#alarms-error").textContent()) ?? "", /CloudWatch alarms cannot be read here: .*(ECONNREFUSED|connect)/);
      assert.equal(await page.locator("#alarms tbody tr").count(), 0);
      assert.equal(await page.locator("#alerts-empty").isVisible(), true, "the detections part of the page renders");
      await page.screenshot({ path: `${shots}alerts-no-cloudwatch.png` });
    } finally {
      await server.close();
    }
  });
});
