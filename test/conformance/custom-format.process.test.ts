/**
 * Custom formats everywhere: one VPC, three flow logs of the same traffic (default format, v5, a custom
 * order) into three groups of the local cloud, which runs Insights. `report` and watch's evidence queries
 * read the custom groups as they read the default one: Insights discovers fields only in default-format
 * records, so the queries start with a `parse` built from the flow log's LogFormat.
 */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { CloudWatchLogsClient, CreateLogGroupCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateFlowLogsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { V5_FORMAT_TEXT } from "../../src/flowlog/index.js";
import { startDashboardServer } from "../../src/web/dashboard-server.js";
import { flowwatch } from "../support/flowwatch-process.js";
import { useLocalCloud } from "../support/local-cloud.js";
import { buildTutorialPipeline, connect, flush, type Pipeline } from "../support/tutorial-pipeline.js";

const env = useLocalCloud({ gatewayPorts: [80, 22] });
/** Another order, another length, and a first field that is no number: nothing Insights could guess. */
const CUSTOM =
  "${interface-id} ${flow-direction} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${tcp-flags} ${log-status}";
const GROUPS = { default: "MyVpc22-Log", v5: "V5-Log", custom: "Custom-Log" } as const;

/** A report's "top talkers by bytes" table, the lines between its title and the next blank line. */
const talkers = (report: string) => report.split("top talkers by bytes\n")[1]?.split("\n\n")[0] ?? "";
const totals = (report: string) => /^records (\S+)\s+packets (\S+)\s+bytes (\S+)/m.exec(report)?.slice(1) ?? [];

describe("report and watch's evidence over a flow log of v5 and of a custom format", () => {
  let p: Pipeline;
  const connection = () => ["--endpoint", env.endpoint, "--region", "us-east-1"];
  before(async () => {
    p = await buildTutorialPipeline(env, "web-1");
    const ec2 = new EC2Client(env.clientConfig());
    const logs = new CloudWatchLogsClient(env.clientConfig());
    for (const [group, LogFormat] of [
      [GROUPS.v5, V5_FORMAT_TEXT],
      [GROUPS.custom, CUSTOM],
    ] as const) {
      await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
      await ec2.send(
        new CreateFlowLogsCommand({
          ResourceType: "VPC",
          ResourceIds: [p.vpcId],
          TrafficType: "ALL",
          LogGroupName: group,
          LogFormat,
          DeliverLogsPermissionArn: "arn:aws:iam::000000000000:role/my-flowlog-role",
        }),
      );
    }
    ec2.destroy();
    logs.destroy();
    for (let i = 0; i < 50 && !(await connect(p.publicIp, 80)); i++) await new Promise((r) => setTimeout(r, 100));
    for (let i = 0; i < 3; i++) await connect(p.publicIp, 22);
    await flush(env);
  });

  it("report: the same non-zero totals and top talkers as over the default format", async () => {
    const reports: Record<string, string> = {};
    for (const [name, group] of Object.entries(GROUPS)) {
      const run = await flowwatch(["report", "--log-group", group, "--since", "1h", ...connection()]);
      assert.equal(run.status, 0, run.stderr);
      reports[name] = run.stdout;
    }
    const reference = reports.default as string;
    assert.notEqual(totals(reference)[0], "0", reference);
    assert.match(talkers(reference), new RegExp(p.privateIp.replaceAll(".", "\\.")), reference);
    for (const name of ["v5", "custom"]) {
      const report = reports[name] as string;
      assert.deepEqual(totals(report), totals(reference), report);
      assert.equal(talkers(report), talkers(reference), report);
      assert.match(report, /accepted [1-9]\d* \(\d/, report);
      assert.match(report, /rejected [1-9]\d* \(\d/, report);
      assert.doesNotMatch(report, /undefined|NaN/);
    }
  });

  it("watch: the evidence query of an alert starts with the format's parse and returns rows", async () => {
    const dir = mkdtempSync(join(tmpdir(), "flowwatch-custom-format-"));
    const config = join(dir, "rules.json");
    writeFileSync(config, JSON.stringify({ bruteForce: { threshold: 2 } }));
    for (const group of [GROUPS.v5, GROUPS.custom]) {
      const run = await flowwatch(["watch", "--log-group", group, "--config", config, "--output", "json", "--since", "1h", ...connection()]);
      assert.equal(run.status, 0, run.stderr);
      const alert = run.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { rule: string; query: string; from: string; to: string })
        .find((a) => a.rule === "brute-force");
      assert.ok(alert, `${group}: ${run.stdout}`);
      assert.match(alert.query, /^parse @message "\* \* .*" as .*srcAddr.* \| fields @timestamp, @message \| filter srcAddr = /);
      const start = String(Math.floor(Date.parse(alert.from) / 1000) - 60);
      const end = String(Math.ceil(Date.parse(alert.to) / 1000) + 60);
      const evidence = await flowwatch(["query", "--log-group", group, "--start", start, "--end", end, "--output", "json", alert.query, ...connection()]);
      assert.equal(evidence.status, 0, evidence.stderr);
      const rows = evidence.stdout
        .trim()
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { dstAddr?: string; connections?: string });
      assert.ok(
        rows.some((r) => r.dstAddr === p.privateIp && Number(r.connections) >= 2),
        `${group}: ${evidence.stdout}${evidence.stderr}`,
      );
    }
  });

  it("query --log-group --format: the user's query reads the custom group through the parse", async () => {
    const run = await flowwatch([
      "query",
      "--log-group",
      GROUPS.custom,
      "--format",
      CUSTOM,
      "--output",
      "json",
      "filter dstPort = 22 | stats count(*) as attempts by dstAddr",
      ...connection(),
    ]);
    assert.equal(run.status, 0, run.stderr);
    const rows = run.stdout
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { dstAddr?: string; attempts?: string });
    assert.ok(
      rows.some((r) => r.dstAddr === p.privateIp && Number(r.attempts) >= 3),
      run.stdout + run.stderr,
    );
  });

  it("dashboard: the Query page's queries read the group in its flow log's format", async () => {
    const server = await startDashboardServer(
      { endpoint: env.endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } },
      { port: 0, logGroup: GROUPS.custom, pollMs: 200 },
    );
    try {
      // The monitor learns the format from DescribeFlowLogs on its first turn.
      for (let i = 0; i < 100 && server.dashboard.monitor.format === undefined; i++) await new Promise((r) => setTimeout(r, 50));
      const response = await fetch(new URL("api/query", server.url), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "filter dstPort = 22 | stats count(*) as attempts by dstAddr, action", minutes: 60 }),
      });
      assert.equal(response.status, 200, await response.clone().text());
      const answer = (await response.json()) as { rows: Array<{ dstAddr?: string; attempts?: string }> };
      assert.ok(
        answer.rows.some((r) => r.dstAddr === p.privateIp && Number(r.attempts) >= 3),
        JSON.stringify(answer),
      );
      // An alert's evidence, as the Alerts page shows it and "Open in Query" runs it, reads the same format.
      server.dashboard.publishAlert({
        rule: "brute-force",
        severity: "high",
        who: "x",
        what: "x",
        when: "",
        from: "",
        to: "",
        logGroup: GROUPS.custom,
        query: "fields @timestamp, @message | filter dstPort = 22",
      });
      const alerts = (await (await fetch(new URL("api/alerts", server.url))).json()) as Array<{ query: string }>;
      assert.match(
        alerts.at(-1)?.query ?? "",
        /^parse @message "\* \* .*" as interfaceId, flowDirection, srcAddr, .* \| fields @timestamp, @message \| filter dstPort = 22$/,
      );
    } finally {
      await server.close();
    }
  });
});
