/**
 * The dashboard's HTTP handler: static pages, a JSON API and one SSE stream, over a LiveMonitor whose
 * records also feed the detections; CloudWatch alarms and doctor's checks are read on demand.
 * Mounted at `/` by `flowwatch dashboard` and at `/_flowwatch/ui/` by the local cloud.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Alert } from "../monitor/alert.js";
import { type AlarmsSnapshot, alarmsSnapshot } from "../monitor/alarms.js";
import type { AwsClients } from "../monitor/aws-clients.js";
import type { DetectionConfig } from "../monitor/detections/engine.js";
import type { FlowView } from "../monitor/flow-view.js";
import { flowLogsOf } from "../monitor/flow-log-format.js";
import { queryForFormat } from "../monitor/format-queries.js";
import { runInsightsQuery } from "../monitor/insights-query.js";
import { LiveDetections } from "../monitor/live-detections.js";
import { LiveMonitor, type LiveMonitorOptions } from "../monitor/live-monitor.js";
import { pipelineStatus } from "../monitor/pipeline-status.js";
import { InterfaceNotFound } from "../monitor/explain-reader.js";
import { describeSdkError, failureText } from "../setup/sdk-errors.js";
import { SseHub } from "./sse.js";
import { assetsDir, readAsset } from "./static-assets.js";
import { explainView, recordFor, WhyRefusal, whyRequestOf } from "./why.js";

export interface DashboardOptions extends LiveMonitorOptions {
  /** Most recent records kept for a page that opens Live. */
  recentRecords?: number;
  /** Least time between two overview pushes (ms). */
  overviewEveryMs?: number;
  /** The detection rules' thresholds and windows; default: the engine's defaults. */
  detections?: DetectionConfig;
  /** How often DescribeAlarms is called while a page is open (ms). */
  alarmsEveryMs?: number;
  /** How often the flow logs' delivery status is read for the delivery-broken rule (ms). */
  deliveryEveryMs?: number;
}

const MAX_BODY = 64 * 1024;

export class Dashboard {
  readonly monitor: LiveMonitor;
  private readonly hub = new SseHub();
  private readonly recent: FlowView[] = [];
  private readonly alerts: Alert[] = [];
  private readonly detections: LiveDetections;
  private readonly assets = assetsDir();
  private overviewTimer: NodeJS.Timeout | undefined;
  private alarmsTimer: NodeJS.Timeout | undefined;
  private deliveryTimer: NodeJS.Timeout | undefined;
  private deliveryRead: Promise<void> | undefined;
  private alarms: AlarmsSnapshot | undefined;
  private alarmsRead: Promise<AlarmsSnapshot> | undefined;

  constructor(
    readonly clients: AwsClients,
    private readonly options: DashboardOptions = {},
  ) {
    this.monitor = new LiveMonitor(clients, options);
    this.detections = new LiveDetections(options.detections);
    this.monitor.onViews((views) => this.onViews(views));
  }

  start(): void {
    this.monitor.start();
    // Alarms are read only while a page listens: a dashboard nobody looks at calls nothing.
    this.alarmsTimer ??= setInterval(() => {
      if (this.hub.size > 0) void this.refreshAlarms();
    }, this.options.alarmsEveryMs ?? 10_000);
    this.alarmsTimer.unref();
    this.deliveryTimer ??= setInterval(() => {
      this.deliveryRead ??= this.checkDelivery().finally(() => (this.deliveryRead = undefined));
    }, this.options.deliveryEveryMs ?? 60_000);
    this.deliveryTimer.unref();
  }

  /** The delivery-broken rule, once the group is being watched; a failed DescribeFlowLogs waits for the next turn. */
  private async checkDelivery(): Promise<void> {
    if (this.monitor.status.state !== "watching") return;
    const group = this.monitor.logGroup;
    try {
      const flowLogs = await flowLogsOf(this.clients.ec2, group);
      const last = this.monitor.lastIngestionTime;
      for (const alert of this.detections.checkDelivery(group, { flowLogs, ...(last === undefined ? {} : { lastEventTime: last }) })) this.publishAlert(alert);
    } catch {
      // The monitor's status line already reports an endpoint that does not answer.
    }
  }

