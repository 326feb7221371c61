/**
 * VPC flow log delivery: one day of scenario traffic for 50 interfaces backfilled into CloudWatch Logs
 * (durable, on a temporary data dir), and the delay from a flush to the records being readable.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudWatchLogsClient, GetLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { LocalCloud } from "../src/cloud/cloud.js";
import { buildPipeline } from "../test/support/pipeline.js";
import { type Figure, median } from "./measure.js";

const INTERFACES = 50;
const RATE = 1;

export async function benchFlowDelivery(): Promise<Figure[]> {
  const dataDir = mkdtempSync(join(tmpdir(), "flowwatch-bench-delivery-"));
  const cloud = new LocalCloud({ dataDir, port: 0, publicIpBlock: "127.198.0.0/16", gatewayPorts: [18090], onWarning: () => undefined });
  await cloud.start();
  try {
    const config = { endpoint: cloud.endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 1 };
    const pipeline = await buildPipeline(config, { instances: INTERFACES });
    const now = Date.now();
    const result = (await cloud.traffic({ scenario: "baseline", backfill: true, start: now - 86_400_000, end: now, rate: RATE, seed: 7 })) as {
      seconds: number;
      observations: number;
      records: number;
      failedDeliveries: number;
    };
    if (result.failedDeliveries > 0) throw new Error(`${result.failedDeliveries} deliveries failed`);

    const logs = new CloudWatchLogsClient(config);
    const target = pipeline.instances[0] as { interfaceId: string; publicIp: string };
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      // The default group rejects outside traffic: the connection is refused and recorded as REJECT.
      await fetch(`http://${target.publicIp}:18090/`, { headers: { connection: "close" } }).then(
        (r) => r.text(),
        () => "",
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      const before =
        (
          await logs.send(
            new GetLogEventsCommand({ logGroupName: "MyVpc22-Log", logStreamName: `${target.interfaceId}-all`, startFromHead: false, limit: 10_000 }),
          )
        ).events?.length ?? 0;
      const started = process.hrtime.bigint();
      await fetch(`${cloud.endpoint}/_flowwatch/flush`, { method: "POST" });
      for (let poll = 0; poll < 200; poll++) {
        const events =
          (
            await logs.send(
              new GetLogEventsCommand({ logGroupName: "MyVpc22-Log", logStreamName: `${target.interfaceId}-all`, startFromHead: false, limit: 10_000 }),
            )
          ).events ?? [];
        if (events.length > before) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      delays.push(Number(process.hrtime.bigint() - started) / 1e9);
    }
    return [
      {
        name: `backfill 1 day, ${INTERFACES} interfaces (baseline, rate ${RATE})`,
        value: result.seconds,
        unit: "s",
        note: `${result.observations.toLocaleString("en-US")} observations, ${result.records.toLocaleString("en-US")} records (target <= 60 s)`,
      },
      { name: "flush to readable with GetLogEvents", value: median(delays), unit: "s", note: "median of 5 (target <= 1 s)" },
    ];
  } finally {
    await cloud.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
