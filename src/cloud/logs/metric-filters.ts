/**
 * PutMetricFilter, DescribeMetricFilters, DeleteMetricFilter, TestMetricFilter. Filters are stored and
 * described; turning matches into metric data is metric-filter-ingest.ts's hook, which nothing publishes yet.
 */
import type {
  DeleteMetricFilterRequest,
  DescribeMetricFiltersRequest,
  DescribeMetricFiltersResponse,
  MetricFilterMatchRecord,
  MetricTransformation,
  PutMetricFilterRequest,
  TestMetricFilterRequest,
  TestMetricFilterResponse,
} from "../validation/logs-types.js";
import { AwsError } from "../protocol/aws-error.js";
import type { RequestContext } from "../service.js";
import type { LogsContext } from "./context.js";
import { limitExceeded, logGroupNotFound, resourceNotFound } from "./errors.js";
import { compileMatcher } from "./filter-pattern.js";
import type { MetricFilterStore, StoredMetricFilter } from "./metric-filter-store.js";
import { checkTransformation } from "./metric-transformations.js";
import { decodePageToken, encodePageToken } from "./pagination.js";

/** AWS's quota: "The maximum number of metric filters that can be associated with a log group is 100." */
export const MAX_METRIC_FILTERS = 100;

const invalid = (message: string) => new AwsError("InvalidParameterException", message);

export function metricFilterOperations(logs: LogsContext, filters: MetricFilterStore) {
  const { catalog } = logs;

  return {
    /** PutMetricFilter: creates or replaces; the pattern must compile and the transformation must fit it. */
    putMetricFilter(input: PutMetricFilterRequest, ctx: RequestContext): Record<string, never> {
      const group = catalog.group(ctx, input.logGroupName);
      const matcher = compileMatcher(input.filterPattern);
      if (input.fieldSelectionCriteria !== undefined && input.fieldSelectionCriteria.trim() !== "") {
        throw invalid(
          "flowwatch does not evaluate fieldSelectionCriteria (it selects centralized log events by source account and Region), so the filter is refused rather than applied to every event.",
        );
      }
      const systemDimensions = input.emitSystemFieldDimensions?.length ?? 0;
      // The model allows exactly one transformation (length 1..1, checked before the operation runs).
      const given = input.metricTransformations[0] as MetricTransformation;
      checkTransformation(given, matcher, systemDimensions);
      const previous = filters.get(group.id, input.filterName);
      if (previous === undefined && filters.count(group.id) >= MAX_METRIC_FILTERS) throw limitExceeded();
      // Only the members given come back, as recorded (no defaultValue, unit or dimensions unless set).
      const transformation: MetricTransformation = {
        metricName: given.metricName,
        metricNamespace: given.metricNamespace,
        metricValue: given.metricValue,
        ...(given.defaultValue === undefined || given.defaultValue === null ? {} : { defaultValue: given.defaultValue }),
        ...(given.dimensions === undefined || Object.keys(given.dimensions).length === 0 ? {} : { dimensions: given.dimensions }),
        ...(given.unit === undefined ? {} : { unit: given.unit }),
      };
      const filter: StoredMetricFilter = {
        filterName: input.filterName,
        filterPattern: input.filterPattern,
        metricTransformations: [transformation],
        creationTime: previous?.creationTime ?? ctx.clock.now(),
        logGroupName: group.name,
        applyOnTransformedLogs: input.applyOnTransformedLogs ?? false,
        ...(systemDimensions === 0 ? {} : { emitSystemFieldDimensions: input.emitSystemFieldDimensions }),
      };
      filters.put(group.id, filter);
      return {};
    },

    /**
     * DescribeMetricFilters: ASCII order of filter name (then group name across groups).
     * filterNamePrefix counts only with logGroupName, as documented; metricName and metricNamespace go together.
     */
    describeMetricFilters(input: DescribeMetricFiltersRequest, ctx: RequestContext): DescribeMetricFiltersResponse {
      if ((input.metricName === undefined) !== (input.metricNamespace === undefined)) {
        throw invalid("metricName and metricNamespace must be specified together.");
      }
      const group = input.logGroupName === undefined ? undefined : catalog.findGroup(ctx, input.logGroupName);
      if (input.logGroupName !== undefined && group === undefined) throw logGroupNotFound();
      const limit = input.limit ?? 50;
      const after = input.nextToken === undefined ? undefined : afterKey(decodePageToken("metric-filters", input.nextToken));
      const rows = filters.list(ctx, {
        ...(group === undefined ? {} : { groupId: group.id }),
        ...(group === undefined || input.filterNamePrefix === undefined ? {} : { filterNamePrefix: input.filterNamePrefix }),
        ...(input.metricName === undefined ? {} : { metricName: input.metricName, metricNamespace: input.metricNamespace }),
        ...(after === undefined ? {} : { after }),
        limit,
      });
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return {
        metricFilters: items.map((r) => r.filter),
        ...(rows.length > limit && last !== undefined ? { nextToken: encodePageToken("metric-filters", [last.filterName, last.groupName]) } : {}),
      };
    },

    deleteMetricFilter(input: DeleteMetricFilterRequest, ctx: RequestContext): Record<string, never> {
      const group = catalog.group(ctx, input.logGroupName);
      if (!filters.delete(group.id, input.filterName)) throw resourceNotFound();
      return {};
    },

    /**
     * TestMetricFilter: the messages that match, numbered from 0 by their place in the request, with
     * extractedValues for space-delimited patterns (`$name`, `$N` for unnamed fields) and `{}` otherwise,
     * as the API reference's examples show.
     */
    testMetricFilter(input: TestMetricFilterRequest, _ctx: RequestContext): TestMetricFilterResponse {
      const matcher = compileMatcher(input.filterPattern);
      const matches: MetricFilterMatchRecord[] = [];
      input.logEventMessages.forEach((message, i) => {
        const result = matcher.match(message);
        if (result.matched) matches.push({ eventNumber: i, eventMessage: message, extractedValues: { ...result.fields } });
      });
      return { matches };
    },
  };
}

/**
 * AWS's recorded answer to more than one transformation, with the list printed as Java prints the
 * model objects (the generic validator prints plain maps). Runs before the constraint table.
 */
export function precheckPutMetricFilter(body: Record<string, unknown>): void {
  const list = body.metricTransformations;
  if (!Array.isArray(list) || list.length <= 1) return;
  const field = (v: unknown) =>
    v === undefined || v === null
      ? "null"
      : typeof v === "object"
        ? `{${Object.entries(v)
            .map(([k, x]) => `${k}=${x}`)
            .join(", ")}}`
        : String(v);
  const shown = list.map(
    (t: Record<string, unknown>) =>
      `MetricTransformation(${["metricName", "metricNamespace", "metricValue", "defaultValue", "unit", "dimensions"].map((k) => `${k}=${field(t?.[k])}`).join(", ")})`,
  );
  throw invalid(
    `1 validation error detected: Value '[${shown.join(", ")}]' at 'metricTransformations' failed to satisfy constraint: Member must have length less than or equal to 1`,
  );
}

function afterKey(key: (string | number)[]): [string, string] {
  const [name, group] = key;
  if (key.length !== 2 || typeof name !== "string" || typeof group !== "string") throw invalid("The specified nextToken is invalid.");
  return [name, group];
}
