/** `flowwatch traffic`: scenario traffic backfilled and live, delivered as flow log records. */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, test } from "node:test";
import { CloudWatchLogsClient, FilterLogEventsCommand, GetLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { buildPipeline, type Pipeline } from "../support/pipeline.js";
import { useLocalCloud } from "../support/local-cloud.js";

const env = useLocalCloud({ gatewayPorts: [18080] });
const main = new URL("../../src/cli/main.ts", import.meta.url).pathname;

const flowwatch = (args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, ["--import", "tsx", main, ...args], { timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }),
    );
  });

describe("flowwatch traffic", () => {
  let pipeline: Pipeline;

  test("a backfill of the past hour becomes flow log records with past timestamps", async () => {
    pipeline = await buildPipeline(env.clientConfig(), { instances: 2 });
    const run = await flowwatch(["traffic", "baseline", "--backfill", "1h", "--rate", "1", "--endpoint", env.endpoint]);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout) as { observations: number; records: number; deliveries: number; failedDeliveries: number; interfaces: number };
    assert.equal(result.interfaces, 2);
    assert.ok(result.observations > 1000, `observations: ${result.observations}`);
    assert.ok(result.records > 0);
    assert.equal(result.failedDeliveries, 0);
    const logs = new CloudWatchLogsClient(env.clientConfig());
    const events =
      (
        await logs.send(
          new GetLogEventsCommand({ logGroupName: "MyVpc22-Log", logStreamName: `${pipeline.instances[0]?.interfaceId}-all`, startFromHead: true }),
        )
      ).events ?? [];
    assert.ok(events.length > 0);
    const oldest = events[0]?.timestamp ?? 0;
    assert.ok(Date.now() - oldest > 30 * 60_000, "the oldest record is from the backfilled hour");
    assert.ok(
      events.some((e) => / 80 6 \d+ \d+ \d+ \d+ ACCEPT OK$/.test(e.message ?? "")),
      "web traffic to port 80",
    );
  });

  test("a live port scan is recorded as REJECT once flushed", async () => {
    const run = await flowwatch(["traffic", "port-scan", "--duration", "3s", "--rate", "30", "--endpoint", env.endpoint]);
    assert.equal(run.code, 0, run.stderr);
    assert.ok((JSON.parse(run.stdout) as { observations: number }).observations > 0);
    await fetch(`${env.endpoint}/_flowwatch/flush`, { method: "POST" });
    const rejected = await new CloudWatchLogsClient(env.clientConfig()).send(
      new FilterLogEventsCommand({
        logGroupName: "MyVpc22-Log",
        filterPattern:
          '[version, account, eni, source, destination, srcport, destport, protocol, packets, bytes, windowstart, windowend, action="REJECT", flowlogstatus]',
        startTime: Date.now() - 120_000,
      }),
    );
    const ports = new Set((rejected.events ?? []).map((e) => e.message?.split(" ")[6]));
    assert.ok(ports.size >= 5, `a scan touches many ports: ${[...ports].join(",")}`);
  });

  test("the default security group (a rule naming itself) rejects a connection from outside, and the cloud goes on", async () => {
    const target = pipeline.instances[0] as { publicIp: string };
    await assert.rejects(fetch(`http://${target.publicIp}:18080/`));
    assert.equal((await fetch(`${env.endpoint}/_flowwatch/health`)).status, 200);
  });

  test("an unknown scenario is refused with the list of known ones", async () => {
    const run = await flowwatch(["traffic", "tornado", "--endpoint", env.endpoint]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /unknown scenario 'tornado'; known: web-clients/);
  });
});
