/** doctor's role link: the role the flow log delivers through exists; a caller refused GetRole learns nothing (unknown, not broken). */
import type { Discovered } from "../../discover.js";
import type { Check } from "../check.js";
import { SETUP_FIX } from "./fixes.js";

/** The links that read the role: without a role they are skipped, with an unreadable one unknown. */
const ROLE_DEPENDENTS = [
  ["trust-principal", "trust policy principal"],
  ["trust-conditions", "trust policy conditions"],
  ["permissions", "role permissions"],
] as const;

/** `unreadable`: the refusal's name and message when GetRole or ListAttachedRolePolicies was refused. */
export function roleLink(role: Discovered["role"], roleArn: string, unreadable: string | undefined): Check[] {
  if (unreadable !== undefined) {
    return [
      {
        id: "role",
        title: "role",
        status: "unknown",
        detail: `could not check: GetRole or ListAttachedRolePolicies refused to the caller (${unreadable})`,
        fix: "allow the caller iam:GetRole and iam:ListAttachedRolePolicies on the role",
      },
      ...ROLE_DEPENDENTS.map(([id, title]): Check => ({ id, title, status: "unknown", detail: "could not check: the role could not be read" })),
    ];
  }
  if (role === undefined) {
    return [
      { id: "role", title: "role", status: "fail", detail: `${roleArn} does not exist`, fix: SETUP_FIX },
      ...ROLE_DEPENDENTS.map(([id, title]): Check => ({ id, title, status: "skip", detail: "not checked: no role" })),
    ];
  }
  return [{ id: "role", title: "role", status: "ok", detail: role.arn }];
}
