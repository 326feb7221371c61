/**
 * The CloudWatch Logs service: its protocol facts and its operations by AWS's names. Every input is
 * checked against the constraint table generated from the API model before its operation runs.
 */
import { AwsError } from "../protocol/aws-error.js";
import type { OperationTable, ServiceDefinition, ServiceDeps } from "../service.js";
import { InputDecoder } from "../validation/decode.js";
import { logsModel } from "../validation/logs-model.js";
import type { LogsOperations } from "../validation/logs-types.js";
import { Catalog } from "./catalog.js";
import type { LogsContext } from "./context.js";
import { deliveryOperations } from "./deliveries.js";
import { destinationOperations } from "./destinations.js";
import { type ExportObjectWriter, exportTaskOperations } from "./export-tasks.js";
import { Documents } from "./documents.js";
import { LOGS_AUTHORIZATION, logsTableResourcesFor } from "./authorization-table.js";
import { nameTooLong } from "./errors.js";
import { EventStore } from "./event-store.js";
import { DEFAULT_FILTER_SCAN_LIMITS, type FilterScanLimits, filterLogEventsOperations } from "./filter-log-events.js";
import { DEFAULT_LIVE_TAIL_LIMITS, LiveTailHub, type LiveTailLimits } from "./live-tail.js";
import { logEventOperations } from "./log-events.js";
import { logGroupOperations } from "./log-groups.js";
import { logStreamOperations } from "./log-streams.js";
import { queryOperations } from "./queries.js";
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from "./query-limits.js";
import type { QueryMemory } from "./query-registry.js";
import { queryDefinitionOperations } from "./query-definitions.js";
import { MetricFilterIngest, type MetricFilterSink } from "./metric-filter-ingest.js";
import type { CompactionPolicy } from "./segment-compaction.js";
import { METRIC_FILTER_SCHEMA, METRIC_FILTER_TABLES, MetricFilterStore } from "./metric-filter-store.js";
import { metricFilterOperations, precheckPutMetricFilter } from "./metric-filters.js";
import { resourcePolicyOperations } from "./resource-policies.js";
import { retentionOperations } from "./retention.js";
import { LOGS_SCHEMA, LOGS_TABLES } from "./schema.js";
import { subscriptionFilterOperations } from "./subscription-filters.js";
import type { SubscriptionTarget } from "./subscription-target.js";
import { logsResourceTagConditions } from "./resource-tags.js";
import { TagStore } from "./tag-store.js";
import { tagOperations } from "./tags.js";

export interface LogsServiceOptions {
  /** Destinations other parts of flowwatch run, for subscription filters (none by default). */
  subscriptionTargets?: readonly SubscriptionTarget[];
  /** Receivers of metric filter observations (metric-filter-ingest.ts); none until a metrics service exists. */
  metricFilterSinks?: readonly MetricFilterSink[];
  /** When the segment file is compacted at start (default: over 64 MiB and under half live). */
  segmentCompaction?: CompactionPolicy;
  /** Logs Insights budgets (query-limits.ts); the defaults otherwise. */
  queryLimits?: Partial<QueryLimits>;
  /** StartLiveTail's limits (live-tail.ts); AWS's otherwise. */
  liveTailLimits?: Partial<LiveTailLimits>;
}

/** What the Logs service offers the rest of flowwatch besides its operations. */
export interface LogsServiceDefinition extends ServiceDefinition {
  /** Metric filters evaluated over a stored batch: the hook a CloudWatch metrics service subscribes to via metricFilterSinks. */
  metricFilters: MetricFilterIngest;
  /**
   * Logs Insights' budgets, read at every use (a test or the benchmark lowers them on a running cloud),
   * and what the remembered queries hold.
   */
  insights: { limits: QueryLimits; memory(): QueryMemory };
  /** FilterLogEvents' scanning budgets per slice and per call, read at every call. */
  filterScan: FilterScanLimits;
  /** Open StartLiveTail sessions and their limits, read at every use (a test lowers the timeout). */
  liveTail: { limits: LiveTailLimits; sessions(): number };
  /** Export tasks write through S3's service-principal port, which cloud.ts joins once S3 exists. */
  exportTasks: { connect(writer: ExportObjectWriter): void };
}

