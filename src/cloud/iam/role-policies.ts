/** A role's managed and inline policies, under AWS's operation names (the work is in owner-policies.ts). */
import type { RequestContext } from "../service.js";
import type { AttachPolicyRequest, InlinePolicyRequest, ListAttachedRequest, ListInlineRequest, PutInlinePolicyRequest } from "./inputs.js";
import { ownerPolicies } from "./owner-policies.js";
import type { IamState } from "./state.js";

export function rolePolicyOperations(state: IamState) {
  const p = ownerPolicies(state, "role");
  return {
    /** AttachRolePolicy: the tutorial's step 2. Attaching an attached policy again changes nothing, as on AWS. */
    attachRolePolicy: (input: AttachPolicyRequest, ctx: RequestContext) => p.attach(input, ctx),
    detachRolePolicy: (input: AttachPolicyRequest, ctx: RequestContext) => p.detach(input, ctx),
    listAttachedRolePolicies: (input: ListAttachedRequest, ctx: RequestContext) => p.listAttached(input, ctx),
    putRolePolicy: (input: PutInlinePolicyRequest, ctx: RequestContext) => p.put(input, ctx),
    getRolePolicy: (input: InlinePolicyRequest, ctx: RequestContext) => p.get(input, ctx),
    deleteRolePolicy: (input: InlinePolicyRequest, ctx: RequestContext) => p.remove(input, ctx),
    listRolePolicies: (input: ListInlineRequest, ctx: RequestContext) => p.list(input, ctx),
  };
}
