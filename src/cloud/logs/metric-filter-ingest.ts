/**
 * The hook between stored metric filters and CloudWatch metrics: `onIngest` evaluates a group's
 * filters over a stored batch and hands the data points to the sinks registered on the Logs service
 * (the CloudWatch service is one), summed per metric and minute or one by one, as each sink asks.
 */
import { FieldSplitter, type Matcher } from "../../filterpattern/index.js";
import type { RequestContext } from "../service.js";
import type { MetricTransformation } from "../validation/logs-types.js";
import type { Catalog } from "./catalog.js";
import { compileMatcher } from "./filter-pattern.js";
import type { MetricFilterStore, StoredMetricFilter } from "./metric-filter-store.js";

const MINUTE = 60_000;

/** Which metric a filter publishes to; shared by every data point of that filter. */
export interface MetricFilterMetric {
  account: string;
  region: string;
  logGroupName: string;
  filterName: string;
  metricNamespace: string;
  metricName: string;
  unit?: string;
}

/** One data point a metric filter produced from one event (or its defaultValue for a batch without matches). */
export interface MetricObservation extends MetricFilterMetric {
  /** The event's timestamp (ms); for a defaultValue, the latest timestamp of the batch. */
  timestamp: number;
  value: number;
  dimensions?: Record<string, string>;
}

/**
 * A filter's data points of one minute of a batch with the same dimension values, summed: what a
 * metrics store keeps, since metric filter metrics are standard resolution (one-minute) on AWS.
 */
export interface MetricMinute {
  metric: MetricFilterMetric;
  dimensions?: Record<string, string>;
  /** The minute's start (ms), `timestamp - timestamp % 60000` of its data points. */
  minute: number;
  /** The latest data point timestamp in it. */
  latest: number;
  sampleCount: number;
  sum: number;
  minimum: number;
  maximum: number;
}

/**
 * What the CloudWatch metrics service implements and passes as `createLogsService(deps, { metricFilterSinks })`.
 * A sink takes the data points summed per minute (`receiveMinutes`, used when present), or one by one
 * (`receive`: an object per match, for tests and tools).
 */
export interface MetricFilterSink {
  receiveMinutes?(minutes: readonly MetricMinute[]): void;
  receive?(observations: readonly MetricObservation[]): void;
}

type Scope = Pick<RequestContext, "account" | "region">;
type Event = { timestamp: number; message: string };

export class MetricFilterIngest {
  /** Compiled patterns by pattern text; patterns are few and immutable. */
  private readonly matchers = new Map<string, Matcher>();
  /** One split per event, shared by every space-delimited filter of the group. */
  private readonly splitter = new FieldSplitter();

  constructor(
    private readonly catalog: Catalog,
    private readonly filters: MetricFilterStore,
    private readonly sinks: readonly MetricFilterSink[],
  ) {}

  /**
   * Evaluates the group's metric filters over events just stored (PutLogEvents calls this after the
   * append) and gives the data points to every sink. Returns the one-by-one observations, which are
   * built only when a sink takes them (`receive`), else []. A no-op without sinks or filters.
   */
  onIngest(scope: Scope, logGroupName: string, events: readonly Event[]): MetricObservation[] {
    if (this.sinks.length === 0) return [];
    const group = this.catalog.findGroup(scope, logGroupName);
    if (group === undefined || events.length === 0) return [];
    const filters = this.filters.ofGroup(group.id);
    if (filters.length === 0) return [];
    const wantObservations = this.sinks.some((s) => s.receiveMinutes === undefined && s.receive !== undefined);
    const runs = filters.map((f) => new FilterRun(scope, logGroupName, f, this.matcher(f.filterPattern), wantObservations));
    this.evaluate(runs, events);

    const last = events[events.length - 1] as Event; // events is not empty (checked above)
    const minutes: MetricMinute[] = [];
    const observations: MetricObservation[] = [];
    for (const run of runs) {
      run.finish(last.timestamp);
      for (const m of run.minutes.values()) minutes.push(m);
      if (run.observations !== undefined) for (const o of run.observations) observations.push(o);
    }
    for (const sink of this.sinks) {
      if (sink.receiveMinutes !== undefined) {
        if (minutes.length > 0) sink.receiveMinutes(minutes);
      } else if (sink.receive !== undefined && observations.length > 0) sink.receive(observations);
    }
    return observations;
  }

  private matcher(pattern: string): Matcher {
    let matcher = this.matchers.get(pattern);
    if (matcher === undefined) {
      matcher = compileMatcher(pattern);
      this.matchers.set(pattern, matcher);
    }
    return matcher;
  }

  /** Event by event, filter by filter; an event is split into fields at most once, when a space-delimited filter first needs it. */
  private evaluate(runs: readonly FilterRun[], events: readonly Event[]): void {
    const fields = this.splitter;
    // Indexes stay within events and runs; a run is onFields only when its matcher has matchesFields and
    // fieldIndex (FilterRun's constructor), which is what the NonNullable casts here and below rely on.
    for (let i = 0; i < events.length; i++) {
      const e = events[i] as Event;
      let split = false;
      for (let r = 0; r < runs.length; r++) {
        const run = runs[r] as FilterRun;
        const matcher = run.matcher;
        if (run.onFields) {
          if (!split) {
            fields.split(e.message);
            split = true;
          }
          if (!(matcher.matchesFields as NonNullable<Matcher["matchesFields"]>)(fields)) continue;
        } else if (!matcher.matches(e.message)) continue;
        run.matched = true;
        run.record(e, run.onFields ? fields : undefined);
      }
    }
  }
}

