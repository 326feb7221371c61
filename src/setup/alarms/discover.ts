/** What of the alarm preset exists: flowwatch's metric filters on the log group (by name prefix) and its alarms (by name). */
import { DescribeAlarmsCommand, ListTagsForResourceCommand, type MetricAlarm } from "@aws-sdk/client-cloudwatch";
import { DescribeMetricFiltersCommand, type MetricFilter } from "@aws-sdk/client-cloudwatch-logs";
import type { AwsClients } from "../clients.js";
import { isAwsError } from "../errors.js";
import { isManaged } from "../tags.js";
import { alarmNames, FILTER_PREFIX } from "./preset.js";

export interface FoundPreset {
  /** By filterName. */
  filters: Map<string, MetricFilter>;
  /** By AlarmName; `managed` only when tags were asked for. */
  alarms: Map<string, MetricAlarm & { managed: boolean }>;
}

/** The group's filters named `flowwatch-...`; none when the group does not exist. */
export async function discoverFilters(clients: AwsClients, logGroupName: string): Promise<Map<string, MetricFilter>> {
  const filters = new Map<string, MetricFilter>();
  let nextToken: string | undefined;
  try {
    do {
      const page = await clients.logs.send(
        new DescribeMetricFiltersCommand({ logGroupName, filterNamePrefix: FILTER_PREFIX, ...(nextToken ? { nextToken } : {}) }),
      );
      for (const f of page.metricFilters ?? []) if (f.filterName !== undefined && f.logGroupName === logGroupName) filters.set(f.filterName, f);
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
  } catch (error) {
    if (isAwsError(error, "ResourceNotFoundException")) return filters;
    throw error;
  }
  return filters;
}

/** The preset's alarms by their exact names: a prefix would also catch another log group's (`G-2` after `G`). */
export async function discoverAlarms(clients: AwsClients, logGroupName: string, withTags: boolean): Promise<FoundPreset["alarms"]> {
  const answer = await clients.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: alarmNames(logGroupName), AlarmTypes: ["MetricAlarm"] }));
  const alarms: FoundPreset["alarms"] = new Map();
  for (const alarm of answer.MetricAlarms ?? []) {
    let managed = false;
    if (withTags && alarm.AlarmArn !== undefined) {
      managed = isManaged((await clients.cloudwatch.send(new ListTagsForResourceCommand({ ResourceARN: alarm.AlarmArn }))).Tags);
    }
    if (alarm.AlarmName !== undefined) alarms.set(alarm.AlarmName, { ...alarm, managed });
  }
  return alarms;
}

export async function discoverPreset(clients: AwsClients, logGroupName: string, withTags = false): Promise<FoundPreset> {
  const [filters, alarms] = await Promise.all([discoverFilters(clients, logGroupName), discoverAlarms(clients, logGroupName, withTags)]);
  return { filters, alarms };
}
