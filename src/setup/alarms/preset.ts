/**
 * The `--alarms` preset, built from the config alone: metric filters on the flow log group (patterns
 * spelled from the flow log's own field order) and the alarms on their metrics. Nothing is read here.
 */
import type { PutMetricAlarmInput } from "@aws-sdk/client-cloudwatch";
import { parseFormat, type FlowLogFormat } from "../../flowlog/index.js";
import type { SetupConfig } from "../config.js";

export type FilterKey = "rejected" | "ssh" | "rdp" | "records";
export type AlarmKey = "rejected" | "ssh" | "rdp" | "no-data";

/** Metric filters carry no tags: the name prefix is what marks them as flowwatch's. */
export const FILTER_PREFIX = "flowwatch-";

export interface PresetFilter {
  key: FilterKey;
  filterName: string;
  filterPattern: string;
  /** What the filter counts, for the plan and doctor. */
  counts: string;
  metricName: string;
  metricNamespace: string;
  /** Each matching record counts one. */
  metricValue: "1";
  unit: "Count";
}

/** Every member present and defined (the SDK's shapes declare each optional, `| undefined`). */
type Defined<T> = { [K in keyof T]-?: Exclude<T[K], undefined> };

/** PutMetricAlarm's members as the preset sets them (the rest left absent, as DescribeAlarms then shows them). */
export type PresetAlarm = { key: AlarmKey } & Defined<
  Pick<
    PutMetricAlarmInput,
    | "AlarmName"
    | "AlarmDescription"
    | "ActionsEnabled"
    | "AlarmActions"
    | "OKActions"
    | "Namespace"
    | "MetricName"
    | "Statistic"
    | "Period"
    | "EvaluationPeriods"
    | "DatapointsToAlarm"
    | "Threshold"
    | "ComparisonOperator"
    | "TreatMissingData"
  >
>;

export interface Preset {
  filters: PresetFilter[];
  alarms: PresetAlarm[];
  /** Items the flow log makes pointless or impossible, with why. */
  omitted: string[];
}

const METRIC: Record<FilterKey, string> = { rejected: "RejectedRecords", ssh: "SSHAttempts", rdp: "RDPAttempts", records: "Records" };
const ALARM_SUFFIX: Record<AlarmKey, string> = { rejected: "rejected-traffic", ssh: "ssh-attempts", rdp: "rdp-attempts", "no-data": "no-data" };
/** The no-data alarm's period: AWS delivers a window several minutes after it closes, so shorter periods would be empty on a healthy flow log. */
export const NO_DATA_PERIOD = 600;

export const namespaceOf = (config: Pick<SetupConfig, "logGroupName" | "alarms">) => config.alarms.namespace ?? `flowwatch/${config.logGroupName}`;
export const filterName = (key: FilterKey) => `${FILTER_PREFIX}${key}`;
/** Alarm names are unique per Region, so they carry the log group. */
export const alarmName = (logGroupName: string, key: AlarmKey) => `${FILTER_PREFIX}${logGroupName}-${ALARM_SUFFIX[key]}`;
export const ALARM_KEYS: AlarmKey[] = ["rejected", "ssh", "rdp", "no-data"];
export const alarmNames = (logGroupName: string) => ALARM_KEYS.map((k) => alarmName(logGroupName, k));

/** A pattern field's name: flow log fields have hyphens, pattern names only letters, digits and `_`. */
const slotName = (field: string) => field.replaceAll("-", "_");

/**
 * A space-delimited pattern naming every field of the format in order, conditions on some
 * (`{ action: '"REJECT"' }`): it matches records of exactly this format, as a record has one field per
 * format field.
 */
export function recordPattern(format: FlowLogFormat, conditions: Record<string, string> = {}): string {
  return `[${format.fields.map((f) => (conditions[f.name] === undefined ? slotName(f.name) : `${slotName(f.name)}=${conditions[f.name]}`)).join(", ")}]`;
}