  async stop(): Promise<void> {
    clearTimeout(this.overviewTimer);
    clearInterval(this.alarmsTimer);
    clearInterval(this.deliveryTimer);
    this.hub.close();
    await this.monitor.stop();
    await this.alarmsRead;
    await this.deliveryRead;
  }

  /** Alerts from the detections, shown on the Alerts page and pushed to open pages. */
  publishAlert(raw: Alert): void {
    // The evidence query reads the records in the flow log's own format, as the Query page runs it.
    const alert = { ...raw, query: queryForFormat(raw.query, this.monitor.format) };
    this.alerts.push(alert);
    if (this.alerts.length > 500) this.alerts.shift();
    this.hub.send("alert", alert);
  }

  /** Handles a request whose path, below the mount point, is `path` (starting with `/`). */
  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    try {
      await this.route(req, res, path);
    } catch (error) {
      if (!res.headersSent) send(res, 502, { error: failureText(error) });
      else res.end();
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const method = req.method ?? "GET";
    if (method === "GET" && path === "/api/events") {
      const initial = [
        { event: "status", data: this.monitor.status },
        { event: "overview", data: this.monitor.summary.overview() },
        { event: "records", data: this.recent.map(compact) },
        { event: "alerts", data: this.alerts },
        ...(this.alarms ? [{ event: "alarms", data: this.alarms }] : []),
      ];
      this.hub.open(req, res, initial);
      if (this.alarms === undefined) void this.refreshAlarms();
      return;
    }
    if (method === "GET" && path === "/api/overview") return send(res, 200, { status: this.monitor.status, overview: this.monitor.summary.overview() });
    if (method === "GET" && path === "/api/alerts") return send(res, 200, this.alerts);
    if (method === "GET" && path === "/api/alarms") return send(res, 200, await this.refreshAlarms());
    if (method === "GET" && path === "/api/pipeline") return send(res, 200, await pipelineStatus(this.clients, this.monitor.logGroup));
    if (method === "POST" && path === "/api/query") return this.query(req, res);
    if (method === "POST" && path === "/api/explain") return this.explain(req, res);
    if (method === "GET") {
      const asset = await readAsset(this.assets, path);
      if (asset !== undefined) {
        res.writeHead(200, { "content-type": asset.type, "content-length": asset.body.length, "cache-control": "no-cache" });
        res.end(asset.body);
        return;
      }
    }
    send(res, 404, { error: `no dashboard resource ${method} ${path}` });
  }

  /**
   * An Insights query over the watched group, in its flow log's format. A request the dashboard cannot
   * read is 400 with the reason; AWS refusing the query (4xx) is 400 with AWS's words; an endpoint that
   * fails or does not answer is 502.
   */
  private async query(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let text: string;
    try {
      text = await readBody(req);
    } catch (error) {
      return send(res, error instanceof BodyTooLarge ? 413 : 400, { error: error instanceof Error ? error.message : String(error) });
    }
    let body: unknown;
    try {
      body = JSON.parse(text || "{}");
    } catch (error) {
      return send(res, 400, { error: `the request body is not JSON: ${(error as Error).message}` });
    }
    if (typeof body !== "object" || body === null || Array.isArray(body))
      return send(res, 400, { error: "the request body must be a JSON object {query, minutes} or {query, start, end}" });
    const { query, minutes, start: from, end: to } = body as { query?: unknown; minutes?: unknown; start?: unknown; end?: unknown };
    if (typeof query !== "string" || query.trim() === "") return send(res, 400, { error: "a query is required" });
    for (const [name, value] of [
      ["minutes", minutes],
      ["start", from],
      ["end", to],
    ] as const) {
      if (value !== undefined && (typeof value !== "number" || !Number.isFinite(value)))
        return send(res, 400, { error: `${name} must be a number, not ${JSON.stringify(value)}` });
    }
    let start: number;
    let end: number;
    if (typeof from === "number" && typeof to === "number") {
      // An alert's evidence: exactly its [from, to], in epoch seconds as StartQuery takes them.
      if (!(from <= to)) return send(res, 400, { error: "start must not be after end" });
      [start, end] = [Math.floor(from), Math.ceil(to)];
    } else {
      const span = typeof minutes === "number" && minutes > 0 ? minutes : 60;
      end = Math.ceil(Date.now() / 1000) + 60;
      start = end - 60 - span * 60;
    }
    try {
      return send(res, 200, await runInsightsQuery(this.clients.logs, [this.monitor.logGroup], queryForFormat(query, this.monitor.format), start, end));
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      const answered = typeof status === "number" && status >= 400 && status < 500 && (error as { $fault?: string }).$fault === "client";
      return send(res, answered ? 400 : 502, { error: describeSdkError(error) ?? (error instanceof Error ? error.message : String(error)) });
    }
  }

