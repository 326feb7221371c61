/**
 * One flow log group watched live: polls it (TailPoller), decodes and enriches each event, keeps the
 * overview's summary and hands every batch to listeners (the dashboard's SSE, the detections).
 */
import { ResourceNotFoundException } from "@aws-sdk/client-cloudwatch-logs";
import type { AwsClients } from "./aws-clients.js";
import { resolvePipeline } from "../setup/pipeline-resolution.js";
import type { FlowLogFormat } from "../flowlog/index.js";
import { failureText } from "../setup/sdk-errors.js";
import { formatOfGroup } from "./flow-log-format.js";
import { FlowDecoder, type FlowView } from "./flow-view.js";
import { InterfaceDirectory } from "./interfaces.js";
import { sleep, TailPoller } from "./tail-poller.js";
import { TrafficSummary } from "./traffic-summary.js";

export interface LiveMonitorOptions {
  /** Default: the log group of the Region's only flow log delivering to CloudWatch Logs, else MyVpc22-Log (setup/pipeline-resolution.ts). */
  logGroup?: string;
  format?: string;
  /** How far back the first poll reads (ms). */
  sinceMs?: number;
  pollMs?: number;
}

export type MonitorStatus = { state: "waiting" | "watching"; logGroup: string; detail?: string; lastPoll?: number; error?: string };

export class LiveMonitor {
  readonly summary = new TrafficSummary();
  readonly interfaces: InterfaceDirectory;
  private readonly listeners = new Set<(views: FlowView[]) => void>();
  private readonly stopper = new AbortController();
  private running: Promise<void> | undefined;
  private logGroupName: string | undefined;
  status: MonitorStatus;
  /** The records' format once the group's flow log is known: the dashboard's queries are built from it. */
  format: FlowLogFormat | undefined;
  /** The newest ingestion time of an event read: how the delivery-broken rule measures silence. */
  lastIngestionTime: number | undefined;

  constructor(
    readonly clients: AwsClients,
    private readonly options: LiveMonitorOptions = {},
  ) {
    this.interfaces = new InterfaceDirectory(clients.ec2);
    this.status = { state: "waiting", logGroup: options.logGroup ?? "" };
  }

  get logGroup(): string {
    return this.logGroupName ?? this.options.logGroup ?? "MyVpc22-Log";
  }

  onViews(listener: (views: FlowView[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    await this.running;
  }

  private async run(): Promise<void> {
    const signal = this.stopper.signal;
    const pollMs = this.options.pollMs ?? 1000;
    const startTime = Date.now() - (this.options.sinceMs ?? 3_600_000);
    let poller: TailPoller | undefined;
    let decoder: FlowDecoder | undefined;
    while (!signal.aborted) {
      try {
        if (poller === undefined || decoder === undefined) {
          // Several flow logs into different groups and none named: the monitor asks rather than picks (the error lists them).
          this.logGroupName = this.options.logGroup ?? (await resolvePipeline(this.clients.ec2, {})).logGroupName;
          decoder = new FlowDecoder(await formatOfGroup(this.clients.ec2, this.logGroup, this.options.format), this.interfaces);
          this.format = decoder.format;
          poller = new TailPoller(this.clients.logs, { logGroupName: this.logGroup, startTime });
        }
        const events = await poller.poll();
        this.status = { state: "watching", logGroup: this.logGroup, lastPoll: Date.now() };
        if (events.length > 0) {
          for (const e of events) this.lastIngestionTime = Math.max(this.lastIngestionTime ?? 0, e.ingestionTime);
          await this.interfaces.ensure(new Set(events.map((e) => e.logStreamName.replace(/-(all|accept|reject)$/, ""))));
          const views = events.map((e) => (decoder as FlowDecoder).decode(e));
          for (const v of views) this.summary.add(v);
          for (const listener of this.listeners) listener(views);
        }
      } catch (error) {
        if (error instanceof ResourceNotFoundException) {
          // The group appears when the flow log first delivers (or setup creates it): keep asking.
          this.status = { state: "waiting", logGroup: this.logGroup, detail: `log group ${this.logGroup} does not exist yet` };
          poller = undefined;
        } else {
          this.status = { ...this.status, error: failureText(error) };
        }
      }
      await sleep(pollMs, signal);
    }
  }
}
