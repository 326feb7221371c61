/** PutRetentionPolicy, DeleteRetentionPolicy: reads hide events older than the retention, by the injected clock. */
import type { DeleteRetentionPolicyRequest, PutRetentionPolicyRequest } from "../validation/logs-types.js";
import { AwsError } from "../protocol/aws-error.js";
import type { RequestContext } from "../service.js";
import { validationMessage } from "../validation/validator.js";
import type { LogsContext } from "./context.js";

/** The only values AWS accepts (the Days shape's documentation; the model itself has no enum). */
export const RETENTION_DAYS: readonly number[] = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

export function retentionOperations(logs: LogsContext) {
  const { db, catalog } = logs;
  const set = db.prepare("UPDATE logs_groups SET retention_days = ? WHERE id = ?");
  return {
    putRetentionPolicy(input: PutRetentionPolicyRequest, ctx: RequestContext): Record<string, never> {
      const days = input.retentionInDays;
      if (!RETENTION_DAYS.includes(days)) {
        throw new AwsError(
          "InvalidParameterException",
          validationMessage([{ path: "retentionInDays", value: days, constraint: `Member must satisfy enum value set: [${RETENTION_DAYS.join(", ")}]` }]),
        );
      }
      set.run(days, catalog.group(ctx, input.logGroupName).id);
      return {};
    },

    deleteRetentionPolicy(input: DeleteRetentionPolicyRequest, ctx: RequestContext): Record<string, never> {
      set.run(null, catalog.group(ctx, input.logGroupName).id);
      return {};
    },
  };
}
