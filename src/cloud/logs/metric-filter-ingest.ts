/**
 * The hook between stored metric filters and a future CloudWatch metrics service: `onIngest` turns a
 * stored batch into metric observations and hands them to the sinks registered on the Logs service.
 * Nothing publishes yet: with no sink, observations are computed for the caller and go nowhere.
 */
import type { MetricFilter, MetricTransformation } from "@aws-sdk/client-cloudwatch-logs";
import type { Matcher } from "../../filterpattern/index.js";
import type { RequestContext } from "../service.js";
import type { Catalog } from "./catalog.js";
import { compileMatcher } from "./filter-pattern.js";
import type { MetricFilterStore } from "./metric-filter-store.js";

/** One data point a metric filter produced from one event (or its defaultValue for a batch without matches). */
export interface MetricObservation {
  account: string;
  region: string;
  logGroupName: string;
  filterName: string;
  metricNamespace: string;
  metricName: string;
  /** The event's timestamp (ms); for a defaultValue, the latest timestamp of the batch. */
  timestamp: number;
  value: number;
  unit?: string;
  dimensions?: Record<string, string>;
}

/** What the CloudWatch metrics service implements and passes as `createLogsService(deps, { metricFilterSinks })`. */
export interface MetricFilterSink {
  receive(observations: readonly MetricObservation[]): void;
}

type Scope = Pick<RequestContext, "account" | "region">;

export class MetricFilterIngest {
  /** Compiled patterns by pattern text; patterns are few and immutable. */
  private readonly matchers = new Map<string, Matcher>();

  constructor(
    private readonly catalog: Catalog,
    private readonly filters: MetricFilterStore,
    private readonly sinks: readonly MetricFilterSink[],
  ) {}

  /**
   * Evaluates the group's metric filters over events just stored (PutLogEvents calls this after the
   * append), gives the observations to every sink and returns them. A no-op for groups without filters.
   */
  onIngest(scope: Scope, logGroupName: string, events: readonly { timestamp: number; message: string }[]): MetricObservation[] {
    const group = this.catalog.findGroup(scope, logGroupName);
    if (group === undefined || events.length === 0) return [];
    const out: MetricObservation[] = [];
    for (const filter of this.filters.ofGroup(group.id)) this.evaluate(scope, logGroupName, filter, events, out);
    if (out.length > 0) for (const sink of this.sinks) sink.receive(out);
    return out;
  }

  private evaluate(scope: Scope, logGroupName: string, filter: MetricFilter, events: readonly { timestamp: number; message: string }[], out: MetricObservation[]): void {
    const t = filter.metricTransformations?.[0] as MetricTransformation;
    const pattern = filter.filterPattern ?? "";
    let matcher = this.matchers.get(pattern);
    if (matcher === undefined) {
      matcher = compileMatcher(pattern);
      this.matchers.set(pattern, matcher);
    }
    const base = {
      account: scope.account,
      region: scope.region,
      logGroupName,
      filterName: filter.filterName as string,
      metricNamespace: t.metricNamespace as string,
      metricName: t.metricName as string,
      ...(t.unit === undefined ? {} : { unit: t.unit }),
    };
    const literal = (t.metricValue as string).startsWith("$") ? undefined : Number(t.metricValue);
    const dimensions = Object.entries(t.dimensions ?? {});
    let matched = false;
    for (const e of events) {
      if (!matcher.matches(e.message)) continue;
      matched = true;
      // A field that is not a number, or a dimension field the event lacks, yields no data point.
      const value = literal ?? Number(matcher.valueOf(e.message, t.metricValue as string) ?? Number.NaN);
      if (!Number.isFinite(value)) continue;
      let dims: Record<string, string> | undefined;
      if (dimensions.length > 0) {
        dims = {};
        for (const [key, ref] of dimensions) {
          const v = matcher.valueOf(e.message, ref);
          if (v === undefined) break;
          dims[key] = v;
        }
        if (Object.keys(dims).length !== dimensions.length) continue;
      }
      out.push({ ...base, timestamp: e.timestamp, value, ...(dims === undefined ? {} : { dimensions: dims }) });
    }
    // AWS reports defaultValue "during a period when logs are ingested but no matching logs are found";
    // the hook's period is the batch.
    if (!matched && t.defaultValue !== undefined && t.defaultValue !== null) {
      const last = events[events.length - 1] as { timestamp: number };
      out.push({ ...base, timestamp: last.timestamp, value: t.defaultValue });
    }
  }
}
