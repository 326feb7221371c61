/** doctor's retention link: a group that never expires is a warning (storage grows without bound), not a failure. */
import type { Check } from "../check.js";
import { SETUP_FIX } from "./fixes.js";

export function retentionLink(retentionDays: number | undefined): Check {
  const ok = retentionDays !== undefined;
  return {
    id: "retention",
    title: "retention",
    status: ok ? "ok" : "warn",
    detail: ok ? `${retentionDays} days` : "never expires: storage grows without bound",
    ...(ok ? {} : { fix: `${SETUP_FIX} --retention-days 30` }),
  };
}
