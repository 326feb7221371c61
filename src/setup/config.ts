/** What `flowwatch setup` builds: the tutorial's names as defaults, and the choices beyond the tutorial. */
import { DEFAULT_FORMAT_TEXT, parseFormat, V5_FORMAT_TEXT } from "../flowlog/index.js";
import { SetupError } from "./errors.js";

export type TrafficType = "ALL" | "ACCEPT" | "REJECT";

export interface SetupConfig {
  policyName: string;
  roleName: string;
  logGroupName: string;
  /** The flow log's Name tag: flow logs have no name of their own. */
  flowLogName: string;
  /** A VPC id (vpc-...), or the value of a VPC's Name tag. */
  vpc: string;
  trafficType: TrafficType;
  /** The LogFormat string; the default format when it is DEFAULT_FORMAT_TEXT. */
  logFormat: string;
  maxAggregationInterval: 60 | 600;
  /** undefined: never expire. */
  retentionDays: number | undefined;
  /**
   * `--retention-days` given on the command line: only then does setup change an existing group's
   * retention (a shorter one deletes older events on AWS); otherwise the found retention is kept.
   */
  retentionGiven: boolean;
  /** Flags naming a replacement of what the user set: without them a differing document or flow log is kept. */
  replace: Replacements;
  /** The tutorial's documents verbatim instead of the hardened ones. */
  seedExact: boolean;
  /** `--alarms`: setup manages the alarm preset (metric filters and alarms) beside the flow log. */
  alarmPreset: boolean;
  /** The preset's settings; doctor reads them also when it finds a preset it was not told of. */
  alarms: AlarmSettings;
}

export interface Replacements {
  /** `--replace-policy`: a new default version of the permissions policy with flowwatch's document. */
  policy: boolean;
  /** `--replace-trust-policy`: the role's trust policy becomes flowwatch's. */
  trustPolicy: boolean;
  /** `--replace-flow-log`: a flow log that differs is deleted and created again (records are lost meanwhile). */
  flowLog: boolean;
}

export const NO_REPLACEMENTS: Replacements = { policy: false, trustPolicy: false, flowLog: false };

/** What the alarm preset (alarms/preset.ts) is built from. */
export interface AlarmSettings {
  /** Where the metric filters publish; undefined: `flowwatch/<log group>`. */
  namespace: string | undefined;
  /** Period of the rejected-traffic and SSH/RDP alarms, seconds (metric filter metrics are per minute). */
  period: number;
  /** Rejected records in one period that raise the alarm. */
  rejectedThreshold: number;
  /** Records to port 22 (and, apart, to 3389) in one period that raise the SSH (RDP) alarm. */
  remoteAccessThreshold: number;
  /** No record for this long (10-minute periods, every one empty) raises the no-data alarm. */
  noDataMinutes: number;
  /** AlarmActions and OKActions: SNS topic ARNs on AWS, `arn:flowwatch:webhook:::URL` on the local cloud. */
  actions: string[];
  /**
   * The settings given as options; the others are defaults. setup applies defaults; doctor takes the
   * others from the alarms it finds, so `doctor --fix` never undoes what an earlier setup was told.
   */
  given: ReadonlyArray<TunableSetting>;
}

export type TunableSetting = "period" | "rejectedThreshold" | "remoteAccessThreshold" | "noDataMinutes" | "actions";

export const ALARM_DEFAULTS: AlarmSettings = {
  namespace: undefined,
  period: 300,
  rejectedThreshold: 100,
  remoteAccessThreshold: 20,
  noDataMinutes: 30,
  actions: [],
  given: [],
};

export const DEFAULTS: SetupConfig = {
  policyName: "my-flowpolicy",
  roleName: "my-flowlog-role",
  logGroupName: "MyVpc22-Log",
  flowLogName: "my-flowlog",
  vpc: "MyVpc22",
  trafficType: "ALL",
  logFormat: DEFAULT_FORMAT_TEXT,
  maxAggregationInterval: 60,
  retentionDays: 30,
  retentionGiven: false,
  replace: NO_REPLACEMENTS,
  seedExact: false,
  alarmPreset: false,
  alarms: ALARM_DEFAULTS,
};

/** CloudWatch Logs' allowed retention values (PutRetentionPolicy). */
export const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

export interface RawSetupOptions {
  policyName?: string;
  roleName?: string;
  logGroup?: string;
  flowLogName?: string;
  vpc?: string;
  trafficType?: string;
  format?: string;
  interval?: string;
  retentionDays?: string;
  seedExact?: boolean;
  alarms?: boolean;
  alarmAction?: string | string[];
  alarmPeriod?: string;
  rejectedThreshold?: string;
  remoteAccessThreshold?: string;
  missingDataMinutes?: string;
  replacePolicy?: boolean;
  replaceTrustPolicy?: boolean;
  replaceFlowLog?: boolean;
}

/** `default`, `v5` or a custom `${field} ...` string, checked by the flowlog library before AWS sees it. */
export function resolveFormat(format: string): string {
  if (format === "default") return DEFAULT_FORMAT_TEXT;
  if (format === "v5") return V5_FORMAT_TEXT;
  try {
    return parseFormat(format).text;
  } catch (error) {
    throw new SetupError(`--format: ${(error as Error).message}`);
  }
}

