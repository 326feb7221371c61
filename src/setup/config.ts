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
  /** The tutorial's documents verbatim instead of the hardened ones. */
  seedExact: boolean;
}

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
  seedExact: false,
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
  if (trafficType !== "ALL" && trafficType !== "ACCEPT" && trafficType !== "REJECT") throw new SetupError(`--traffic-type must be ALL, ACCEPT or REJECT, not '${raw.trafficType}'`);
  const interval = Number(raw.interval ?? DEFAULTS.maxAggregationInterval);
  if (interval !== 60 && interval !== 600) throw new SetupError(`--interval must be 60 or 600 seconds, not '${raw.interval}'`);
  let retentionDays = DEFAULTS.retentionDays;
  if (raw.retentionDays !== undefined) {
    if (raw.retentionDays === "never") retentionDays = undefined;
    else {
      retentionDays = Number(raw.retentionDays);
      if (!RETENTION_DAYS.includes(retentionDays)) throw new SetupError(`--retention-days must be 'never' or one of ${RETENTION_DAYS.join(", ")}, not '${raw.retentionDays}'`);
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
    seedExact: raw.seedExact ?? false,
  };
}