/** One filter's evaluation over one batch: its data points, summed per (minute, dimension values). */
class FilterRun {
  readonly metric: MetricFilterMetric;
  readonly onFields: boolean;
  readonly minutes = new Map<number | string, MetricMinute>();
  readonly observations: MetricObservation[] | undefined;
  matched = false;
  private readonly transformation: MetricTransformation;
  private readonly literal: number | undefined;
  private readonly dimensions: Array<[string, string]>;
  /** The minute last added to (no dimensions), so runs of one minute skip the map. */
  private current: MetricMinute | undefined;

  constructor(
    scope: Scope,
    logGroupName: string,
    filter: StoredMetricFilter,
    readonly matcher: Matcher,
    wantObservations: boolean,
  ) {
    const [t] = filter.metricTransformations;
    this.transformation = t;
    this.metric = {
      account: scope.account,
      region: scope.region,
      logGroupName,
      filterName: filter.filterName,
      metricNamespace: t.metricNamespace,
      metricName: t.metricName,
      ...(t.unit === undefined ? {} : { unit: t.unit }),
    };
    this.onFields = matcher.matchesFields !== undefined && matcher.fieldIndex !== undefined;
    this.literal = t.metricValue.startsWith("$") ? undefined : Number(t.metricValue);
    this.dimensions = Object.entries(t.dimensions ?? {});
    this.observations = wantObservations ? [] : undefined;
  }

  /** A matching event's data point. A field that is not a number, or a dimension field the event lacks, yields none. */
  record(e: Event, fields: FieldSplitter | undefined): void {
    const value = this.literal ?? this.number(e.message, this.transformation.metricValue, fields);
    if (!Number.isFinite(value)) return;
    let dims: Record<string, string> | undefined;
    let key: string | undefined;
    if (this.dimensions.length > 0) {
      dims = {};
      const values: string[] = [];
      for (const [name, ref] of this.dimensions) {
        const v = this.text(e.message, ref, fields);
        if (v === undefined) return;
        dims[name] = v;
        values.push(v);
      }
      key = JSON.stringify(values);
    }
    this.add(e.timestamp, value, dims, key);
    if (this.observations !== undefined) {
      const o: MetricObservation = { ...this.metric, timestamp: e.timestamp, value };
      if (dims !== undefined) o.dimensions = dims;
      this.observations.push(o);
    }
  }

  /**
   * AWS reports defaultValue "during a period when logs are ingested but no matching logs are found";
   * the hook's period is the batch, and the data point takes the batch's last timestamp.
   */
  finish(lastTimestamp: number): void {
    const fallback = this.transformation.defaultValue;
    if (this.matched || fallback === undefined || fallback === null) return;
    this.add(lastTimestamp, fallback, undefined, undefined);
    this.observations?.push({ ...this.metric, timestamp: lastTimestamp, value: fallback });
  }

  private add(timestamp: number, value: number, dimensions: Record<string, string> | undefined, key: string | undefined): void {
    const minute = timestamp - (timestamp % MINUTE);
    let m = key === undefined ? this.current : undefined;
    if (m === undefined || m.minute !== minute) {
      const mapKey = key === undefined ? minute : `${minute}\u0000${key}`;
      m = this.minutes.get(mapKey);
      if (m === undefined) {
        m = { metric: this.metric, minute, latest: timestamp, sampleCount: 0, sum: 0, minimum: value, maximum: value };
        if (dimensions !== undefined) m.dimensions = dimensions;
        this.minutes.set(mapKey, m);
      }
      if (key === undefined) this.current = m;
    }
    m.sampleCount++;
    m.sum += value;
    if (value < m.minimum) m.minimum = value;
    if (value > m.maximum) m.maximum = value;
    if (timestamp > m.latest) m.latest = timestamp;
  }

  /** `Number(valueOf(...))`, as AWS reads a metric value; on split fields, plain integers without a substring. */
  private number(message: string, reference: string, fields: FieldSplitter | undefined): number {
    if (fields === undefined) return Number(this.matcher.valueOf(message, reference) ?? Number.NaN);
    const f = (this.matcher.fieldIndex as NonNullable<Matcher["fieldIndex"]>)(fields, reference);
    if (f < 0) return Number.NaN;
    const start = fields.starts[f] as number;
    const end = fields.ends[f] as number;
    let value = 0;
    let i = start;
    for (; i < end && i - start < 15; i++) {
      const c = message.charCodeAt(i);
      if (c < 48 || c > 57) break;
      value = value * 10 + (c - 48);
    }
    // Anything but 1-15 plain digits (signs, decimals, hex, blanks, "-") goes through Number, as before.
    return i === end && end > start ? value : Number(message.slice(start, end));
  }

  private text(message: string, reference: string, fields: FieldSplitter | undefined): string | undefined {
    if (fields === undefined) return this.matcher.valueOf(message, reference);
    const f = (this.matcher.fieldIndex as NonNullable<Matcher["fieldIndex"]>)(fields, reference);
    return f < 0 ? undefined : message.slice(fields.starts[f], fields.ends[f]);
  }
}
