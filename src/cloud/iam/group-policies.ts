/** A group's managed and inline policies, under AWS's operation names (the work is in owner-policies.ts). */
import type { RequestContext } from "../service.js";
import type { AttachPolicyRequest, InlinePolicyRequest, ListAttachedRequest, ListInlineRequest, PutInlinePolicyRequest } from "./inputs.js";
import { ownerPolicies } from "./owner-policies.js";
import type { IamState } from "./state.js";

export function groupPolicyOperations(state: IamState) {
  const p = ownerPolicies(state, "group");
  return {
    attachGroupPolicy: (input: AttachPolicyRequest, ctx: RequestContext) => p.attach(input, ctx),
    detachGroupPolicy: (input: AttachPolicyRequest, ctx: RequestContext) => p.detach(input, ctx),
    listAttachedGroupPolicies: (input: ListAttachedRequest, ctx: RequestContext) => p.listAttached(input, ctx),
    putGroupPolicy: (input: PutInlinePolicyRequest, ctx: RequestContext) => p.put(input, ctx),
    getGroupPolicy: (input: InlinePolicyRequest, ctx: RequestContext) => p.get(input, ctx),
    deleteGroupPolicy: (input: InlinePolicyRequest, ctx: RequestContext) => p.remove(input, ctx),
    listGroupPolicies: (input: ListInlineRequest, ctx: RequestContext) => p.list(input, ctx),
  };
}
