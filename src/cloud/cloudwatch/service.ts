/**
 * CloudWatch (metrics and alarms): Smithy RPC v2 CBOR, JSON 1.0 and Query, the request choosing, as
 * on AWS. State per account and region in the store; alarms evaluated each minute on the clock.
 */
import { ManualClock } from "../clock.js";
import type { MetricFilterSink } from "../logs/metric-filter-ingest.js";
import type { OperationTable, ServiceDefinition, ServiceDeps } from "../service.js";
import { InputDecoder } from "../validation/decode.js";
import { cloudwatchModel } from "../validation/cloudwatch-model.js";
import type { CloudWatchOperations } from "../validation/cloudwatch-types.js";
import { AlarmEngine } from "./alarm-engine.js";
import { AlarmStore } from "./alarm-store.js";
import { alarmOperations } from "./alarms.js";
import { cloudwatchResourcesFor } from "./authorization.js";
import { CLOUDWATCH_AUTHORIZATION } from "./authorization-table.js";
import { getMetricDataOperation } from "./get-metric-data.js";
import { serializationError, validationError } from "./errors.js";
import { metricDataOperations } from "./metric-data.js";
import { metricFilterSink } from "./metric-filter-sink.js";
import { MetricStore } from "./metric-store.js";
import { CLOUDWATCH_SCHEMA, CLOUDWATCH_TABLES } from "./schema.js";
import { cloudwatchResourceTagConditions } from "./resource-tags.js";
import { TagStore, tagOperations } from "./tags.js";

export const CLOUDWATCH_XMLNS = "http://monitoring.amazonaws.com/doc/2010-08-01/";
/** AWS evaluates alarms once a minute. */
const EVALUATION_INTERVAL_MS = 60_000;

export interface CloudWatchService extends ServiceDefinition {
  /** Where CloudWatch Logs' metric filters publish (createLogsService's metricFilterSinks). */
  readonly metricFilterSink: MetricFilterSink;
  /** Evaluates every alarm at `now` (the timer calls it each minute; tests call it with a ManualClock's time). */
  evaluateAlarms(now: number): Promise<void>;
  /** For benchmarks and other services: the metric data itself. */
  readonly metrics: MetricStore;
}

export function createCloudWatchService(deps: ServiceDeps): CloudWatchService {
  deps.store.migrate(CLOUDWATCH_SCHEMA);
  const db = deps.store.db;
  const metrics = new MetricStore(db);
  const alarms = new AlarmStore(db);
  const tags = new TagStore(db);
  const engine = new AlarmEngine(alarms, metrics);

  const data = metricDataOperations(metrics);
  const alarmOps = alarmOperations(alarms, engine, tags);
  const tagOps = tagOperations(tags, alarms);
  const handlers: OperationTable<CloudWatchOperations> = {
    PutMetricData: data.putMetricData,
    GetMetricData: getMetricDataOperation(metrics),
    GetMetricStatistics: data.getMetricStatistics,
    ListMetrics: data.listMetrics,
    PutMetricAlarm: alarmOps.putMetricAlarm,
    DescribeAlarms: alarmOps.describeAlarms,
    DescribeAlarmsForMetric: alarmOps.describeAlarmsForMetric,
    DeleteAlarms: alarmOps.deleteAlarms,
    SetAlarmState: alarmOps.setAlarmState,
    DescribeAlarmHistory: alarmOps.describeAlarmHistory,
    EnableAlarmActions: alarmOps.enableAlarmActions,
    DisableAlarmActions: alarmOps.disableAlarmActions,
    TagResource: tagOps.tagResource,
    UntagResource: tagOps.untagResource,
    ListTagsForResource: tagOps.listTagsForResource,
  };
  // One input shape for three protocols: strings (all Query sends, and accepted on JSON and CBOR too) are
  // parsed by the model's types, timestamps become epoch ms, then the constraint table is checked.
  const inputs = new InputDecoder(cloudwatchModel, {
    kind: "constraints",
    lowerCamelPaths: true,
    parsesStrings: true,
    wrongType: "serialization",
    serializationError,
    validationError: (_operation, message) => validationError(message),
  });

  let evaluating: Promise<void> | undefined;
  const evaluateAlarms = (now: number): Promise<void> => engine.evaluateAll(now);
  // A ManualClock stands still between a test's steps; that test evaluates explicitly instead, so a
  // real-time tick can never land between its PutLogEvents and its evaluation.
  const timer = setInterval(() => {
    if (deps.clock instanceof ManualClock) return;
    // One evaluation at a time: a slow webhook must not pile up evaluations.
    if (evaluating !== undefined) return;
    evaluating = evaluateAlarms(deps.clock.now())
      .catch(() => undefined)
      .finally(() => {
        evaluating = undefined;
      });
  }, EVALUATION_INTERVAL_MS);
  timer.unref();
  deps.store.onClose(() => clearInterval(timer));

  return {
    signingName: "monitoring",
    serviceId: "CloudWatch",
    apiVersion: "2010-08-01",
    protocols: ["smithy-rpc-v2-cbor", "json", "query"],
    cborServiceName: "GraniteServiceVersion20100801",
    targetPrefix: "GraniteServiceVersion20100801",
    jsonVersion: "1.0",
    xmlNamespace: CLOUDWATCH_XMLNS,
    actionPrefix: "cloudwatch",
    inputs,
    operations: handlers,
    resourcesFor: cloudwatchResourcesFor,
    resourceConditions: (resource, ctx) => cloudwatchResourceTagConditions(tags, alarms, ctx, resource),
    authorization: CLOUDWATCH_AUTHORIZATION,
    metricFilterSink: metricFilterSink(metrics),
    evaluateAlarms,
    metrics,
    reset(): void {
      db.transaction(() => {
        for (const table of CLOUDWATCH_TABLES) db.exec(`DELETE FROM ${table}`);
      })();
      metrics.clearCache();
    },
  };
}
