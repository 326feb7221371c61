/** CloudWatch alarms for the dashboard's Alerts page: DescribeAlarms, every page, reduced to what a row shows. */
import { type CloudWatchClient, DescribeAlarmsCommand, type MetricAlarm } from "@aws-sdk/client-cloudwatch";
import { operatorSymbol } from "../setup/alarms/preset.js";
import { failureText } from "../setup/sdk-errors.js";

export interface AlarmRow {
  name: string;
  /** OK, ALARM or INSUFFICIENT_DATA. */
  state: string;
  reason: string;
  /** What it watches: `Namespace MetricName Statistic per Period s > Threshold`, or the metric math expression. */
  metric: string;
  /** ISO time of the last state change. */
  updated: string;
  kind: "metric" | "composite";
}

export interface AlarmsSnapshot {
  alarms: AlarmRow[];
  /** Why DescribeAlarms failed (an endpoint without CloudWatch, no permission): the page shows this line instead. */
  error?: string;
  /** Epoch ms of the DescribeAlarms call. */
  checkedAt: number;
}

export async function describeAlarms(cloudwatch: CloudWatchClient): Promise<AlarmRow[]> {
  const rows: AlarmRow[] = [];
  let NextToken: string | undefined;
  do {
    const page = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmTypes: ["MetricAlarm", "CompositeAlarm"], ...(NextToken ? { NextToken } : {}) }));
    for (const a of page.MetricAlarms ?? []) rows.push({ ...common(a), metric: metricOf(a), kind: "metric" });
    for (const a of page.CompositeAlarms ?? []) rows.push({ ...common(a), metric: a.AlarmRule ?? "", kind: "composite" });
    NextToken = page.NextToken;
  } while (NextToken);
  return rows;
}

/** DescribeAlarms that never throws: a failure becomes the snapshot's error. */
export async function alarmsSnapshot(cloudwatch: CloudWatchClient, now = Date.now): Promise<AlarmsSnapshot> {
  try {
    return { alarms: await describeAlarms(cloudwatch), checkedAt: now() };
  } catch (error) {
    return { alarms: [], error: failureText(error), checkedAt: now() };
  }
}

function common(a: { AlarmName?: string; StateValue?: string; StateReason?: string; StateUpdatedTimestamp?: Date }) {
  return { name: a.AlarmName ?? "", state: a.StateValue ?? "", reason: a.StateReason ?? "", updated: a.StateUpdatedTimestamp?.toISOString() ?? "" };
}

function metricOf(a: MetricAlarm): string {
  const operator = operatorSymbol(a.ComparisonOperator);
  const threshold = a.Threshold === undefined ? "" : ` ${operator} ${a.Threshold}`;
  if (a.MetricName === undefined) {
    // A metric math alarm: the expression that returns data is what is compared.
    const returned = (a.Metrics ?? []).find((m) => m.ReturnData !== false);
    return `${returned?.Expression ?? returned?.MetricStat?.Metric?.MetricName ?? "metric math"}${threshold}`;
  }
  const dimensions = (a.Dimensions ?? []).map((d) => `${d.Name}=${d.Value}`).join(",");
  return `${a.Namespace ?? ""} ${a.MetricName}${dimensions ? ` {${dimensions}}` : ""} ${a.Statistic ?? a.ExtendedStatistic ?? ""} per ${a.Period ?? "?"} s${threshold}`;
}
