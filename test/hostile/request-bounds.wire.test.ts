/**
 * Attacks on the request pipeline's memory and time: bodies declared too large, many slow
 * connections with huge bodies, a stalled upload, and a 13 MB invalid request whose error must stay small.
 */
import assert from "node:assert/strict";
import { connect, type Socket } from "node:net";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, test } from "node:test";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { DescribeVpcsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { useLocalCloud } from "../support/local-cloud.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const MiB = 1024 * 1024;

interface RawClient {
  socket: Socket;
  /** Everything the server sent so far. */
  received(): string;
  closed: Promise<void>;
}

/** A hand-written HTTP/1.1 request: the headers now, the body as the caller writes it. */
function rawRequest(endpoint: string, headers: Record<string, string>): RawClient {
  const url = new URL(endpoint);
  const socket = connect(Number(url.port), url.hostname);
  let data = "";
  socket.on("data", (chunk: Buffer) => {
    data += chunk.toString("latin1");
  });
  socket.on("error", () => undefined);
  const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
  const lines = [`POST / HTTP/1.1`, `Host: ${url.host}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  socket.write(`${lines.join("\r\n")}\r\n\r\n`);
  return { socket, received: () => data, closed };
}

const statusOf = (response: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0);

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return condition();
}

const putLogEvents = { "content-type": "application/x-amz-json-1.1", "x-amz-target": "Logs_20140328.PutLogEvents" };

for (const auth of ["strict", "relaxed"] as const) {
  describe(`request bounds, --auth ${auth}`, () => {
    const env = useLocalCloud({ auth, rootSecret: "request-bounds-root-secret" });

    test("a declared Content-Length above 16 MiB is refused at once, before any of the body is sent", async () => {
      const client = rawRequest(env.endpoint, { ...putLogEvents, "content-length": String(17 * MiB) });
      try {
        assert.ok(await until(() => statusOf(client.received()) !== 0, 1000), "no answer within a second");
        assert.equal(statusOf(client.received()), 413);
        assert.match(client.received(), /RequestEntityTooLarge/);
      } finally {
        client.socket.destroy();
      }
    });

    test("a large body with headers that cannot pass authentication is refused before it is sent", {
      skip: auth === "relaxed" && "relaxed mode takes unknown keys as roots",
    }, async () => {
      const amzDate = new Date()
        .toISOString()
        .replace(/\.\d{3}/, "")
        .replace(/[-:]/g, "");
      const client = rawRequest(env.endpoint, {
        ...putLogEvents,
        "x-amz-date": amzDate,
        authorization: `AWS4-HMAC-SHA256 Credential=AKIAUNKNOWNKEY000000/${amzDate.slice(0, 8)}/us-east-1/logs/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=${"0".repeat(64)}`,
        "content-length": String(8 * MiB),
      });
      try {
        assert.ok(await until(() => statusOf(client.received()) !== 0, 1000), "no answer within a second");
        assert.equal(statusOf(client.received()), 400);
        assert.match(client.received(), /UnrecognizedClientException/);
      } finally {
        client.socket.destroy();
      }
    });

    test("a chunked body (no length announced) is held to the same rules", async () => {
      const client = rawRequest(env.endpoint, { ...putLogEvents, "transfer-encoding": "chunked" });
      const chunk = Buffer.alloc(MiB, 0x61);
      try {
        for (let i = 0; i < 17; i++) client.socket.write(`${chunk.length.toString(16)}\r\n${chunk.toString("latin1")}\r\n`);
        assert.ok(await until(() => statusOf(client.received()) !== 0, 3000), "no answer within 3 s");
        // Strict: anonymous, refused on its headers; relaxed: read until it passes 16 MiB.
        assert.equal(statusOf(client.received()), auth === "strict" ? 400 : 413);
      } finally {
        client.socket.destroy();
      }
    });

    test("a large body from a key the server knows is read: PutLogEvents of about 1 MiB", async () => {
      const logs = new CloudWatchLogsClient(env.clientConfig());
      await logs.send(new CreateLogGroupCommand({ logGroupName: "big" }));
      await logs.send(new CreateLogStreamCommand({ logGroupName: "big", logStreamName: "s" }));
      const now = Date.now();
      const logEvents = Array.from({ length: 100 }, (_, i) => ({ timestamp: now, message: `${i} ${"m".repeat(9_000)}` }));
      await logs.send(new PutLogEventsCommand({ logGroupName: "big", logStreamName: "s", logEvents }));
      const events = await logs.send(new GetLogEventsCommand({ logGroupName: "big", logStreamName: "s", startFromHead: true }));
      assert.equal(events.events?.length, 100);
    });

    test("24 slow connections with huge bodies: memory stays bounded, others are answered within a second", async (t) => {
      const logs = new CloudWatchLogsClient(env.clientConfig());
      await logs.send(new DescribeLogGroupsCommand({}));
      gc();
      const before = process.memoryUsage().rss;
      const chunk = Buffer.alloc(MiB, 0x61);
      const clients: RawClient[] = [];
      for (let i = 0; i < 24; i++) {
        const client = rawRequest(env.endpoint, { ...putLogEvents, "content-length": String(16 * MiB - 1) });
        // Most of the body at once, then a byte now and then: the slow upload.
        for (let j = 0; j < 12; j++) client.socket.write(chunk);
        clients.push(client);
      }
      const trickle = setInterval(() => {
        for (const c of clients) if (!c.socket.destroyed) c.socket.write("a");
      }, 200);
      try {
        let peak = 0;
        const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
        await new Promise((r) => setTimeout(r, 1500));
        const started = Date.now();
        await logs.send(new DescribeLogGroupsCommand({}));
        const answeredIn = Date.now() - started;
        await new Promise((r) => setTimeout(r, 300));
        clearInterval(sample);
        const rise = (peak - before) / MiB;
        const statuses = clients.map((c) => statusOf(c.received()));
        t.diagnostic(`RSS rose ${rise.toFixed(0)} MiB; normal request answered in ${answeredIn} ms; statuses ${statuses.join(",")}`);
        assert.ok(answeredIn < 1000, `a normal request took ${answeredIn} ms`);
        if (auth === "strict") {
          // Anonymous: refused on its headers, no body read.
          assert.deepEqual(new Set(statuses), new Set([400]));
          assert.match(clients[0]?.received() ?? "", /MissingAuthenticationTokenException/);
          assert.ok(rise < 40, `RSS rose ${rise.toFixed(0)} MiB`);
        } else {
          // Relaxed: the unsigned caller is the root, so bodies are read, but only 64 MiB of them at once.
          const busy = statuses.filter((s) => s === 503).length;
          assert.ok(busy >= 20, `only ${busy} of 24 refused as busy: ${statuses.join(",")}`);
          assert.match(clients.find((c) => statusOf(c.received()) === 503)?.received() ?? "", /ServiceUnavailable/);
          assert.ok(rise < 64 + 40, `RSS rose ${rise.toFixed(0)} MiB`);
        }
      } finally {
        clearInterval(trickle);
        for (const c of clients) c.socket.destroy();
        await Promise.all(clients.map((c) => c.closed));
      }
    });

    test("a 13 MB invalid request gets an error of a few KB, not its input back", async () => {
      const name = "x".repeat(13_000_000);
      if (auth === "strict") {
        const logs = new CloudWatchLogsClient(env.clientConfig());
        await assert.rejects(logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name })), (error: Error) => {
          assert.ok(error.message.length < 4096, `message of ${error.message.length} characters`);
          assert.match(error.message, /^1 validation error detected: Value 'x{10,}\.\.\.' at 'logGroupNamePrefix' failed to satisfy constraint/);
          return true;
        });
        return;
      }
      const response = await fetch(`${env.endpoint}/`, {
        method: "POST",
        headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "Logs_20140328.DescribeLogGroups" },
        body: JSON.stringify({ logGroupNamePrefix: name }),
      });
      const body = await response.text();
      assert.equal(response.status, 400);
      assert.ok(body.length < 4096, `error body of ${body.length} bytes`);
      assert.match(body, /at 'logGroupNamePrefix' failed to satisfy constraint/);
    });

    test("an error quoting input anywhere stays a few KB: a 3 MB EC2 id", async () => {
      const ec2 = new EC2Client(env.clientConfig());
      await assert.rejects(ec2.send(new DescribeVpcsCommand({ VpcIds: [`vpc-${"0".repeat(3_000_000)}`] })), (error: Error) => {
        assert.ok(error.message.length <= 8192 + 3, `message of ${error.message.length} characters`);
        return true;
      });
    });
  });
}

describe("slow clients time out", () => {
  const env = useLocalCloud({ requestLimits: { requestTimeoutMs: 600 } });

  test("an upload that stalls is answered RequestTimeout and closed", async () => {
    const client = rawRequest(env.endpoint, { ...putLogEvents, "content-length": "1000" });
    client.socket.write("{");
    try {
      assert.ok(await until(() => statusOf(client.received()) !== 0, 3000), "no answer within 3 s");
      assert.equal(statusOf(client.received()), 400);
      assert.match(client.received(), /RequestTimeout/);
      assert.match(client.received(), /Your socket connection to the server was not read from or written to within the timeout period\./);
      await client.closed;
    } finally {
      client.socket.destroy();
    }
  });
});

describe("a connection cap", () => {
  const env = useLocalCloud({ requestLimits: { maxConnections: 3 } });

  test("connections above the cap are closed at once; those within it are served", async () => {
    const idle = await Promise.all(
      Array.from({ length: 3 }, () => {
        const url = new URL(env.endpoint);
        const socket = connect(Number(url.port), url.hostname);
        socket.on("error", () => undefined);
        return new Promise<Socket>((resolve) => socket.once("connect", () => resolve(socket)));
      }),
    );
    try {
      const extra = rawRequest(env.endpoint, { ...putLogEvents, "content-length": "2" });
      const closed = await Promise.race([extra.closed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 1000))]);
      extra.socket.destroy();
      assert.ok(closed, "the connection above the cap was kept open");
      assert.equal(extra.received(), "");
    } finally {
      for (const socket of idle) socket.destroy();
    }
    // Once the server has seen the idle connections close, a client is served again.
    const logs = new CloudWatchLogsClient(env.clientConfig());
    let served = false;
    for (let attempt = 0; attempt < 20 && !served; attempt++) {
      served = await logs.send(new DescribeLogGroupsCommand({})).then(
        () => true,
        () => new Promise<boolean>((r) => setTimeout(() => r(false), 50)),
      );
    }
    assert.ok(served, "no request served after the idle connections closed");
  });
});
