/** One line of doctor's checklist: a link of the pipeline, its state, and the fix when it is broken. */
import type { AlarmKey, FilterKey } from "../alarms/preset.js";

/**
 * unknown: doctor could not get an answer (a refused or missing API); never counted as ok.
 * pending: failing now, but probably IAM propagation (recent-iam.ts): neither ok nor broken.
 */
export type CheckStatus = "ok" | "fail" | "warn" | "skip" | "unknown" | "pending";

export type CheckId =
  | "credentials"
  | "vpc"
  | "flow-log"
  | "flow-log-status"
  | "delivery"
  | "role"
  | "trust-principal"
  | "trust-conditions"
  | "permissions"
  | "pass-role"
  | "log-group"
  | "retention"
  | "streams"
  | "freshness"
  // The alarm preset (setup --alarms): one check per metric filter and alarm; alarm-preset says what it leaves out.
  | `filter-${FilterKey}`
  | `alarm-${AlarmKey}`
  | "alarm-preset";

export interface Check {
  id: CheckId;
  title: string;
  status: CheckStatus;
  detail: string;
  /** What to do, for a failure or a warning. */
  fix?: string;
  /** For an alarm of the preset: its state as DescribeAlarms gives it. */
  alarm?: { name: string; state: string; reason: string; since: string | undefined };
}

export interface DoctorReport {
  /** No check failed, none is unknown and none pending: doctor vouches only for what it checked. */
  healthy: boolean;
  /** The ids of the failed checks: the broken links. */
  failed: CheckId[];
  /** The ids of the checks doctor could not answer. */
  unknown: CheckId[];
  /** The ids of the checks failing probably because an IAM change has not propagated yet: run doctor again. */
  pending: CheckId[];
  checks: Check[];
}

const MARK: Record<CheckStatus, string> = { ok: "ok  ", fail: "FAIL", warn: "warn", skip: "skip", unknown: "??  ", pending: "wait" };

export function formatReport(report: DoctorReport): string {
  const lines = report.checks.map((c) => {
    const head = `[${MARK[c.status]}] ${c.title}${c.detail ? `: ${c.detail}` : ""}`;
    return c.fix && c.status !== "ok" && c.status !== "skip" ? `${head}\n         fix: ${c.fix}` : head;
  });
  const verdict: string[] = [];
  if (report.failed.length > 0) verdict.push(`broken: ${report.failed.join(", ")} (flowwatch doctor --fix repairs what setup manages)`);
  if (report.unknown.length > 0) verdict.push(`could not check: ${report.unknown.join(", ")} (not healthy until checked)`);
  if (report.pending.length > 0) verdict.push(`pending: ${report.pending.join(", ")} (probably IAM propagation: run flowwatch doctor again in a minute)`);
  lines.push(report.healthy ? "healthy" : verdict.join("\n"));
  return lines.join("\n");
}
