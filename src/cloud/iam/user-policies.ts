/** A user's managed and inline policies, under AWS's operation names (the work is in owner-policies.ts). */
import type { RequestContext } from "../service.js";
import type {
  AttachUserPolicyRequest,
  DeleteUserPolicyRequest,
  DetachUserPolicyRequest,
  GetUserPolicyRequest,
  GetUserPolicyResponse,
  ListAttachedUserPoliciesRequest,
  ListAttachedUserPoliciesResponse,
  ListUserPoliciesRequest,
  ListUserPoliciesResponse,
  PutUserPolicyRequest,
} from "../validation/iam-types.js";
import { ownerPolicies } from "./owner-policies.js";
import type { IamState } from "./state.js";

export function userPolicyOperations(state: IamState) {
  const p = ownerPolicies(state, "user");
  return {
    attachUserPolicy: (input: AttachUserPolicyRequest, ctx: RequestContext): void => p.attach(input.UserName, input.PolicyArn, ctx),
    detachUserPolicy: (input: DetachUserPolicyRequest, ctx: RequestContext): void => p.detach(input.UserName, input.PolicyArn, ctx),
    listAttachedUserPolicies: (input: ListAttachedUserPoliciesRequest, ctx: RequestContext): ListAttachedUserPoliciesResponse =>
      p.listAttached(input.UserName, input, ctx),
    putUserPolicy: (input: PutUserPolicyRequest, ctx: RequestContext): void => p.put(input.UserName, input, ctx),
    getUserPolicy: (input: GetUserPolicyRequest, ctx: RequestContext): GetUserPolicyResponse => {
      const { owner, ...policy } = p.get(input.UserName, input.PolicyName, ctx);
      return { UserName: owner, ...policy };
    },
    deleteUserPolicy: (input: DeleteUserPolicyRequest, ctx: RequestContext): void => p.remove(input.UserName, input.PolicyName, ctx),
    listUserPolicies: (input: ListUserPoliciesRequest, ctx: RequestContext): ListUserPoliciesResponse => p.list(input.UserName, input, ctx),
  };
}
