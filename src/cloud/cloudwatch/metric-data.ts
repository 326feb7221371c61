/** PutMetricData, GetMetricStatistics and ListMetrics, with AWS's limits and messages. */
import type { RequestContext } from "../service.js";
import { invalidNextToken, invalidParameterCombination, invalidParameterValue, missingParameter } from "./errors.js";
import type { Bucket, MetricStore, MetricWrite, PointRow } from "./metric-store.js";
import { isPercentile, statValue } from "./statistics.js";
import type {
  Datapoint,
  GetMetricStatisticsInput,
  GetMetricStatisticsOutput,
  ListMetricsInput,
  ListMetricsOutput,
  PutMetricDataInput,
} from "../validation/cloudwatch-types.js";

const HOUR = 3_600_000;
const TWO_WEEKS = 14 * 24 * HOUR;
/** GetMetricStatistics answers at most this many data points per call (AWS quota). */
export const MAX_STATISTICS_DATAPOINTS = 1440;
const LIST_PAGE = 500;

/**
 * A map member (DatapointValueMap): Query writes a Map as `entry/key/value`, CBOR as a map, and
 * JSON.stringify calls toJSON, where a plain object would have become `<p90>` or `{}`.
 */
class WireMap<V> extends Map<string, V> {
  toJSON(): Record<string, V> {
    return Object.fromEntries(this);
  }
}

/** A percentile's value as a map entry, none when the period has no value for it. */
function statEntry(b: Bucket, stat: string): Array<[string, number]> {
  const v = statValue(b, stat);
  return v === undefined ? [] : [[stat, v]];
}

/** Periods AWS accepts: 1, 5, 10, 30 (high resolution) or any multiple of 60. */
export function checkPeriod(period: number, name = "Period"): void {
  if (![1, 5, 10, 30].includes(period) && period % 60 !== 0) throw invalidParameterValue(`The parameter ${name} must be a multiple of 60.`);
}

function checkValue(v: number, at: string): void {
  // AWS refuses NaN, infinities and magnitudes past 2^360 (the API reference of MetricDatum.Value).
  if (!Number.isFinite(v) || Math.abs(v) > 2 ** 360 || (v !== 0 && Math.abs(v) < 2 ** -260))
    throw invalidParameterValue(`The value ${v} for parameter ${at} is invalid.`);
}