export function setupConfig(raw: RawSetupOptions): SetupConfig {
  const trafficType = (raw.trafficType ?? DEFAULTS.trafficType).toUpperCase();
  if (trafficType !== "ALL" && trafficType !== "ACCEPT" && trafficType !== "REJECT")
    throw new SetupError(`--traffic-type must be ALL, ACCEPT or REJECT, not '${raw.trafficType}'`);
  const interval = Number(raw.interval ?? DEFAULTS.maxAggregationInterval);
  if (interval !== 60 && interval !== 600) throw new SetupError(`--interval must be 60 or 600 seconds, not '${raw.interval}'`);
  let retentionDays = DEFAULTS.retentionDays;
  if (raw.retentionDays !== undefined) {
    if (raw.retentionDays === "never") retentionDays = undefined;
    else {
      retentionDays = Number(raw.retentionDays);
      if (!RETENTION_DAYS.includes(retentionDays))
        throw new SetupError(`--retention-days must be 'never' or one of ${RETENTION_DAYS.join(", ")}, not '${raw.retentionDays}'`);
    }
  }
  return {
    policyName: raw.policyName ?? DEFAULTS.policyName,
    roleName: raw.roleName ?? DEFAULTS.roleName,
    logGroupName: raw.logGroup ?? DEFAULTS.logGroupName,
    flowLogName: raw.flowLogName ?? DEFAULTS.flowLogName,
    vpc: raw.vpc ?? DEFAULTS.vpc,
    trafficType,
    logFormat: resolveFormat(raw.format ?? "default"),
    maxAggregationInterval: interval,
    retentionDays,
    retentionGiven: raw.retentionDays !== undefined,
    replace: { policy: raw.replacePolicy ?? false, trustPolicy: raw.replaceTrustPolicy ?? false, flowLog: raw.replaceFlowLog ?? false },
    seedExact: raw.seedExact ?? false,
    alarmPreset: raw.alarms ?? false,
    alarms: alarmSettings(raw),
  };
}

/** A whole number within [min, max], or the flag named in the error. */
function wholeNumber(
  text: string | undefined,
  fallback: number,
  flag: string,
  min: number,
  max: number,
  also: (n: number) => boolean = () => true,
  rule = "",
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max || !also(value))
    throw new SetupError(`${flag} must be a whole number from ${min} to ${max}${rule}, not '${text}'`);
  return value;
}

export function alarmSettings(raw: RawSetupOptions): AlarmSettings {
  const flags: Record<TunableSetting, unknown> = {
    period: raw.alarmPeriod,
    rejectedThreshold: raw.rejectedThreshold,
    remoteAccessThreshold: raw.remoteAccessThreshold,
    noDataMinutes: raw.missingDataMinutes,
    actions: raw.alarmAction,
  };
  const actions = raw.alarmAction === undefined ? [] : Array.isArray(raw.alarmAction) ? raw.alarmAction : [raw.alarmAction];
  for (const arn of actions)
    if (!arn.startsWith("arn:"))
      throw new SetupError(`--alarm-action must be an ARN (an SNS topic's, or arn:flowwatch:webhook:::URL on the local cloud), not '${arn}'`);
  // PutMetricAlarm takes at most five actions per state.
  if (actions.length > 5) throw new SetupError(`--alarm-action can be given at most 5 times, not ${actions.length}`);
  return {
    namespace: ALARM_DEFAULTS.namespace,
    // Metric filter metrics are standard resolution: periods are whole minutes.
    period: wholeNumber(raw.alarmPeriod, ALARM_DEFAULTS.period, "--alarm-period", 60, 86_400, (n) => n % 60 === 0, " and a multiple of 60"),
    rejectedThreshold: wholeNumber(raw.rejectedThreshold, ALARM_DEFAULTS.rejectedThreshold, "--rejected-threshold", 1, 1e9),
    remoteAccessThreshold: wholeNumber(raw.remoteAccessThreshold, ALARM_DEFAULTS.remoteAccessThreshold, "--remote-access-threshold", 1, 1e9),
    // AWS delivers a window minutes after it closes: a shorter no-data window would fire on a healthy flow log.
    noDataMinutes: wholeNumber(
      raw.missingDataMinutes,
      ALARM_DEFAULTS.noDataMinutes,
      "--missing-data-minutes",
      20,
      1440,
      (n) => n % 10 === 0,
      " and a multiple of 10",
    ),
    actions,
    given: (Object.entries(flags) as Array<[TunableSetting, unknown]>).filter(([, v]) => v !== undefined).map(([k]) => k),
  };
}

/**
 * The config as an existing flow log has it: its record format, traffic type and interval. doctor judges
 * (and --fix repairs) by these, so a pipeline set up with `--format v5` is not "repaired" back to the
 * default format, and the alarm preset's patterns are checked against the records really delivered.
 */
export function asFound(config: SetupConfig, flowLog: { LogFormat?: string; TrafficType?: string; MaxAggregationInterval?: number }): SetupConfig {
  const out = { ...config };
  if (flowLog.LogFormat !== undefined) {
    try {
      out.logFormat = resolveFormat(flowLog.LogFormat);
    } catch {
      // A format flowwatch cannot read keeps the configured one; the preset then reports its patterns as they are.
    }
  }
  if (flowLog.TrafficType === "ALL" || flowLog.TrafficType === "ACCEPT" || flowLog.TrafficType === "REJECT") out.trafficType = flowLog.TrafficType;
  if (flowLog.MaxAggregationInterval === 60 || flowLog.MaxAggregationInterval === 600) out.maxAggregationInterval = flowLog.MaxAggregationInterval;
  return out;
}
