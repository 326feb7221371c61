/** doctor's trust links: the role's trust policy lets the flow logs service assume it, under conditions that admit this flow log. */
import { type Scope, flowLogArn } from "../../arns.js";
import type { Check } from "../check.js";
import { readTrust } from "../trust.js";
import { SETUP_FIX } from "./fixes.js";

/** `flowLogId`: the flow log feeding the group, or none yet (a placeholder id stands for the one setup will create). */
export function trustLinks(trust: unknown, roleArn: string, scope: Scope, flowLogId: string | undefined): Check[] {
  const sourceArn = flowLogArn(scope, flowLogId ?? "fl-00000000000000000");
  const verdict = readTrust(trust, { "aws:SourceAccount": scope.account, "aws:SourceArn": sourceArn }, roleArn);
  const checks: Check[] = [];
  if (verdict.principal === undefined)
    checks.push({ id: "trust-principal", title: "trust policy principal", status: "unknown", detail: `could not check: ${verdict.why}` });
  else
    checks.push({
      id: "trust-principal",
      title: "trust policy principal",
      status: verdict.principal ? "ok" : "fail",
      detail: verdict.principal ? "vpc-flow-logs.amazonaws.com may assume the role (evaluated by flowwatch)" : verdict.why,
      ...(verdict.principal ? {} : { fix: `${SETUP_FIX}: the trust policy must allow vpc-flow-logs.amazonaws.com sts:AssumeRole` }),
    });
  if (!verdict.principal) {
    checks.push({
      id: "trust-conditions",
      title: "trust policy conditions",
      status: "skip",
      detail: `not checked: ${verdict.principal === undefined ? "the trust policy could not be read" : "the principal is missing"}`,
    });
  } else {
    const status = verdict.conditions === true ? "ok" : verdict.conditions === false ? "fail" : "warn";
    checks.push({
      id: "trust-conditions",
      title: "trust policy conditions",
      status,
      detail: verdict.why,
      ...(status === "ok" ? {} : { fix: `${SETUP_FIX}: aws:SourceAccount ${scope.account} and aws:SourceArn ${flowLogArn(scope, "*")}` }),
    });
  }
  return checks;
}
