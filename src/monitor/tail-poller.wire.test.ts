/** TailPoller against a LocalCloud: every event exactly once across polls, whatever the timing. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { useLocalCloud } from "../../test/support/local-cloud.js";
import { TailPoller } from "./tail-poller.js";

const env = useLocalCloud({ gatewayPorts: [] });
const base = Date.now() - 60_000;

describe("TailPoller", () => {
  let logs: CloudWatchLogsClient;
  let n = 0;
  const put = async (group: string, stream: string, timestamps: number[]) => {
    const logEvents = timestamps.map((t) => ({ timestamp: t, message: `event ${n++} ${stream}` }));
    await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents }));
    return logEvents.map((e) => e.message);
  };
  const group = async (name: string, streams: string[]) => {
    logs ??= new CloudWatchLogsClient(env.clientConfig());
    await logs.send(new CreateLogGroupCommand({ logGroupName: name }));
    for (const s of streams) await logs.send(new CreateLogStreamCommand({ logGroupName: name, logStreamName: s }));
  };

  test("events put between polls: equal timestamps, several streams, late events with older timestamps", async () => {
    await group("g1", ["eni-a-all", "eni-b-all", "eni-c-all"]);
    const poller = new TailPoller(logs, { logGroupName: "g1", startTime: base - 1000, pageLimit: 3 });
    const expected: string[] = [];
    expected.push(...(await put("g1", "eni-a-all", [base, base, base + 1])));
    expected.push(...(await put("g1", "eni-b-all", [base, base])));
    const first = await poller.poll();
    assert.deepEqual(first.map((e) => e.message).sort(), [...expected].sort());
    assert.deepEqual(await poller.poll(), [], "nothing new, nothing shown");
    // Late delivery: timestamps older than what was already shown, equal to shown ones, in a new stream.
    const late = [...(await put("g1", "eni-a-all", [base, base + 1])), ...(await put("g1", "eni-c-all", [base - 500, base, base]))];
    const second = await poller.poll();
    assert.deepEqual(second.map((e) => e.message).sort(), [...late].sort());
    assert.deepEqual(
      second.map((e) => e.timestamp),
      [...second.map((e) => e.timestamp)].sort((a, b) => a - b),
      "oldest first",
    );
  });

  test("events put while a poll is paging are shown by the next poll, once", async () => {
    await group("g2", ["eni-a-all", "eni-b-all"]);
    const expected = [...(await put("g2", "eni-a-all", [base, base + 1, base + 2, base + 3, base + 4])), ...(await put("g2", "eni-b-all", [base, base + 2]))];
    let pages = 0;
    const during: string[] = [];
    // A client whose every page request first puts more events, some behind the page being read.
    const racing = {
      send: async (command: unknown) => {
        pages++;
        if (pages <= 4) during.push(...(await put("g2", pages % 2 ? "eni-a-all" : "eni-b-all", [base + pages - 1, base + 10 + pages])));
        return logs.send(command as never);
      },
    } as unknown as CloudWatchLogsClient;
    const poller = new TailPoller(racing, { logGroupName: "g2", startTime: base - 1000, pageLimit: 2 });
    const shown: string[] = [];
    for (let i = 0; i < 4; i++) shown.push(...(await poller.poll()).map((e) => e.message));
    assert.equal(new Set(shown).size, shown.length, "no event twice");
    assert.deepEqual([...shown].sort(), [...expected, ...during].sort(), "no event missed");
  });

  test("a random interleaving of puts and polls shows each event exactly once", async () => {
    const streams = ["eni-1-all", "eni-2-all", "eni-3-all", "eni-4-all"];
    await group("g3", streams);
    const poller = new TailPoller(logs, { logGroupName: "g3", startTime: base - 10_000, pageLimit: 7 });
    const all: string[] = [];
    const shown: string[] = [];
    let seed = 42;
    const rand = (k: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % k;
    for (let round = 0; round < 25; round++) {
      const puts = rand(4);
      for (let p = 0; p < puts; p++) {
        const stream = streams[rand(streams.length)] as string;
        const timestamps = Array.from({ length: 1 + rand(6) }, () => base - rand(5) * 1000).sort((a, b) => a - b);
        all.push(...(await put("g3", stream, timestamps)));
      }
      shown.push(...(await poller.poll()).map((e) => e.message));
    }
    shown.push(...(await poller.poll()).map((e) => e.message));
    assert.equal(new Set(shown).size, shown.length, "no event twice");
    assert.deepEqual([...shown].sort(), [...all].sort(), "no event missed");
  });

  test("a stream prefix and a filter pattern narrow what is followed", async () => {
    await group("g4", ["eni-x-all", "eni-y-all"]);
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: "g4",
        logStreamName: "eni-x-all",
        logEvents: [
          { timestamp: base, message: "a ACCEPT" },
          { timestamp: base, message: "b REJECT" },
        ],
      }),
    );
    await logs.send(new PutLogEventsCommand({ logGroupName: "g4", logStreamName: "eni-y-all", logEvents: [{ timestamp: base, message: "c REJECT" }] }));
    const poller = new TailPoller(logs, { logGroupName: "g4", startTime: base - 1000, logStreamNamePrefix: "eni-x", filterPattern: "REJECT" });
    assert.deepEqual(
      (await poller.poll()).map((e) => e.message),
      ["b REJECT"],
    );
  });
});
