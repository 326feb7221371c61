/**
 * The smallest change to a found document that lets delivery work: flowwatch's statement added, the
 * user's other statements kept. Used for a trust policy without the flow logs service (the tutorial's
 * step 3) and, by doctor --fix, for a failed trust or permissions link.
 */
import { FLOW_LOGS_SERVICE } from "./documents.js";

interface Document {
  Version?: string;
  Statement?: unknown;
}

const statementsOf = (document: unknown): unknown[] => {
  const s = (document as Document | undefined)?.Statement;
  return Array.isArray(s) ? s : s === undefined ? [] : [s];
};

/** A statement about the flow logs service as principal: the one a broken trust policy gets wrong. */
function namesFlowLogsService(statement: unknown): boolean {
  const principal = (statement as { Principal?: unknown }).Principal;
  if (principal === null || typeof principal !== "object") return false;
  const service = (principal as { Service?: unknown }).Service;
  return (Array.isArray(service) ? service : [service]).includes(FLOW_LOGS_SERVICE);
}

/**
 * The found trust policy with flowwatch's statement for the flow logs service in place of any statement
 * naming that service (an Allow whose conditions exclude this account's flow logs, or a Deny); every
 * other statement (another service, another account) is kept as it is.
 */
export function withFlowLogsTrust(found: unknown, ours: object): object {
  const kept = statementsOf(found).filter((s) => !namesFlowLogsService(s));
  return { Version: (found as Document | undefined)?.Version ?? "2012-10-17", Statement: [...kept, ...statementsOf(ours)] };
}

/** The found permissions policy with flowwatch's statements added after the user's, unless already there. */
export function withDeliveryPermissions(found: unknown, ours: object): object {
  const existing = statementsOf(found);
  const text = new Set(existing.map((s) => JSON.stringify(s)));
  const added = statementsOf(ours).filter((s) => !text.has(JSON.stringify(s)));
  return { Version: (found as Document | undefined)?.Version ?? "2012-10-17", Statement: [...existing, ...added] };
}
