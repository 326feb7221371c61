/** PutResourcePolicy, DescribeResourcePolicies, DeleteResourcePolicy: account-scoped policies, at most 10 per account and region. */
import type {
  DeleteResourcePolicyRequest,
  DescribeResourcePoliciesRequest,
  DescribeResourcePoliciesResponse,
  PutResourcePolicyRequest,
  PutResourcePolicyResponse,
  ResourcePolicy,
} from "../validation/logs-types.js";
import type { RequestContext } from "../service.js";
import type { LogsContext } from "./context.js";
import { invalidPolicyDocument, limitExceeded, missingPolicyName, policyNotFound, resourceScopedPolicy } from "./errors.js";
import { decodePageToken, page } from "./pagination.js";

/** AWS's quota of resource policies per account per Region. */
export const MAX_RESOURCE_POLICIES = 10;

export function resourcePolicyOperations(logs: LogsContext) {
  const { documents } = logs;
  return {
    /** PutResourcePolicy: creates or replaces by name; the eleventh new name is LimitExceededException (recorded). */
    putResourcePolicy(input: PutResourcePolicyRequest, ctx: RequestContext): PutResourcePolicyResponse {
      if (input.resourceArn !== undefined) throw resourceScopedPolicy();
      const name = input.policyName;
      if (name === undefined || name === "") throw missingPolicyName();
      // Optional in the model, but an absent document is as invalid as a malformed one.
      const document = input.policyDocument ?? "";
      try {
        JSON.parse(document);
      } catch {
        throw invalidPolicyDocument();
      }
      const exists = documents.get("resource-policy", ctx, name) !== undefined;
      if (!exists && documents.count("resource-policy", ctx) >= MAX_RESOURCE_POLICIES) throw limitExceeded();
      const policy: ResourcePolicy = {
        policyName: name,
        policyDocument: document,
        lastUpdatedTime: ctx.clock.now(),
        policyScope: "ACCOUNT",
      };
      documents.put("resource-policy", ctx, name, policy);
      return { resourcePolicy: policy };
    },

    describeResourcePolicies(input: DescribeResourcePoliciesRequest, ctx: RequestContext): DescribeResourcePoliciesResponse {
      if (input.resourceArn !== undefined) throw resourceScopedPolicy();
      const limit = input.limit ?? 50;
      const after = input.nextToken === undefined ? "" : String(decodePageToken("resource-policies", input.nextToken)[0]);
      const rows = input.policyScope === "RESOURCE" ? [] : documents.list<ResourcePolicy>("resource-policy", ctx, after, limit + 1);
      const { items, nextToken } = page(rows, limit, (r) => [r.name], "resource-policies");
      return { resourcePolicies: items.map((r) => r.body), ...(nextToken === undefined ? {} : { nextToken }) };
    },

    deleteResourcePolicy(input: DeleteResourcePolicyRequest, ctx: RequestContext): Record<string, never> {
      if (input.resourceArn !== undefined) throw resourceScopedPolicy();
      const name = input.policyName ?? "";
      if (!documents.delete("resource-policy", ctx, name)) throw policyNotFound(name);
      return {};
    },
  };
}
