/**
 * The dashboard's figures: the overview's data over one million flow events (the summary's answer, and the
 * FilterLogEvents load that feeds it, measured apart), and an SSE update's delay after a flush.
 */
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { LocalCloud } from "../src/cloud/cloud.js";
import { DEFAULT_FORMAT } from "../src/flowlog/index.js";
import { FlowDecoder } from "../src/monitor/flow-view.js";
import { TailPoller } from "../src/monitor/tail-poller.js";
import { TrafficSummary } from "../src/monitor/traffic-summary.js";
import { startDashboardServer } from "../src/web/dashboard-server.js";
import { flowEvents } from "./insights.js";

type Figure = { name: string; value: number; unit: string; note?: string };
const BATCH = 7000;

export async function benchDashboard(): Promise<Figure[]> {
  const out: Figure[] = [];
  const base = Date.now() - 55 * 60_000;
  const events = flowEvents().map((e, i) => ({ timestamp: base + i * 3, message: e.message }));
  const decoder = new FlowDecoder(DEFAULT_FORMAT);
  const summary = new TrafficSummary();
  let t = process.hrtime.bigint();
  events.forEach((e, i) => {
    summary.add(
      decoder.decode({
        eventId: String(i),
        timestamp: e.timestamp,
        ingestionTime: e.timestamp,
        logStreamName: "eni-0a1b2c3d4e5f60718-all",
        message: e.message,
      }),
    );
  });
  out.push({ name: "dashboard: decode + summarise 1M events", value: Number(process.hrtime.bigint() - t) / 1e9, unit: "s" });
  t = process.hrtime.bigint();
  const overview = summary.overview();
  out.push({
    name: "dashboard: overview answer over 1M events",
    value: Number(process.hrtime.bigint() - t) / 1e9,
    unit: "s",
    note: `target 1 s; ${overview.series.length} minutes`,
  });

  const cloud = new LocalCloud({ memory: true, port: 0, gatewayPorts: [] });
  await cloud.start();
  const config = { endpoint: cloud.endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 1 };
  const logs = new CloudWatchLogsClient(config);
  try {
    await logs.send(new CreateLogGroupCommand({ logGroupName: "MyVpc22-Log" }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: "MyVpc22-Log", logStreamName: "eni-0a1b2c3d4e5f60718-all" }));
    for (let i = 0; i < events.length; i += BATCH) {
      await logs.send(
        new PutLogEventsCommand({ logGroupName: "MyVpc22-Log", logStreamName: "eni-0a1b2c3d4e5f60718-all", logEvents: events.slice(i, i + BATCH) }),
      );
    }
    t = process.hrtime.bigint();
    const loaded = await new TailPoller(logs, { logGroupName: "MyVpc22-Log", startTime: base - 1000 }).poll();
    out.push({
      name: "dashboard: first load, FilterLogEvents of 1M events",
      value: Number(process.hrtime.bigint() - t) / 1e9,
      unit: "s",
      note: `${loaded.length} events; paid once at start`,
    });

    // SSE: a put, then the time until the page's stream carries it (poll every 1 s, as the dashboard does).
    const server = await startDashboardServer(config, { port: 0, logGroup: "MyVpc22-Log", sinceMs: 60_000, pollMs: 1000 });
    try {
      const response = await fetch(`${server.url}api/events`);
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const decoder8 = new TextDecoder();
      const delays: number[] = [];
      for (let round = 0; round < 5; round++) {
        const marker = `bench-${round}-${Date.now()}`;
        const sent = Date.now();
        await logs.send(
          new PutLogEventsCommand({
            logGroupName: "MyVpc22-Log",
            logStreamName: "eni-0a1b2c3d4e5f60718-all",
            logEvents: [
              {
                timestamp: sent,
                message: `2 000000000000 eni-0a1b2c3d4e5f60718 10.0.0.1 10.0.0.2 1 ${round + 1} 6 1 40 ${Math.floor(sent / 1000)} ${Math.floor(sent / 1000)} ACCEPT OK`,
              },
            ],
          }),
        );
        let text = "";
        while (!text.includes(`"dst":"10.0.0.2:${round + 1}"`)) text += decoder8.decode((await reader.read()).value);
        delays.push((Date.now() - sent) / 1000);
        void marker;
      }
      await reader.cancel();
      delays.sort((a, b) => a - b);
      out.push({ name: "dashboard: SSE update after new records (median of 5)", value: delays[2] as number, unit: "s", note: "target 2 s; poll interval 1 s" });
    } finally {
      await server.close();
    }
  } finally {
    logs.destroy();
    await cloud.stop();
  }
  return out;
}