export function metricDataOperations(metrics: MetricStore) {
  return {
    /** PutMetricData. Namespaces starting `AWS/` are AWS's own and refused, as on AWS. */
    putMetricData(input: PutMetricDataInput, ctx: RequestContext): void {
      if (input.Namespace.startsWith("AWS/")) throw invalidParameterValue(`The value ${input.Namespace} for parameter Namespace is invalid.`);
      const data = input.MetricData ?? [];
      if (data.length === 0) throw missingParameter("The parameter MetricData is required.");
      const now = ctx.clock.now();
      // Every datum is checked before any is stored: a bad one refuses the whole request, as on AWS.
      const writes: MetricWrite[] = [];
      data.forEach((d, i) => {
        const at = `MetricData.member.${i + 1}`;
        const ts = d.Timestamp ?? now;
        if (ts > now + 2 * HOUR) throw invalidParameterValue(`The parameter ${at}.Timestamp must specify a time no more than two hours in the future.`);
        if (ts < now - TWO_WEEKS) throw invalidParameterValue(`The parameter ${at}.Timestamp must specify a time within the past two weeks.`);
        if (d.StorageResolution !== undefined && d.StorageResolution !== 1 && d.StorageResolution !== 60) {
          throw invalidParameterValue(`The value ${d.StorageResolution} for parameter ${at}.StorageResolution is invalid.`);
        }
        const given = [d.Value !== undefined, d.StatisticValues !== undefined, d.Values !== undefined].filter(Boolean).length;
        if (given > 1) {
          const names = [
            d.Value !== undefined ? "Value" : "",
            d.StatisticValues !== undefined ? "StatisticValues" : "",
            d.Values !== undefined ? "Values" : "",
          ].filter(Boolean);
          throw invalidParameterCombination(`The parameters ${at}.${names[0]} and ${at}.${names[1]} are mutually exclusive and you have specified both.`);
        }
        if (given === 0) throw missingParameter(`The parameter ${at}.Value is required.`);
        const unit = d.Unit ?? "None";
        const rows: Array<Omit<PointRow, "metricId">> = [];
        if (d.Value !== undefined) {
          checkValue(d.Value, `${at}.Value`);
          rows.push({ ts, count: 1, sum: d.Value, min: d.Value, max: d.Value, unit });
        } else if (d.StatisticValues !== undefined) {
          const s = d.StatisticValues;
          for (const [k, v] of Object.entries(s)) checkValue(v, `${at}.StatisticValues.${k}`);
          if (s.SampleCount <= 0) throw invalidParameterValue(`The value ${s.SampleCount} for parameter ${at}.StatisticValues.SampleCount is invalid.`);
          if (s.Minimum > s.Maximum)
            throw invalidParameterValue(`The parameter ${at}.StatisticValues.Maximum must be greater than ${at}.StatisticValues.Minimum.`);
          rows.push({ ts, count: s.SampleCount, sum: s.Sum, min: s.Minimum, max: s.Maximum, unit });
        } else {
          const values = d.Values ?? [];
          const counts = d.Counts;
          if (counts !== undefined && counts.length !== values.length)
            throw invalidParameterValue(`The parameters ${at}.Values and ${at}.Counts must be of the same size.`);
          values.forEach((v, j) => {
            checkValue(v, `${at}.Values.member.${j + 1}`);
            const c = counts?.[j] ?? 1;
            rows.push({ ts, count: c, sum: v * c, min: v, max: v, unit });
          });
        }
        writes.push({ namespace: input.Namespace, name: d.MetricName, dimensions: d.Dimensions, latest: ts, points: rows });
      });
      metrics.write(ctx, writes);
    },

    /** GetMetricStatistics: one metric, basic or extended statistics per period, at most 1,440 points. */
    getMetricStatistics(input: GetMetricStatisticsInput, ctx: RequestContext): GetMetricStatisticsOutput {
      const stats = input.Statistics ?? [];
      const extended = input.ExtendedStatistics ?? [];
      if (stats.length === 0 && extended.length === 0) throw missingParameter("The parameter Statistics or ExtendedStatistics must be specified.");
      if (stats.length > 0 && extended.length > 0)
        throw invalidParameterCombination("The parameters Statistics and ExtendedStatistics are mutually exclusive and you have specified both.");
      for (const [i, s] of extended.entries())
        if (!isPercentile(s)) throw invalidParameterValue(`The value ${s} for parameter ExtendedStatistics.member.${i + 1} is invalid.`);
      checkPeriod(input.Period);
      if (input.StartTime >= input.EndTime) throw invalidParameterValue("The parameter StartTime must be less than the parameter EndTime.");
      const periodMs = input.Period * 1000;
      const start = Math.floor(input.StartTime / periodMs) * periodMs;
      const points = Math.ceil((input.EndTime - start) / periodMs);
      if (points > MAX_STATISTICS_DATAPOINTS) {
        throw invalidParameterCombination(
          `You have requested up to ${points.toLocaleString("en-US")} datapoints, which exceeds the limit of ${MAX_STATISTICS_DATAPOINTS.toLocaleString("en-US")}. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`,
        );
      }
      const id = metrics.find(ctx, input.Namespace, input.MetricName, input.Dimensions);
      const buckets = id === undefined ? new Map<number, Bucket>() : metrics.buckets(id, start, input.EndTime, periodMs, input.Unit, extended.length > 0);
      const datapoints = [...buckets.values()]
        .sort((a, b) => a.ts - b.ts)
        .map((b) => {
          const point: Datapoint = { Timestamp: new Date(b.ts) };
          for (const s of stats) point[s] = statValue(b, s);
          if (extended.length > 0) point.ExtendedStatistics = new WireMap(extended.flatMap((s) => statEntry(b, s)));
          point.Unit = b.unit;
          return point;
        });
      return { Label: input.MetricName, Datapoints: datapoints };
    },

    /** ListMetrics: metrics with data in the past two weeks (three hours with RecentlyActive), 500 a page. */
    listMetrics(input: ListMetricsInput, ctx: RequestContext): ListMetricsOutput {
      if (input.RecentlyActive !== undefined && input.RecentlyActive !== "PT3H")
        throw invalidParameterValue(`The value ${input.RecentlyActive} for parameter RecentlyActive is invalid.`);
      const since = ctx.clock.now() - (input.RecentlyActive === "PT3H" ? 3 * HOUR : TWO_WEEKS);
      const filters = input.Dimensions ?? [];
      const all = metrics
        .list(ctx, input.Namespace, input.MetricName)
        .filter(
          (m) => m.lastTs >= since && filters.every((f) => m.dimensions.some((d) => d.Name === f.Name && (f.Value === undefined || d.Value === f.Value))),
        );
      const offset = input.NextToken === undefined ? 0 : decodeOffset(input.NextToken);
      const page = all.slice(offset, offset + LIST_PAGE);
      return {
        Metrics: page.map((m) => ({ Namespace: m.namespace, MetricName: m.name, Dimensions: m.dimensions })),
        ...(offset + LIST_PAGE < all.length ? { NextToken: encodeOffset(offset + LIST_PAGE) } : {}),
      };
    },
  };
}

export const encodeOffset = (n: number) => Buffer.from(`fw1:${n}`).toString("base64");
export function decodeOffset(token: string): number {
  const m = /^fw1:(\d{1,9})$/.exec(Buffer.from(token, "base64").toString("utf8"));
  if (m === null) throw invalidNextToken();
  return Number(m[1]);
}