  /**
   * "Why?" of a Live row or an alert: the record explained from the EC2 API (web/why.ts). A request the
   * dashboard cannot read is 400, a record it no longer holds or an interface EC2 does not know 404.
   */
  private async explain(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: unknown;
    try {
      body = JSON.parse((await readBody(req)) || "{}");
    } catch (error) {
      return send(res, error instanceof BodyTooLarge ? 413 : 400, {
        error: error instanceof SyntaxError ? `the request body is not JSON: ${error.message}` : (error as Error).message,
      });
    }
    try {
      return send(res, 200, await explainView(this.clients.ec2, recordFor(this.recent, whyRequestOf(body))));
    } catch (error) {
      if (error instanceof WhyRefusal) return send(res, error.status, { error: error.message });
      if (error instanceof InterfaceNotFound) return send(res, 404, { error: error.message });
      throw error;
    }
  }

  /** One DescribeAlarms at a time, its answer pushed to open pages; a failure is the snapshot's error line. */
  private refreshAlarms(): Promise<AlarmsSnapshot> {
    this.alarmsRead ??= alarmsSnapshot(this.clients.cloudwatch).then((snapshot) => {
      this.alarms = snapshot;
      this.alarmsRead = undefined;
      this.hub.send("alarms", snapshot);
      return snapshot;
    });
    return this.alarmsRead;
  }

  private onViews(views: FlowView[]): void {
    for (const alert of this.detections.ingest(views, this.monitor.logGroup)) this.publishAlert(alert);
    this.recent.push(...views);
    const keep = this.options.recentRecords ?? 500;
    if (this.recent.length > keep) this.recent.splice(0, this.recent.length - keep);
    this.hub.send("records", views.slice(-keep).map(compact));
    this.hub.send("status", this.monitor.status);
    this.scheduleOverview();
  }

  private scheduleOverview(): void {
    if (this.overviewTimer !== undefined) return;
    this.overviewTimer = setTimeout(() => {
      this.overviewTimer = undefined;
      this.hub.send("overview", this.monitor.summary.overview());
    }, this.options.overviewEveryMs ?? 250);
  }
}

/** What the Live page shows of a record. */
function compact(v: FlowView) {
  return {
    id: v.eventId,
    t: v.timestamp,
    eni: v.interfaceId,
    name: v.instanceName ?? "",
    dir: v.direction,
    src: v.srcport === null ? v.srcaddr : `${v.srcaddr}:${v.srcport}`,
    dst: v.dstport === null ? v.dstaddr : `${v.dstaddr}:${v.dstport}`,
    proto: v.protocol,
    service: v.service,
    packets: v.packets,
    bytes: v.bytes,
    action: v.action,
    status: v.logStatus,
    message: v.message,
  };
}

function send(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body), "cache-control": "no-cache" });
  res.end(body);
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(new BodyTooLarge(`the request body is larger than ${MAX_BODY} bytes`));
      else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
