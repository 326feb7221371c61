/**
 * GetMetricData: MetricStat queries and metric math over them, up to 500 queries, results newest
 * first by default. Also the engine alarms on `Metrics` evaluate through.
 */
import type { GetMetricDataInput, GetMetricDataOutput, MetricDataResult } from "../validation/cloudwatch-types.js";
import type { RequestContext } from "../service.js";
import { invalidParameterValue, validationError } from "./errors.js";
import { checkPeriod, decodeOffset, encodeOffset } from "./metric-data.js";
import { evaluate, MathError, type MathValue, parseExpression, references, type Series } from "./metric-math.js";
import type { MetricStore } from "./metric-store.js";
import { isBasicStatistic, isSupportedStat, statValue } from "./statistics.js";
import type { MetricDataQuery, Scope } from "./types.js";

const ID = /^[a-z][a-zA-Z0-9_]*$/;
/** AWS's default and largest MaxDatapoints. */
const MAX_DATAPOINTS = 100_800;

export interface QueryResult {
  Id: string;
  Label: string;
  series: Series;
  returnData: boolean;
}

/** One MetricStat query's series over [start, end), ascending. */
export function statSeries(metrics: MetricStore, scope: Scope, q: MetricDataQuery, start: number, end: number): Series {
  const stat = q.MetricStat;
  if (stat === undefined) return { ts: [], v: [] };
  const period = q.MetricStat?.Period ?? 60;
  const periodMs = period * 1000;
  const from = Math.floor(start / periodMs) * periodMs;
  const m = stat.Metric;
  const id = m.Namespace === undefined || m.MetricName === undefined ? undefined : metrics.find(scope, m.Namespace, m.MetricName, m.Dimensions);
  if (id === undefined) return { ts: [], v: [] };
  if (isBasicStatistic(stat.Stat)) return metrics.series(id, from, end, periodMs, stat.Unit, stat.Stat);
  const buckets = [...metrics.buckets(id, from, end, periodMs, stat.Unit, true).values()].sort((a, b) => a.ts - b.ts);
  const out: Series = { ts: [], v: [] };
  for (const b of buckets) {
    const v = statValue(b, stat.Stat);
    if (v === undefined) continue;
    out.ts.push(b.ts);
    out.v.push(v);
  }
  return out;
}

/** Checks the queries as GetMetricData and PutMetricAlarm do; throws AWS's error for the first problem. */
export function checkQueries(queries: readonly MetricDataQuery[]): void {
  const ids = new Set<string>();
  for (const q of queries) {
    if (!ID.test(q.Id))
      throw validationError(
        `The value ${q.Id} for parameter MetricDataQueries.member.Id is invalid: it must start with a lowercase letter and contain only letters, numbers and underscores.`,
      );
    if (ids.has(q.Id)) throw validationError(`The values for parameter id in MetricDataQueries are not unique.`);
    ids.add(q.Id);
    if ((q.MetricStat === undefined) === (q.Expression === undefined)) {
      throw validationError(`Exactly one element of the MetricStat and Expression parameters of the query ${q.Id} must be specified.`);
    }
    if (q.MetricStat !== undefined) {
      if (!isSupportedStat(q.MetricStat.Stat))
        throw invalidParameterValue(`The value ${q.MetricStat.Stat} for parameter MetricDataQueries.member.MetricStat.Stat is not supported by flowwatch.`);
      checkPeriod(q.MetricStat.Period, "MetricStat.Period");
    }
  }
}

