/**
 * PutMetricAlarm, DescribeAlarms, DescribeAlarmsForMetric, DeleteAlarms, SetAlarmState,
 * DescribeAlarmHistory, EnableAlarmActions and DisableAlarmActions.
 */
import type { RequestContext } from "../service.js";
import { webhookUrl, WEBHOOK_PREFIX } from "./alarm-actions.js";
import type { AlarmEngine } from "./alarm-engine.js";
import type { AlarmRow, AlarmStore } from "./alarm-store.js";
import { alarmArn } from "./arn.js";
import { invalidFormat, invalidParameterCombination, invalidParameterValue, limitExceeded, missingParameter, resourceNotFound } from "./errors.js";
import { checkQueries } from "./get-metric-data.js";
import { checkPeriod, decodeOffset, encodeOffset } from "./metric-data.js";
import { dimensionsKey } from "./metric-store.js";
import { isPercentile } from "./statistics.js";
import type { TagStore } from "./tags.js";
import type {
  DeleteAlarmsInput,
  DescribeAlarmHistoryInput,
  DescribeAlarmHistoryOutput,
  DescribeAlarmsForMetricInput,
  DescribeAlarmsForMetricOutput,
  DescribeAlarmsInput,
  DescribeAlarmsOutput,
  DisableAlarmActionsInput,
  EnableAlarmActionsInput,
  MetricAlarm,
  PutMetricAlarmInput,
  SetAlarmStateInput,
} from "../validation/cloudwatch-types.js";
import type { AlarmDefinition } from "./types.js";

/** AWS's default quota of metric alarms per account and region. */
export const MAX_ALARMS = 10_000;
const TREAT_MISSING = ["breaching", "notBreaching", "ignore", "missing"];
const SUPPORTED_OPERATORS = ["GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold"];
/** Period x EvaluationPeriods: AWS evaluates at most seven days back. */
const MAX_EVALUATION_RANGE = 7 * 86_400;

function checkAlarm(d: PutMetricAlarmInput): asserts d is AlarmDefinition {
  if (d.EvaluationPeriods === undefined) throw missingParameter("The parameter EvaluationPeriods is required.");
  const single =
    d.MetricName !== undefined || d.Namespace !== undefined || d.Statistic !== undefined || d.ExtendedStatistic !== undefined || d.Period !== undefined;
  const math = d.Metrics !== undefined && d.Metrics.length > 0;
  if (single && math)
    throw invalidParameterCombination(
      "The parameters MetricName, Namespace, Statistic, ExtendedStatistic, Dimensions, Period and Unit cannot be specified with the parameter Metrics.",
    );
  if (!math) {
    if (d.MetricName === undefined) throw missingParameter("The parameter MetricName is required.");
    if (d.Namespace === undefined) throw missingParameter("The parameter Namespace is required.");
    if (d.Period === undefined) throw missingParameter("The parameter Period is required.");
    if ((d.Statistic === undefined) === (d.ExtendedStatistic === undefined)) {
      throw invalidParameterCombination("Exactly one of the parameters Statistic and ExtendedStatistic must be specified.");
    }
    if (d.ExtendedStatistic !== undefined && !isPercentile(d.ExtendedStatistic))
      throw invalidParameterValue(`The value ${d.ExtendedStatistic} for parameter ExtendedStatistic is not supported.`);
    checkPeriod(d.Period);
    if (d.Period * d.EvaluationPeriods > MAX_EVALUATION_RANGE) {
      throw invalidParameterValue(`Metrics cannot be checked across more than 7 days (EvaluationPeriods * Period must be <= ${MAX_EVALUATION_RANGE})`);
    }
  } else {
    const queries = d.Metrics ?? [];
    checkQueries(queries);
    if (queries.filter((q) => q.ReturnData ?? true).length !== 1) throw invalidParameterValue("Exactly one element of the metrics list should return data.");
  }
  if (d.ThresholdMetricId !== undefined) throw invalidParameterValue("ThresholdMetricId (anomaly detection bands) is not supported by flowwatch.");
  if (d.ComparisonOperator === undefined) throw missingParameter("The parameter ComparisonOperator is required.");
  if (!SUPPORTED_OPERATORS.includes(d.ComparisonOperator))
    throw invalidParameterValue(`The comparison operator ${d.ComparisonOperator} needs an anomaly detection band, which flowwatch does not support.`);
  if (d.Threshold === undefined) throw missingParameter("The parameter Threshold is required.");
  if (d.DatapointsToAlarm !== undefined && d.DatapointsToAlarm > d.EvaluationPeriods) {
    throw invalidParameterValue("DatapointsToAlarm must be less than or equal to EvaluationPeriods.");
  }
  if (d.TreatMissingData !== undefined && !TREAT_MISSING.includes(d.TreatMissingData)) {
    throw invalidParameterValue(`The value ${d.TreatMissingData} for parameter TreatMissingData is invalid. Valid values: ${TREAT_MISSING.join(", ")}.`);
  }
  if (d.EvaluateLowSampleCountPercentile !== undefined && !["evaluate", "ignore"].includes(d.EvaluateLowSampleCountPercentile)) {
    throw invalidParameterValue(`The value ${d.EvaluateLowSampleCountPercentile} for parameter EvaluateLowSampleCountPercentile is invalid.`);
  }
  for (const arn of [...(d.AlarmActions ?? []), ...(d.OKActions ?? []), ...(d.InsufficientDataActions ?? [])]) {
    if (arn.startsWith(WEBHOOK_PREFIX) && webhookUrl(arn) === undefined)
      throw invalidParameterValue(`Invalid webhook action ${arn}: expected ${WEBHOOK_PREFIX}http(s)://host/path.`);
  }
}

