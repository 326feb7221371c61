/** One line of doctor's checklist: a link of the pipeline, its state, and the fix when it is broken. */
import type { AlarmKey, FilterKey } from "../alarms/preset.js";

export type CheckStatus = "ok" | "fail" | "warn" | "skip";

export type CheckId =
  | "credentials" | "vpc" | "flow-log" | "flow-log-status" | "delivery" | "role" | "trust-principal" | "trust-conditions"
  | "permissions" | "pass-role" | "log-group" | "retention" | "streams" | "freshness"
  // The alarm preset (setup --alarms): one check per metric filter and alarm; alarm-preset says what it leaves out.
  | `filter-${FilterKey}` | `alarm-${AlarmKey}` | "alarm-preset";

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
  healthy: boolean;
  /** The ids of the failed checks: the broken links. */
  failed: CheckId[];
  checks: Check[];
}

const MARK: Record<CheckStatus, string> = { ok: "ok  ", fail: "FAIL", warn: "warn", skip: "skip" };

export function formatReport(report: DoctorReport): string {
  const lines = report.checks.map((c) => {
    const head = `[${MARK[c.status]}] ${c.title}${c.detail ? `: ${c.detail}` : ""}`;
    return c.fix && c.status !== "ok" && c.status !== "skip" ? `${head}\n         fix: ${c.fix}` : head;
  });
  lines.push(report.healthy ? "healthy" : `broken: ${report.failed.join(", ")} (flowwatch doctor --fix repairs what setup manages)`);
  return lines.join("\n");
}
