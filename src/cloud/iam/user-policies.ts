/** A user's managed and inline policies, under AWS's operation names (the work is in owner-policies.ts). */
import type { RequestContext } from "../service.js";
import type { AttachPolicyRequest, InlinePolicyRequest, ListAttachedRequest, ListInlineRequest, PutInlinePolicyRequest } from "./inputs.js";
import { ownerPolicies } from "./owner-policies.js";
import type { IamState } from "./state.js";

export function userPolicyOperations(state: IamState) {
  const p = ownerPolicies(state, "user");
  return {
    attachUserPolicy: (input: AttachPolicyRequest, ctx: RequestContext) => p.attach(input, ctx),
    detachUserPolicy: (input: AttachPolicyRequest, ctx: RequestContext) => p.detach(input, ctx),
    listAttachedUserPolicies: (input: ListAttachedRequest, ctx: RequestContext) => p.listAttached(input, ctx),
    putUserPolicy: (input: PutInlinePolicyRequest, ctx: RequestContext) => p.put(input, ctx),
    getUserPolicy: (input: InlinePolicyRequest, ctx: RequestContext) => p.get(input, ctx),
    deleteUserPolicy: (input: InlinePolicyRequest, ctx: RequestContext) => p.remove(input, ctx),
    listUserPolicies: (input: ListInlineRequest, ctx: RequestContext) => p.list(input, ctx),
  };
}
