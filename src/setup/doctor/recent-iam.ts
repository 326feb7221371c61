/**
 * "Just created" against "broken": a delivery refused while the flow log's role or its policy is minutes
 * old is probably IAM's eventual consistency on AWS, which heals by itself within about a minute.
 */
import { GetPolicyCommand, GetPolicyVersionCommand, GetRoleCommand, type IAMClient, ListAttachedRolePoliciesCommand } from "@aws-sdk/client-iam";
import type { Check } from "./check.js";

/** How young an IAM change must be for a refusal to count as propagation: AWS's own delay is seconds, rarely a minute. */
export const PROPAGATION_WINDOW_MS = 5 * 60_000;

/** The newest change doctor can see; a trust policy's last update is not visible, only the role's creation. */
export interface IamChange {
  what: string;
  at: Date;
}

/**
 * The role's CreateDate and the CreateDate of the default version of each policy attached to it (an
 * inline policy carries no date). Undefined when the caller may not read them: doctor then says what it sees.
 */
export async function newestIamChange(iam: IAMClient, roleName: string): Promise<IamChange | undefined> {
  try {
    const changes: IamChange[] = [];
    const role = (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role;
    if (role?.CreateDate !== undefined) changes.push({ what: `role ${roleName} created`, at: new Date(role.CreateDate) });
    // A role holds at most 20 attached policies: one page.
    const attached = (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }))).AttachedPolicies ?? [];
    for (const p of attached) {
      if (p.PolicyArn === undefined || p.PolicyArn.includes(":iam::aws:policy/")) continue;
      const versionId = (await iam.send(new GetPolicyCommand({ PolicyArn: p.PolicyArn }))).Policy?.DefaultVersionId;
      if (versionId === undefined) continue;
      const version = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: p.PolicyArn, VersionId: versionId }))).PolicyVersion;
      if (version?.CreateDate !== undefined)
        changes.push({ what: `policy ${p.PolicyName ?? p.PolicyArn} version ${versionId} created`, at: new Date(version.CreateDate) });
    }
    return changes.sort((a, b) => b.at.getTime() - a.at.getTime())[0];
  } catch {
    return undefined;
  }
}

/**
 * The delivery check turned "pending" when its failure is an access error no other link explains and
 * `change` is within the window before `now`; otherwise the check as it was.
 */
export function asPropagation(delivery: Check, change: IamChange | undefined, now: number, windowMs = PROPAGATION_WINDOW_MS): Check {
  if (delivery.status !== "fail" || change === undefined) return delivery;
  const ageMs = now - change.at.getTime();
  // A clock ahead of AWS's by a little still reads as "just now"; a date far in the future is no evidence.
  if (ageMs > windowMs || ageMs < -60_000) return delivery;
  const seconds = Math.max(0, Math.round(ageMs / 1000));
  const { fix: _, ...rest } = delivery;
  return {
    ...rest,
    status: "pending",
    detail: `${delivery.detail}; probably IAM propagation: ${change.what} ${seconds} s ago; run doctor again in a minute`,
  };
}
