/** A role's managed and inline policies, under AWS's operation names (the work is in owner-policies.ts). */
import type { RequestContext } from "../service.js";
import type {
  AttachRolePolicyRequest,
  DeleteRolePolicyRequest,
  DetachRolePolicyRequest,
  GetRolePolicyRequest,
  GetRolePolicyResponse,
  ListAttachedRolePoliciesRequest,
  ListAttachedRolePoliciesResponse,
  ListRolePoliciesRequest,
  ListRolePoliciesResponse,
  PutRolePolicyRequest,
} from "../validation/iam-types.js";
import { ownerPolicies } from "./owner-policies.js";
import type { IamState } from "./state.js";

export function rolePolicyOperations(state: IamState) {
  const p = ownerPolicies(state, "role");
  return {
    /** AttachRolePolicy: the tutorial's step 2. Attaching an attached policy again changes nothing, as on AWS. */
    attachRolePolicy: (input: AttachRolePolicyRequest, ctx: RequestContext): void => p.attach(input.RoleName, input.PolicyArn, ctx),
    detachRolePolicy: (input: DetachRolePolicyRequest, ctx: RequestContext): void => p.detach(input.RoleName, input.PolicyArn, ctx),
    listAttachedRolePolicies: (input: ListAttachedRolePoliciesRequest, ctx: RequestContext): ListAttachedRolePoliciesResponse =>
      p.listAttached(input.RoleName, input, ctx),
    putRolePolicy: (input: PutRolePolicyRequest, ctx: RequestContext): void => p.put(input.RoleName, input, ctx),
    getRolePolicy: (input: GetRolePolicyRequest, ctx: RequestContext): GetRolePolicyResponse => {
      const { owner, ...policy } = p.get(input.RoleName, input.PolicyName, ctx);
      return { RoleName: owner, ...policy };
    },
    deleteRolePolicy: (input: DeleteRolePolicyRequest, ctx: RequestContext): void => p.remove(input.RoleName, input.PolicyName, ctx),
    listRolePolicies: (input: ListRolePoliciesRequest, ctx: RequestContext): ListRolePoliciesResponse => p.list(input.RoleName, input, ctx),
  };
}
