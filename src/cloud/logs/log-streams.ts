/** CreateLogStream, DeleteLogStream, DescribeLogStreams. */
import type {
  CreateLogStreamRequest,
  DeleteLogStreamRequest,
  DescribeLogStreamsRequest,
  DescribeLogStreamsResponse,
  LogStream,
} from "../validation/logs-types.js";
import type { RequestContext } from "../service.js";
import { logStreamArn } from "./arn.js";
import type { GroupRow, StreamRow } from "./catalog.js";
import type { LogsContext } from "./context.js";
import { logStreamExists, orderByWithPrefix } from "./errors.js";
import { decodePageToken, page } from "./pagination.js";

export function logStreamOperations(logs: LogsContext) {
  const { db, catalog } = logs;
  const insert = db.prepare("INSERT INTO logs_streams (group_id, name, creation_time) VALUES (?, ?, ?)");
  const remove = db.prepare("DELETE FROM logs_streams WHERE id = ?");

  return {
    /** CreateLogStream: the group must exist; a stream name is unique within its group. */
    createLogStream(input: CreateLogStreamRequest, ctx: RequestContext): Record<string, never> {
      const group = catalog.group(ctx, input.logGroupName);
      if (catalog.findStream(group, input.logStreamName) !== undefined) throw logStreamExists();
      insert.run(group.id, input.logStreamName, ctx.clock.now());
      return {};
    },

    /** DeleteLogStream: its events go with it. */
    deleteLogStream(input: DeleteLogStreamRequest, ctx: RequestContext): Record<string, never> {
      const group = catalog.group(ctx, input.logGroupName);
      const stream = catalog.stream(group, input.logStreamName);
      db.transaction(() => {
        remove.run(stream.id);
        db.prepare("UPDATE logs_groups SET stored_bytes = max(0, stored_bytes - ?) WHERE id = ?").run(stream.stored_bytes, group.id);
      })();
      logs.events.clearCache();
      return {};
    },

    /**
     * DescribeLogStreams: by name (default) or by last event time, either way ascending unless
     * `descending`; AWS refuses a name prefix with LastEventTime ordering.
     */
    describeLogStreams(input: DescribeLogStreamsRequest, ctx: RequestContext): DescribeLogStreamsResponse {
      const group = catalog.groupByNameOrIdentifier(ctx, input);
      const byTime = input.orderBy === "LastEventTime";
      if (byTime && input.logStreamNamePrefix !== undefined) throw orderByWithPrefix();
      const limit = input.limit ?? 50;
      const desc = input.descending === true;
      const cmp = desc ? "<" : ">";
      const dir = desc ? "DESC" : "ASC";
      const where = ["group_id = ?"];
      const args: (string | number)[] = [group.id];
      const kind = byTime ? "streams-by-time" : "streams";
      if (input.nextToken !== undefined) {
        const key = decodePageToken(kind, input.nextToken);
        if (byTime) {
          where.push(`(coalesce(last_event, -1), name) ${cmp} (?, ?)`);
          args.push(Number(key[0]), String(key[1]));
        } else {
          where.push(`name ${cmp} ?`);
          args.push(String(key[0]));
        }
      }
      if (input.logStreamNamePrefix !== undefined) {
        where.push("substr(name, 1, ?) = ?");
        args.push(input.logStreamNamePrefix.length, input.logStreamNamePrefix);
      }
      const order = byTime ? `coalesce(last_event, -1) ${dir}, name ${dir}` : `name ${dir}`;
      const rows = db
        .prepare<(string | number)[], StreamRow>(`SELECT * FROM logs_streams WHERE ${where.join(" AND ")} ORDER BY ${order} LIMIT ?`)
        .all(...args, limit + 1);
      const { items, nextToken } = page(rows, limit, (r) => (byTime ? [r.last_event ?? -1, r.name] : [r.name]), kind);
      return { logStreams: items.map((s) => describeStream(s, group, ctx)), ...(nextToken === undefined ? {} : { nextToken }) };
    },
  };
}

/** A LogStream as AWS writes it: storedBytes is always 0 there since 2019 (see README). */
function describeStream(s: StreamRow, group: GroupRow, ctx: RequestContext): LogStream {
  return {
    logStreamName: s.name,
    creationTime: s.creation_time,
    ...(s.first_event === null ? {} : { firstEventTimestamp: s.first_event }),
    ...(s.last_event === null ? {} : { lastEventTimestamp: s.last_event }),
    ...(s.last_ingestion === null ? {} : { lastIngestionTime: s.last_ingestion }),
    ...(s.sequence === 0 ? {} : { uploadSequenceToken: sequenceToken(s.id, s.sequence) }),
    arn: logStreamArn(ctx, group.name, s.name),
    storedBytes: 0,
  };
}

/** A 56-digit sequence token like AWS's; PutLogEvents ignores any token it is sent. */
export function sequenceToken(streamId: number, sequence: number): string {
  return String(streamId).padStart(16, "0") + String(sequence).padStart(40, "0");
}
