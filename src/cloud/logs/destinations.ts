/**
 * PutDestination, PutDestinationPolicy, DescribeDestinations, DeleteDestination: cross-account
 * destinations are stored as AWS shows them; subscription filters refuse them while flowwatch runs
 * no Kinesis or Firehose stream behind them (see subscription-filters.ts).
 */
import type {
  DeleteDestinationRequest,
  DescribeDestinationsRequest,
  DescribeDestinationsResponse,
  Destination,
  PutDestinationPolicyRequest,
  PutDestinationRequest,
  PutDestinationResponse,
} from "../validation/logs-types.js";
import type { RequestContext } from "../service.js";
import { destinationArn } from "./arn.js";
import type { LogsContext } from "./context.js";
import { destinationNotFound } from "./errors.js";
import { decodePageToken, page } from "./pagination.js";

/** A destination as stored: AWS's shape with the members PutDestination always sets. */
type StoredDestination = Destination & { destinationName: string; arn: string; creationTime: number };

export function destinationOperations(logs: LogsContext) {
  const { documents, tags } = logs;
  return {
    /** PutDestination: creates or updates; an update keeps the creation time and access policy. */
    putDestination(input: PutDestinationRequest, ctx: RequestContext): PutDestinationResponse {
      const name = input.destinationName;
      const previous = documents.get<StoredDestination>("destination", ctx, name);
      const destination: StoredDestination = {
        destinationName: name,
        targetArn: input.targetArn,
        roleArn: input.roleArn,
        ...(previous?.accessPolicy === undefined ? {} : { accessPolicy: previous.accessPolicy }),
        arn: destinationArn(ctx, name),
        creationTime: previous?.creationTime ?? ctx.clock.now(),
      };
      documents.put("destination", ctx, name, destination);
      if (previous === undefined) tags.tag(destination.arn, input.tags);
      return { destination };
    },

    putDestinationPolicy(input: PutDestinationPolicyRequest, ctx: RequestContext): Record<string, never> {
      const name = input.destinationName;
      const destination = documents.get<Destination>("destination", ctx, name);
      if (destination === undefined) throw destinationNotFound();
      documents.put("destination", ctx, name, { ...destination, accessPolicy: input.accessPolicy });
      return {};
    },

    describeDestinations(input: DescribeDestinationsRequest, ctx: RequestContext): DescribeDestinationsResponse {
      const limit = input.limit ?? 50;
      const after = input.nextToken === undefined ? "" : String(decodePageToken("destinations", input.nextToken)[0]);
      const prefix = input.DestinationNamePrefix ?? "";
      // Few destinations per account: filter the prefix here rather than in SQL.
      const rows = documents.list<Destination>("destination", ctx, after, Number.MAX_SAFE_INTEGER).filter((r) => r.name.startsWith(prefix));
      const { items, nextToken } = page(rows.slice(0, limit + 1), limit, (r) => [r.name], "destinations");
      return { destinations: items.map((r) => r.body), ...(nextToken === undefined ? {} : { nextToken }) };
    },

    deleteDestination(input: DeleteDestinationRequest, ctx: RequestContext): Record<string, never> {
      const name = input.destinationName;
      if (!documents.delete("destination", ctx, name)) throw destinationNotFound();
      tags.drop(destinationArn(ctx, name));
      return {};
    },
  };
}
