/** An explanation as lines for a terminal: the verdict and deciding rule first, then the path, the changes, what the API cannot show. */
import { connectionText, type Explanation, type Outcome } from "./explain.js";

const MARK: Record<Outcome, string> = { allow: "ok  ", deny: "DROP", "no-route": "DROP", unknown: "?   ", "not-visible": "    ", "not-crossed": "-   " };

export function explanationLines(e: Explanation, context?: string): string[] {
  const lines = [`${connectionText(e.connection)}${context ? ` (${context})` : ""}`, `${e.verdict}: ${e.headline}`];
  for (const leg of ["request", "reply"] as const) {
    lines.push("", leg === "request" ? "request:" : "reply:");
    for (const s of e.steps.filter((x) => x.leg === leg)) lines.push(`  ${MARK[s.outcome]} ${s.where.padEnd(8)} ${s.text}`);
  }
  if (e.recordNote) lines.push("", `record: ${e.recordNote}`);
  if (e.changes.length > 0) {
    lines.push(
      "",
      e.changes.length === 1 ? "smallest change that lets it through (not made):" : "smallest changes that let it through, all of them (not made):",
    );
    for (const c of e.changes) {
      lines.push(`  ${c.text}`);
      if (c.command) lines.push(`    ${c.command}`);
    }
  }
  if (e.notVisible.length > 0) {
    lines.push("", "not visible to the EC2 API:");
    for (const n of e.notVisible) lines.push(`  - ${n}`);
  }
  return lines;
}