/** The MetricAlarm shape DescribeAlarms answers; absent members are left out, as AWS leaves them. */
export function describeAlarm(row: AlarmRow): MetricAlarm {
  const d = row.definition;
  return {
    AlarmName: row.name,
    AlarmArn: alarmArn(row, row.name),
    AlarmDescription: d.AlarmDescription,
    AlarmConfigurationUpdatedTimestamp: new Date(row.configUpdated),
    ActionsEnabled: d.ActionsEnabled ?? true,
    OKActions: d.OKActions ?? [],
    AlarmActions: d.AlarmActions ?? [],
    InsufficientDataActions: d.InsufficientDataActions ?? [],
    StateValue: row.state,
    StateReason: row.stateReason,
    StateReasonData: row.stateReasonData,
    StateUpdatedTimestamp: new Date(row.stateUpdated),
    MetricName: d.MetricName,
    Namespace: d.Namespace,
    Statistic: d.Statistic,
    ExtendedStatistic: d.ExtendedStatistic,
    Dimensions: d.Metrics === undefined ? (d.Dimensions ?? []) : undefined,
    Period: d.Period,
    Unit: d.Unit,
    EvaluationPeriods: d.EvaluationPeriods,
    DatapointsToAlarm: d.DatapointsToAlarm,
    Threshold: d.Threshold,
    ComparisonOperator: d.ComparisonOperator,
    TreatMissingData: d.TreatMissingData,
    EvaluateLowSampleCountPercentile: d.EvaluateLowSampleCountPercentile,
    Metrics: d.Metrics,
    StateTransitionedTimestamp: new Date(row.stateTransitioned),
  };
}

function page<T>(items: readonly T[], max: number, token: string | undefined): { items: T[]; NextToken?: string } {
  const offset = token === undefined ? 0 : decodeOffset(token);
  const slice = items.slice(offset, offset + max);
  return { items: slice, ...(offset + max < items.length ? { NextToken: encodeOffset(offset + max) } : {}) };
}

