/**
 * The settings doctor judges a found preset by: those given as options, the rest read back from the
 * preset's alarms (defaults only for what no alarm shows). Without this, `doctor --fix` run without
 * `--alarm-action` would strip the actions an earlier `setup --alarms --alarm-action` set.
 */
import type { MetricAlarm } from "@aws-sdk/client-cloudwatch";
import type { AlarmSettings, SetupConfig, TunableSetting } from "../config.js";
import { alarmName, NO_DATA_PERIOD } from "./preset.js";

export function adoptFoundSettings(config: SetupConfig, found: ReadonlyMap<string, MetricAlarm>): AlarmSettings {
  const given = new Set<TunableSetting>(config.alarms.given);
  const alarm = (key: Parameters<typeof alarmName>[1]) => found.get(alarmName(config.logGroupName, key));
  const rejected = alarm("rejected");
  const remote = alarm("ssh") ?? alarm("rdp");
  const noData = alarm("no-data");
  const any = rejected ?? remote ?? noData;
  const settings = { ...config.alarms };
  const adopt = <K extends TunableSetting>(key: K, value: AlarmSettings[K] | undefined) => {
    if (!given.has(key) && value !== undefined) settings[key] = value;
  };
  adopt("period", (rejected ?? remote)?.Period);
  adopt("rejectedThreshold", rejected?.Threshold);
  adopt("remoteAccessThreshold", remote?.Threshold);
  adopt(
    "noDataMinutes",
    noData?.Period === NO_DATA_PERIOD && noData.EvaluationPeriods !== undefined ? (noData.EvaluationPeriods * NO_DATA_PERIOD) / 60 : undefined,
  );
  adopt("actions", any?.AlarmActions);
  return settings;
}