export function createLogsService(deps: ServiceDeps, options: LogsServiceOptions = {}): LogsServiceDefinition {
  const { store, clock } = deps;
  store.migrate([...LOGS_SCHEMA, ...METRIC_FILTER_SCHEMA]);
  const db = store.db;
  const logs: LogsContext = {
    db,
    clock,
    catalog: new Catalog(db),
    events: new EventStore(db, options.segmentCompaction, { repair: store.repair, warn: store.warn }),
    tags: new TagStore(db),
    documents: new Documents(db),
    subscriptionTargets: options.subscriptionTargets ?? [],
  };
  logs.liveTail = new LiveTailHub(logs.catalog, { ...DEFAULT_LIVE_TAIL_LIMITS, ...options.liveTailLimits });
  const liveTail = logs.liveTail;
  // The event segment file is closed with the store, not left to the process's exit.
  store.onClose(() => logs.events.close());
  const metricFilterStore = new MetricFilterStore(db);
  const metricFilterIngest = new MetricFilterIngest(logs.catalog, metricFilterStore, options.metricFilterSinks ?? []);

  const groups = logGroupOperations(logs, (groupId) => metricFilterStore.count(groupId));
  const streams = logStreamOperations(logs);
  const events = logEventOperations(logs, metricFilterIngest);
  const retention = retentionOperations(logs);
  const tags = tagOperations(logs);
  const policies = resourcePolicyOperations(logs);
  const destinations = destinationOperations(logs);
  const subscriptions = subscriptionFilterOperations(logs);
  const deliveries = deliveryOperations(logs);
  const queryLimits: QueryLimits = { ...DEFAULT_QUERY_LIMITS, ...options.queryLimits };
  const queries = queryOperations(logs, queryLimits);
  const queryDefinitions = queryDefinitionOperations(logs);
  const filterScan: FilterScanLimits = { ...DEFAULT_FILTER_SCAN_LIMITS };
  const filtering = filterLogEventsOperations(logs, filterScan);
  const metricFilters = metricFilterOperations(logs, metricFilterStore);
  const exportTasks = exportTaskOperations(logs);

  const handlers: OperationTable<LogsOperations> = {
    CreateLogGroup: groups.createLogGroup,
    DeleteLogGroup: groups.deleteLogGroup,
    DescribeLogGroups: groups.describeLogGroups,
    CreateLogStream: streams.createLogStream,
    DeleteLogStream: streams.deleteLogStream,
    DescribeLogStreams: streams.describeLogStreams,
    PutLogEvents: events.putLogEvents,
    GetLogEvents: events.getLogEvents,
    FilterLogEvents: filtering.filterLogEvents,
    PutRetentionPolicy: retention.putRetentionPolicy,
    DeleteRetentionPolicy: retention.deleteRetentionPolicy,
    TagLogGroup: tags.tagLogGroup,
    UntagLogGroup: tags.untagLogGroup,
    ListTagsLogGroup: tags.listTagsLogGroup,
    TagResource: tags.tagResource,
    UntagResource: tags.untagResource,
    ListTagsForResource: tags.listTagsForResource,
    PutResourcePolicy: policies.putResourcePolicy,
    DescribeResourcePolicies: policies.describeResourcePolicies,
    DeleteResourcePolicy: policies.deleteResourcePolicy,
    PutDestination: destinations.putDestination,
    PutDestinationPolicy: destinations.putDestinationPolicy,
    DescribeDestinations: destinations.describeDestinations,
    DeleteDestination: destinations.deleteDestination,
    PutSubscriptionFilter: subscriptions.putSubscriptionFilter,
    DescribeSubscriptionFilters: subscriptions.describeSubscriptionFilters,
    DeleteSubscriptionFilter: subscriptions.deleteSubscriptionFilter,
    PutMetricFilter: metricFilters.putMetricFilter,
    DescribeMetricFilters: metricFilters.describeMetricFilters,
    DeleteMetricFilter: metricFilters.deleteMetricFilter,
    TestMetricFilter: metricFilters.testMetricFilter,
    PutDeliverySource: deliveries.putDeliverySource,
    GetDeliverySource: deliveries.getDeliverySource,
    DescribeDeliverySources: deliveries.describeDeliverySources,
    DeleteDeliverySource: deliveries.deleteDeliverySource,
    PutDeliveryDestination: deliveries.putDeliveryDestination,
    GetDeliveryDestination: deliveries.getDeliveryDestination,
    DescribeDeliveryDestinations: deliveries.describeDeliveryDestinations,
    DeleteDeliveryDestination: deliveries.deleteDeliveryDestination,
    PutDeliveryDestinationPolicy: deliveries.putDeliveryDestinationPolicy,
    GetDeliveryDestinationPolicy: deliveries.getDeliveryDestinationPolicy,
    DeleteDeliveryDestinationPolicy: deliveries.deleteDeliveryDestinationPolicy,
    CreateDelivery: deliveries.createDelivery,
    GetDelivery: deliveries.getDelivery,
    DescribeDeliveries: deliveries.describeDeliveries,
    DeleteDelivery: deliveries.deleteDelivery,
    CreateExportTask: exportTasks.createExportTask,
    DescribeExportTasks: exportTasks.describeExportTasks,
    CancelExportTask: exportTasks.cancelExportTask,
    StartQuery: queries.startQuery,
    StartLiveTail: (input, ctx) => liveTail.startLiveTail(input, ctx),
    GetQueryResults: queries.getQueryResults,
    StopQuery: queries.stopQuery,
    DescribeQueries: queries.describeQueries,
    GetLogRecord: queries.getLogRecord,
    GetLogGroupFields: queries.getLogGroupFields,
    PutQueryDefinition: queryDefinitions.putQueryDefinition,
    DescribeQueryDefinitions: queryDefinitions.describeQueryDefinitions,
    DeleteQueryDefinition: queryDefinitions.deleteQueryDefinition,
  };

  // Checks that must answer before the constraint table, where AWS's recorded message differs from its form.
  const prechecks: Record<string, (body: Record<string, unknown>) => void> = { PutMetricFilter: precheckPutMetricFilter };

  // JSON values are typed on the wire: a wrong type is a SerializationException, a broken constraint the
  // operation's own validation error (InvalidParameterException or ValidationException, per the model).
  const inputs = new InputDecoder(logsModel, {
    kind: "constraints",
    lowerCamelPaths: false,
    parsesStrings: false,
    wrongType: "serialization",
    serializationError: (message) => new AwsError("SerializationException", message),
    validationError: (operation, message) => new AwsError(logsModel.operations[operation]?.validationCode ?? "ValidationException", message),
    precheck(name, body) {
      // Recorded on AWS: an over-long group or stream name gets its own message, not the generic one.
      if (logsModel.operations[name]?.validationCode === "InvalidParameterException" && (tooLong(body.logGroupName) || tooLong(body.logStreamName)))
        throw nameTooLong();
      prechecks[name]?.(body);
    },
  });

  return {
    signingName: "logs",
    serviceId: "CloudWatch Logs",
    apiVersion: "2014-03-28",
    protocols: ["json"],
    targetPrefix: "Logs_20140328",
    jsonVersion: "1.1",
    inputs,
    operations: handlers,
    resourcesFor: logsTableResourcesFor,
    resourceConditions: (resource, ctx) => logsResourceTagConditions(logs.tags, ctx, resource),
    authorization: LOGS_AUTHORIZATION,
    metricFilters: metricFilterIngest,
    insights: { limits: queryLimits, memory: queries.memory },
    filterScan,
    liveTail: { limits: liveTail.limits, sessions: () => liveTail.count() },
    exportTasks: { connect: (writer) => exportTasks.connect(writer) },
    reset(): void {
      db.transaction(() => {
        for (const table of [...METRIC_FILTER_TABLES, ...LOGS_TABLES]) db.exec(`DELETE FROM ${table}`);
      })();
      logs.events.clearCache();
      queries.clearQueries();
      liveTail.endAll();
    },
  };
}

const tooLong = (v: unknown) => typeof v === "string" && v.length > 512;