export function buildPreset(config: SetupConfig): Preset {
  const format = parseFormat(config.logFormat);
  const has = (field: string) => format.fields.some((f) => f.name === field);
  const namespace = namespaceOf(config);
  const { alarms: settings, logGroupName: group } = config;
  const omitted: string[] = [];
  const filters: PresetFilter[] = [];
  const alarms: PresetAlarm[] = [];
  const actions = settings.actions;
  const filter = (key: FilterKey, conditions: Record<string, string>, counts: string) =>
    filters.push({
      key,
      filterName: filterName(key),
      filterPattern: recordPattern(format, conditions),
      counts,
      metricName: METRIC[key],
      metricNamespace: namespace,
      metricValue: "1",
      unit: "Count",
    });
  // Count metrics publish nothing when nothing matches: missing data is zero, not breaching. Descriptions
  // name no setting, so a description read back stays right whatever threshold doctor adopts.
  const overThreshold = (key: AlarmKey, metric: FilterKey, threshold: number, description: string) =>
    alarms.push({
      key,
      AlarmName: alarmName(group, key),
      AlarmDescription: `${description} (flowwatch setup --alarms)`,
      ActionsEnabled: true,
      AlarmActions: actions,
      OKActions: actions,
      Namespace: namespace,
      MetricName: METRIC[metric],
      Statistic: "Sum",
      Period: settings.period,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      Threshold: threshold,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      TreatMissingData: "notBreaching",
    });

  if (!has("action")) omitted.push("rejected traffic: the format has no ${action}");
  else if (config.trafficType === "ACCEPT") omitted.push("rejected traffic: the flow log records ACCEPT traffic only");
  else {
    filter("rejected", { action: '"REJECT"' }, "records with action REJECT");
    overThreshold(
      "rejected",
      "rejected",
      settings.rejectedThreshold,
      `Many rejected flow log records of ${group}: a scan, or a security group or network ACL refusing traffic`,
    );
  }
  if (!has("dstport")) omitted.push("SSH and RDP attempts: the format has no ${dstport}");
  else {
    for (const [key, port, name] of [
      ["ssh", 22, "SSH"],
      ["rdp", 3389, "RDP"],
    ] as const) {
      filter(key, { dstport: String(port) }, `records to port ${port} (${name})`);
      overThreshold(
        key,
        key,
        settings.remoteAccessThreshold,
        `Many flow log records of ${group} to port ${port} (${name}), accepted or rejected: remote access attempts`,
      );
    }
  }
  filter("records", {}, "every record");
  if (config.trafficType === "REJECT") {
    omitted.push("no data: a flow log of REJECT traffic only is silent whenever nothing is refused");
    return { filters, alarms, omitted };
  }
  // Every period must be empty: the newest may be only because delivery lags.
  const periods = (settings.noDataMinutes * 60) / NO_DATA_PERIOD;
  alarms.push({
    key: "no-data",
    AlarmName: alarmName(group, "no-data"),
    AlarmDescription: `No flow log record reached ${group} in any period evaluated: delivery stopped, or the VPC is idle (flowwatch setup --alarms)`,
    ActionsEnabled: true,
    AlarmActions: actions,
    OKActions: actions,
    Namespace: namespace,
    MetricName: METRIC.records,
    Statistic: "Sum",
    Period: NO_DATA_PERIOD,
    EvaluationPeriods: periods,
    DatapointsToAlarm: periods,
    Threshold: 1,
    ComparisonOperator: "LessThanThreshold",
    TreatMissingData: "breaching",
  });
  return { filters, alarms, omitted };
}

const OPERATOR_SYMBOLS: Record<string, string> = {
  GreaterThanOrEqualToThreshold: ">=",
  GreaterThanThreshold: ">",
  LessThanThreshold: "<",
  LessThanOrEqualToThreshold: "<=",
};

/** `>=` for GreaterThanOrEqualToThreshold, and so on; other operators (anomaly bands) as named. */
export const operatorSymbol = (op: string | undefined): string => (op === undefined ? "?" : (OPERATOR_SYMBOLS[op] ?? op));

/** One line for the plan and doctor: `RejectedRecords Sum >= 100 in 300 s`. */
export function describeAlarm(
  a: Pick<PresetAlarm, "MetricName" | "Statistic" | "ComparisonOperator" | "Threshold" | "Period" | "EvaluationPeriods" | "DatapointsToAlarm">,
): string {
  const op = operatorSymbol(a.ComparisonOperator);
  const window = a.EvaluationPeriods === 1 ? `in ${a.Period} s` : `in ${a.DatapointsToAlarm} of ${a.EvaluationPeriods} periods of ${a.Period} s`;
  return `${a.MetricName} ${a.Statistic} ${op} ${a.Threshold} ${window}`;
}