/** Every query's series, expressions after the queries they read; throws ValidationError for a bad expression. */
export function runQueries(metrics: MetricStore, scope: Scope, queries: readonly MetricDataQuery[], start: number, end: number): QueryResult[] {
  const values = new Map<string, MathValue>();
  const byId = new Map(queries.map((q) => [q.Id, q]));
  const parsed = new Map<string, ReturnType<typeof parseExpression>>();
  for (const q of queries) {
    if (q.Expression === undefined) continue;
    try {
      parsed.set(q.Id, parseExpression(q.Expression));
    } catch (e) {
      throw expressionError(q.Id, e);
    }
  }
  const visiting = new Set<string>();
  const resolve = (id: string): MathValue | undefined => {
    const done = values.get(id);
    if (done !== undefined) return done;
    const q = byId.get(id);
    if (q === undefined) return undefined;
    if (q.MetricStat !== undefined) {
      const s = statSeries(metrics, scope, q, start, end);
      values.set(id, s);
      return s;
    }
    if (visiting.has(id)) throw validationError(`Error in expression ${id}: Circular dependency`);
    visiting.add(id);
    const node = parsed.get(id);
    if (node === undefined) return undefined;
    for (const ref of references(node)) resolve(ref);
    let v: MathValue;
    try {
      v = evaluate(node, {
        lookup: (name) => resolve(name),
        metrics: (filter) => queries.filter((m) => m.MetricStat !== undefined && m.Id.includes(filter)).map((m) => resolve(m.Id) as Series),
      });
    } catch (e) {
      throw expressionError(id, e);
    }
    visiting.delete(id);
    values.set(id, v);
    return v;
  };
  const results: QueryResult[] = [];
  for (const q of queries) {
    const v = resolve(q.Id) as MathValue;
    const returnData = q.ReturnData ?? true;
    const label = q.Label ?? q.MetricStat?.Metric.MetricName ?? q.Id;
    if (Array.isArray(v)) {
      // An expression giving several series answers one result per series, as METRICS() does on AWS.
      v.forEach((s, i) => {
        results.push({ Id: q.Id, Label: `${label} ${i + 1}`, series: s, returnData });
      });
    } else if (typeof v === "number") {
      if (returnData) throw validationError(`Error in expression ${q.Id}: the expression gives a single number, not a time series`);
    } else {
      results.push({ Id: q.Id, Label: label, series: v, returnData });
    }
  }
  return results;
}

function expressionError(id: string, e: unknown): Error {
  if (e instanceof MathError) return validationError(`Error in expression ${id}: ${e.message}`);
  return e as Error;
}

export function getMetricDataOperation(metrics: MetricStore) {
  /** GetMetricData. Points beyond MaxDatapoints come on later pages, as AWS pages them. */
  return function getMetricData(input: GetMetricDataInput, ctx: RequestContext): GetMetricDataOutput {
    const queries = input.MetricDataQueries;
    checkQueries(queries);
    if (input.StartTime >= input.EndTime) throw invalidParameterValue("The parameter StartTime must be less than the parameter EndTime.");
    const skip = input.NextToken === undefined ? 0 : decodeOffset(input.NextToken);
    let budget = input.MaxDatapoints ?? MAX_DATAPOINTS;
    const descending = (input.ScanBy ?? "TimestampDescending") === "TimestampDescending";
    let seen = 0;
    let truncated = false;
    const out: MetricDataResult[] = [];
    for (const r of runQueries(metrics, ctx, queries, input.StartTime, input.EndTime)) {
      if (!r.returnData) continue;
      const n = r.series.ts.length;
      const Timestamps: Date[] = [];
      const Values: number[] = [];
      for (let k = 0; k < n; k++) {
        const i = descending ? n - 1 - k : k;
        if (seen++ < skip) continue;
        if (budget === 0) {
          truncated = true;
          break;
        }
        budget--;
        Timestamps.push(new Date(r.series.ts[i] as number));
        Values.push(r.series.v[i] as number);
      }
      out.push({ Id: r.Id, Label: r.Label, Timestamps, Values, StatusCode: truncated ? "PartialData" : "Complete" });
    }
    return { MetricDataResults: out, Messages: [], ...(truncated ? { NextToken: encodeOffset(skip + (input.MaxDatapoints ?? MAX_DATAPOINTS)) } : {}) };
  };
}