export function alarmOperations(alarms: AlarmStore, engine: AlarmEngine, tags: TagStore) {
  return {
    /**
     * PutMetricAlarm. A new alarm starts in INSUFFICIENT_DATA; an update keeps the state and replaces
     * the whole configuration, and ignores Tags, as the API reference says.
     */
    putMetricAlarm(input: PutMetricAlarmInput, ctx: RequestContext): void {
      checkAlarm(input);
      const now = ctx.clock.now();
      const existing = alarms.get(ctx, input.AlarmName);
      const { Tags, ...definition } = input;
      if (existing === undefined) {
        if (alarms.count(ctx) >= MAX_ALARMS) throw limitExceeded(`The maximum number of alarms (${MAX_ALARMS}) has been reached.`);
        alarms.put({
          account: ctx.account,
          region: ctx.region,
          name: input.AlarmName,
          definition,
          state: "INSUFFICIENT_DATA",
          stateReason: "Unchecked: Initial alarm creation",
          stateUpdated: now,
          stateTransitioned: now,
          configUpdated: now,
        });
        if (Tags !== undefined) tags.set(alarmArn(ctx, input.AlarmName), Tags);
      } else {
        alarms.put({ ...existing, definition, configUpdated: now });
      }
      alarms.addHistory(ctx, input.AlarmName, now, "ConfigurationUpdate", `Alarm "${input.AlarmName}" ${existing === undefined ? "created" : "updated"}`, {
        version: "1.0",
        type: existing === undefined ? "Create" : "Update",
        createdAlarm: existing === undefined ? describeForHistory(definition) : undefined,
        updatedAlarm: existing === undefined ? undefined : describeForHistory(definition),
      });
    },

    /** DescribeAlarms: metric alarms by name, prefix, state or action prefix; 50 a page by default. */
    describeAlarms(input: DescribeAlarmsInput, ctx: RequestContext): DescribeAlarmsOutput {
      if (input.AlarmNames !== undefined && input.AlarmNames.length > 0 && input.AlarmNamePrefix !== undefined) {
        throw invalidParameterCombination("The parameters AlarmNames and AlarmNamePrefix are mutually exclusive.");
      }
      // Without AlarmTypes only metric alarms are returned; flowwatch has no composite alarms.
      const wantMetric = input.AlarmTypes === undefined || input.AlarmTypes.length === 0 || input.AlarmTypes.includes("MetricAlarm");
      const names = input.AlarmNames !== undefined && input.AlarmNames.length > 0 ? new Set(input.AlarmNames) : undefined;
      const actionPrefix = input.ActionPrefix;
      const rows = !wantMetric
        ? []
        : alarms.list(ctx).filter((r) => {
            if (names !== undefined && !names.has(r.name)) return false;
            if (input.AlarmNamePrefix !== undefined && !r.name.startsWith(input.AlarmNamePrefix)) return false;
            if (input.StateValue !== undefined && r.state !== input.StateValue) return false;
            if (actionPrefix !== undefined) {
              const d = r.definition;
              if (![...(d.AlarmActions ?? []), ...(d.OKActions ?? []), ...(d.InsufficientDataActions ?? [])].some((a) => a.startsWith(actionPrefix)))
                return false;
            }
            return true;
          });
      const { items, NextToken } = page(rows, input.MaxRecords ?? 50, input.NextToken);
      return { CompositeAlarms: [], MetricAlarms: items.map(describeAlarm), ...(NextToken === undefined ? {} : { NextToken }) };
    },

    /** DescribeAlarmsForMetric: alarms on exactly this metric (dimensions as a set), narrowed by the optional members. */
    describeAlarmsForMetric(input: DescribeAlarmsForMetricInput, ctx: RequestContext): DescribeAlarmsForMetricOutput {
      const dims = dimensionsKey(input.Dimensions);
      const rows = alarms.list(ctx).filter((r) => {
        const d = r.definition;
        if (d.MetricName !== input.MetricName || d.Namespace !== input.Namespace) return false;
        if (input.Dimensions !== undefined && dimensionsKey(d.Dimensions) !== dims) return false;
        if (input.Statistic !== undefined && d.Statistic !== input.Statistic) return false;
        if (input.ExtendedStatistic !== undefined && d.ExtendedStatistic !== input.ExtendedStatistic) return false;
        if (input.Period !== undefined && d.Period !== input.Period) return false;
        return input.Unit === undefined || d.Unit === input.Unit;
      });
      return { MetricAlarms: rows.map(describeAlarm) };
    },

    /** DeleteAlarms. Names that name no alarm are passed over (ours: AWS's answer is unrecorded). */
    deleteAlarms(input: DeleteAlarmsInput, ctx: RequestContext): void {
      for (const name of input.AlarmNames) {
        if (alarms.delete(ctx, name)) {
          tags.clear(alarmArn(ctx, name));
          alarms.addHistory(ctx, name, ctx.clock.now(), "ConfigurationUpdate", `Alarm "${name}" deleted`, { version: "1.0", type: "Delete" });
        }
      }
    },

    /** SetAlarmState: the state until the next evaluation; a change runs the new state's actions, as on AWS. */
    async setAlarmState(input: SetAlarmStateInput, ctx: RequestContext): Promise<void> {
      const row = alarms.get(ctx, input.AlarmName);
      if (row === undefined) throw resourceNotFound(`Alarm ${input.AlarmName} not found`);
      if (input.StateReasonData !== undefined) {
        try {
          JSON.parse(input.StateReasonData);
        } catch {
          throw invalidFormat("The parameter StateReasonData must be valid JSON.");
        }
      }
      await engine.transition(row, input.StateValue, input.StateReason, input.StateReasonData, ctx.clock.now());
    },

    /** DescribeAlarmHistory: newest first unless ScanBy says otherwise; kept after an alarm is deleted, as on AWS. */
    describeAlarmHistory(input: DescribeAlarmHistoryInput, ctx: RequestContext): DescribeAlarmHistoryOutput {
      if (input.AlarmTypes !== undefined && input.AlarmTypes.length > 0 && !input.AlarmTypes.includes("MetricAlarm")) return { AlarmHistoryItems: [] };
      const rows = alarms.history(ctx, {
        ...(input.AlarmName === undefined ? {} : { alarmName: input.AlarmName }),
        ...(input.HistoryItemType === undefined ? {} : { type: input.HistoryItemType }),
        ...(input.StartDate === undefined ? {} : { start: input.StartDate }),
        ...(input.EndDate === undefined ? {} : { end: input.EndDate }),
        ascending: input.ScanBy === "TimestampAscending",
      });
      const { items, NextToken } = page(rows, input.MaxRecords ?? 100, input.NextToken);
      return {
        AlarmHistoryItems: items.map((h) => ({
          AlarmName: h.alarmName,
          AlarmType: "MetricAlarm",
          Timestamp: new Date(h.ts),
          HistoryItemType: h.type,
          HistorySummary: h.summary,
          HistoryData: h.data,
        })),
        ...(NextToken === undefined ? {} : { NextToken }),
      };
    },

    enableAlarmActions(input: EnableAlarmActionsInput, ctx: RequestContext): void {
      setActionsEnabled(alarms, ctx, input.AlarmNames, true);
    },

    disableAlarmActions(input: DisableAlarmActionsInput, ctx: RequestContext): void {
      setActionsEnabled(alarms, ctx, input.AlarmNames, false);
    },
  };
}

function setActionsEnabled(alarms: AlarmStore, ctx: RequestContext, names: readonly string[], enabled: boolean): void {
  for (const name of names) {
    const row = alarms.get(ctx, name);
    if (row !== undefined) alarms.put({ ...row, definition: { ...row.definition, ActionsEnabled: enabled } });
  }
}

function describeForHistory(d: Omit<AlarmDefinition, "Tags">): Record<string, unknown> {
  return { ...d, actionsEnabled: d.ActionsEnabled ?? true };
}
