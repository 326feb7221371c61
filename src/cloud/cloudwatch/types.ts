/**
 * The API's shapes this service reads and writes: the generated ones (validation/cloudwatch-types.ts),
 * whose input timestamps are epoch ms as the decoder gives them; and the scope every row carries.
 */
import type { PutMetricAlarmInput } from "../validation/cloudwatch-types.js";

export type {
  Dimension,
  Metric,
  MetricDataQuery,
  MetricDatum,
  MetricStat,
  StandardUnit,
  StateValue,
  StatisticSet,
  Tag,
} from "../validation/cloudwatch-types.js";

/**
 * PutMetricAlarm's input, kept as the alarm's definition once checked: the model leaves EvaluationPeriods
 * optional for PromQL alarms, which flowwatch does not serve, so every alarm kept has it.
 */
export type AlarmDefinition = PutMetricAlarmInput & { EvaluationPeriods: number };

export interface Scope {
  account: string;
  region: string;
}
