/** doctor's log-group link: the group the flow log delivers to exists; without it the links below it are skipped. */
import { type Scope, logGroupArn } from "../../arns.js";
import type { Check } from "../check.js";
import { SETUP_FIX } from "./fixes.js";

export function logGroupLink(exists: boolean, scope: Scope, logGroupName: string): Check[] {
  if (exists) return [{ id: "log-group", title: "log group", status: "ok", detail: logGroupArn(scope, logGroupName) }];
  return [
    { id: "log-group", title: "log group", status: "fail", detail: `${logGroupName} does not exist`, fix: SETUP_FIX },
    ...(
      [
        ["retention", "retention"],
        ["streams", "log streams"],
        ["freshness", "newest record"],
      ] as const
    ).map(([id, title]): Check => ({ id, title, status: "skip", detail: "not checked: no log group" })),
  ];
}
