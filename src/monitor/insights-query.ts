/** A Logs Insights query through the API: StartQuery, then GetQueryResults until the status is final. */
import { type CloudWatchLogsClient, GetQueryResultsCommand, StartQueryCommand } from "@aws-sdk/client-cloudwatch-logs";

export type Row = Record<string, string>;

export interface QueryAnswer {
  rows: Row[];
  fields: string[];
  statistics: { recordsMatched?: number; recordsScanned?: number; bytesScanned?: number };
}

export async function runInsightsQuery(
  logs: CloudWatchLogsClient,
  logGroupNames: string[],
  queryString: string,
  startTime: number,
  endTime: number,
  timeoutMs = 60_000,
): Promise<QueryAnswer> {
  const { queryId } = await logs.send(new StartQueryCommand({ logGroupNames, queryString, startTime, endTime }));
  const deadline = Date.now() + timeoutMs;
  let delay = 50;
  for (;;) {
    const out = await logs.send(new GetQueryResultsCommand({ queryId }));
    if (out.status === "Complete") {
      const fields: string[] = [];
      const rows = (out.results ?? []).map((r) => {
        const row: Row = {};
        for (const f of r) {
          if (f.field === undefined || f.field === "@ptr") continue;
          if (!fields.includes(f.field)) fields.push(f.field);
          row[f.field] = f.value ?? "";
        }
        return row;
      });
      return { rows, fields, statistics: out.statistics ?? {} };
    }
    if (out.status !== "Scheduled" && out.status !== "Running") throw new Error(`query ${queryId} ended ${out.status}`);
    if (Date.now() > deadline) throw new Error(`query ${queryId} still ${out.status} after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(500, delay * 2);
  }
}
