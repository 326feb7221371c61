import { test } from "node:test";
import assert from "node:assert/strict";
import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { remoteRunner } from "./query-runner.js";
import { CliError } from "../cli-error.js";

/** An endpoint that starts queries and then answers "Running" for ever. */
function neverFinishing(): { client: CloudWatchLogsClient; sent: string[] } {
  const sent: string[] = [];
  const client = {
    send: async (command: { constructor: { name: string } }) => {
      const name = command.constructor.name;
      sent.push(name);
      if (name === "StartQueryCommand") return { queryId: "q-1" };
      if (name === "GetQueryResultsCommand") return { status: "Running", results: [] };
      return {};
    },
  } as unknown as CloudWatchLogsClient;
  return { client, sent };
}

test("a query an endpoint keeps 'Running' ends at the deadline, is stopped and says so", async () => {
  const { client, sent } = neverFinishing();
  const run = remoteRunner(client, ["G"], { startTime: 0, endTime: 1 }, 5, 60);
  await assert.rejects(run("fields @message"), (error: unknown) => {
    assert.ok(error instanceof CliError);
    assert.match(error.message, /q-1 still Running after 0 s \(GetQueryResults\); stopped it/);
    return true;
  });
  assert.equal(sent.at(-1), "StopQueryCommand");
  assert.ok(sent.filter((name) => name === "GetQueryResultsCommand").length >= 1);
});
