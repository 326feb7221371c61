/** A group's managed and inline policies, under AWS's operation names (the work is in owner-policies.ts). */
import type { RequestContext } from "../service.js";
import type {
  AttachGroupPolicyRequest,
  DeleteGroupPolicyRequest,
  DetachGroupPolicyRequest,
  GetGroupPolicyRequest,
  GetGroupPolicyResponse,
  ListAttachedGroupPoliciesRequest,
  ListAttachedGroupPoliciesResponse,
  ListGroupPoliciesRequest,
  ListGroupPoliciesResponse,
  PutGroupPolicyRequest,
} from "../validation/iam-types.js";
import { ownerPolicies } from "./owner-policies.js";
import type { IamState } from "./state.js";

export function groupPolicyOperations(state: IamState) {
  const p = ownerPolicies(state, "group");
  return {
    attachGroupPolicy: (input: AttachGroupPolicyRequest, ctx: RequestContext): void => p.attach(input.GroupName, input.PolicyArn, ctx),
    detachGroupPolicy: (input: DetachGroupPolicyRequest, ctx: RequestContext): void => p.detach(input.GroupName, input.PolicyArn, ctx),
    listAttachedGroupPolicies: (input: ListAttachedGroupPoliciesRequest, ctx: RequestContext): ListAttachedGroupPoliciesResponse =>
      p.listAttached(input.GroupName, input, ctx),
    putGroupPolicy: (input: PutGroupPolicyRequest, ctx: RequestContext): void => p.put(input.GroupName, input, ctx),
    getGroupPolicy: (input: GetGroupPolicyRequest, ctx: RequestContext): GetGroupPolicyResponse => {
      const { owner, ...policy } = p.get(input.GroupName, input.PolicyName, ctx);
      return { GroupName: owner, ...policy };
    },
    deleteGroupPolicy: (input: DeleteGroupPolicyRequest, ctx: RequestContext): void => p.remove(input.GroupName, input.PolicyName, ctx),
    listGroupPolicies: (input: ListGroupPoliciesRequest, ctx: RequestContext): ListGroupPoliciesResponse => p.list(input.GroupName, input, ctx),
  };
}
