/**
 * The dashboard's Pipeline page: `flowwatch doctor`'s checks (src/setup/doctor/) mapped onto the tutorial's
 * six links, green, red or unknown with the fix for each red one, and doctor's full checklist beside them.
 */
import type { Check, CheckId } from "../setup/doctor/check.js";
import { runChecks } from "../setup/doctor/checks.js";
import { DEFAULTS } from "../setup/config.js";
import type { AwsClients } from "./aws-clients.js";

export type LinkState = "ok" | "broken" | "unknown";

export interface PipelineLink {
  step: number;
  name: string;
  state: LinkState;
  detail: string;
  fix?: string;
  /** Doctor's checks this link was read from. */
  checks: CheckId[];
}

export interface PipelineStatus {
  logGroup: string;
  source: string;
  healthy: boolean;
  links: PipelineLink[];
  /** Doctor's checklist in its own order, including what no link shows (credentials, VPC, iam:PassRole). */
  checks: Check[];
}

/**
 * Each link's checks: the first decides, the rest only add their detail. A warning on an advisory check
 * (trust conditions, retention, streams) leaves the link green; on a deciding check it makes it unknown.
 */
const LINKS: Array<{ step: number; name: string; checks: CheckId[] }> = [
  { step: 1, name: "IAM policy: the role may create log streams and put log events in the group", checks: ["permissions"] },
  { step: 2, name: "IAM role for the flow log", checks: ["role"] },
  { step: 3, name: "trust policy: vpc-flow-logs.amazonaws.com may assume the role", checks: ["trust-principal", "trust-conditions"] },
  { step: 4, name: "log group", checks: ["log-group", "retention"] },
  { step: 5, name: "flow log delivering to the group", checks: ["flow-log", "flow-log-status", "delivery"] },
  { step: 6, name: "records arriving in <eni>-all streams", checks: ["freshness", "streams"] },
];

const ADVISORY = new Set<CheckId>(["trust-conditions", "retention", "streams"]);

export async function pipelineStatus(clients: AwsClients, logGroup: string, now = Date.now()): Promise<PipelineStatus> {
  // The group is given; the VPC is that of the flow log feeding it (doctor's own resolution, setup/doctor/target.ts).
  const report = await runChecks(clients, { ...DEFAULTS, logGroupName: logGroup }, now, { logGroup: true, vpc: false });
  const byId = new Map(report.checks.map((c) => [c.id, c]));
  const links = LINKS.map(({ step, name, checks }) =>
    link(
      step,
      step === 4 ? `log group ${logGroup}` : name,
      checks.map((id) => byId.get(id)).filter((c): c is Check => c !== undefined),
      checks,
    ),
  );
  // A failed delivery is a symptom: doctor names its cause (a warning on the delivery check); records stop with it.
  const delivery = byId.get("delivery");
  const records = links[5] as PipelineLink;
  if ((delivery?.status === "fail" || delivery?.status === "warn" || delivery?.status === "pending") && records.state === "ok") {
    records.state = "unknown";
    records.detail += "; the last delivery failed, so newer records are not arriving";
  }
  // "healthy" only as doctor means it: nothing failed, nothing unknown, nothing pending.
  const verdict = report.healthy
    ? "healthy"
    : [
        ...(report.failed.length > 0 ? [`broken: ${report.failed.join(", ")}`] : []),
        ...(report.unknown.length > 0 ? [`could not check: ${report.unknown.join(", ")}`] : []),
        ...(report.pending.length > 0 ? [`pending: ${report.pending.join(", ")}`] : []),
      ].join("; ");
  return { logGroup, source: `flowwatch doctor's checks (${report.checks.length}; ${verdict})`, healthy: report.healthy, links, checks: report.checks };
}

function link(step: number, name: string, checks: Check[], ids: CheckId[]): PipelineLink {
  const [decider] = checks;
  const detail = checks
    .filter((c) => c.status !== "skip" || c === decider)
    .map((c) => `${c.title}: ${c.detail}`)
    .join(" · ");
  const failing = checks.find((c) => c.status === "fail" || (c.id === "delivery" && c.status === "warn"));
  if (failing !== undefined) return { step, name, state: "broken", detail, fix: failing.fix ?? "see doctor's checklist below", checks: ids };
  const unsure = checks.find((c) =>
    c === decider ? c.status !== "ok" : c.status === "unknown" || c.status === "pending" || (c.status === "warn" && !ADVISORY.has(c.id)),
  );
  return { step, name, state: decider === undefined || unsure !== undefined ? "unknown" : "ok", detail, checks: ids };
}
