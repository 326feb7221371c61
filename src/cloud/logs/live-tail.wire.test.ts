/**
 * StartLiveTail through the real SDK v3 (its own event-stream decoder): sessionStart's fields, events put after the
 * start arriving within a second with stream names, prefixes and the filter pattern applied, sampling at 500,
 * AWS's errors for bad input, the concurrency limit, the session timeout, IAM, and sessions freed when clients go.
 */
import assert from "node:assert/strict";
import { Agent } from "node:http";
import { after, before, describe, test } from "node:test";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  InvalidParameterException,
  LimitExceededException,
  type LiveTailSessionUpdate,
  PutLogEventsCommand,
  ResourceNotFoundException,
  StartLiveTailCommand,
  type StartLiveTailCommandInput,
  type StartLiveTailResponseStream,
} from "@aws-sdk/client-cloudwatch-logs";
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { useLocalCloud } from "../../../test/support/local-cloud.js";
import type { LogsServiceDefinition } from "./service.js";

const env = useLocalCloud();
const ACCOUNT = "000000000000";
async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return check();
}
const arn = (group: string) => `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${group}`;

describe("StartLiveTail over the wire (SDK v3)", () => {
  let logs: CloudWatchLogsClient;
  let service: LogsServiceDefinition;
  const client = (credentials?: { accessKeyId: string; secretAccessKey: string }) =>
    new CloudWatchLogsClient({ ...env.clientConfig(), ...(credentials ? { credentials } : {}), disableHostPrefix: true });

  before(async () => {
    logs = client();
    service = env.cloud.service("logs") as LogsServiceDefinition;
    for (const group of ["app", "other"]) {
      await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
      for (const stream of ["eni-1-all", "eni-2-all"]) await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
    }
  });
  after(() => logs.destroy());

  const put = (group: string, stream: string, messages: string[]) =>
    logs.send(
      new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: messages.map((message) => ({ timestamp: Date.now(), message })) }),
    );

  /** Opens a session and reads it on its own; `next()` waits for the next stream message (bounded by `ms`). */
  async function session(input: StartLiveTailCommandInput, on = logs) {
    const abort = new AbortController();
    const out = await on.send(new StartLiveTailCommand(input), { abortSignal: abort.signal });
    const received: StartLiveTailResponseStream[] = [];
    let failure: unknown;
    let wake: () => void = () => undefined;
    const reading = (async () => {
      try {
        for await (const message of out.responseStream ?? []) {
          received.push(message);
          wake();
        }
      } catch (error) {
        failure = error;
        wake();
      }
    })();
    const next = async (ms = 3000): Promise<StartLiveTailResponseStream> => {
      const deadline = Date.now() + ms;
      while (received.length === 0 && failure === undefined && Date.now() < deadline) {
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 50);
        });
      }
      if (failure !== undefined && received.length === 0) throw failure;
      const message = received.shift();
      assert.ok(message, `no stream message within ${ms} ms`);
      return message;
    };
    /** The next update that carries events, within `ms`. */
    const nextResults = async (ms = 2500): Promise<LiveTailSessionUpdate> => {
      const deadline = Date.now() + ms;
      while (Date.now() < deadline) {
        const update = (await next(deadline - Date.now())).sessionUpdate;
        if ((update?.sessionResults?.length ?? 0) > 0) return update as LiveTailSessionUpdate;
      }
      assert.fail(`no events within ${ms} ms`);
    };
    const close = async () => {
      abort.abort();
      await reading;
    };
    return { requestId: out.$metadata.requestId, next, nextResults, close, failure: () => failure };
  }

  test("sessionStart echoes the request; an event put after the start arrives within a second, filter applied", async () => {
    const s = await session({ logGroupIdentifiers: [arn("app")], logEventFilterPattern: "REJECT" });
    const start = (await s.next()).sessionStart;
    assert.ok(start);
    assert.equal(start.requestId, s.requestId);
    assert.match(start.sessionId ?? "", /^[0-9a-f-]{36}$/);
    assert.deepEqual(start.logGroupIdentifiers, [arn("app")]);
    assert.equal(start.logEventFilterPattern, "REJECT");
    assert.equal(start.logStreamNames, undefined);

    const sent = Date.now();
    await put("app", "eni-1-all", ["2 123 eni-1 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK", "2 123 eni-1 10.0.0.1 10.0.0.2 1 80 6 1 40 1 2 ACCEPT OK"]);
    const update = await s.nextResults();
    const arrived = Date.now() - sent;
    // One update interval (1 s) at most, plus scheduling slack on a shared machine.
    assert.ok(arrived <= 1250, `arrived after ${arrived} ms`);
    assert.equal(update.sessionMetadata?.sampled, false);
    assert.equal(update.sessionResults?.length, 1);
    const [event] = update.sessionResults ?? [];
    assert.match(event?.message ?? "", /REJECT/);
    assert.equal(event?.logStreamName, "eni-1-all");
    assert.equal(event?.logGroupIdentifier, `${ACCOUNT}:app`);
    assert.ok((event?.ingestionTime ?? 0) >= (event?.timestamp ?? Infinity) - 5);
    await s.close();
  });

  test("updates come every second, empty when nothing was ingested; other groups and streams are not sent", async () => {
    const s = await session({ logGroupIdentifiers: [arn("app")], logStreamNamePrefixes: ["eni-2"] });
    assert.ok((await s.next()).sessionStart);
    await put("other", "eni-2-all", ["elsewhere"]);
    await put("app", "eni-1-all", ["wrong stream"]);
    const t0 = Date.now();
    const first = (await s.next(1500)).sessionUpdate;
    const second = (await s.next(1500)).sessionUpdate;
    const gap = Date.now() - t0;
    assert.deepEqual(first?.sessionResults, []);
    assert.deepEqual(second?.sessionResults, []);
    assert.ok(gap >= 900 && gap <= 2300, `two updates in ${gap} ms`);
    await put("app", "eni-2-all", ["right stream"]);
    assert.equal((await s.nextResults()).sessionResults?.[0]?.message, "right stream");
    await s.close();
  });

  test("more than 500 matching events in a second: 500 sent, in order, sampled=true", async () => {
    const s = await session({ logGroupIdentifiers: [arn("app")], logStreamNames: ["eni-1-all"] });
    assert.deepEqual((await s.next()).sessionStart?.logStreamNames, ["eni-1-all"]);
    await put(
      "app",
      "eni-1-all",
      Array.from({ length: 800 }, (_, i) => `event ${String(i).padStart(4, "0")}`),
    );
    const update = await s.nextResults();
    assert.equal(update.sessionMetadata?.sampled, true);
    const messages = (update.sessionResults ?? []).map((e) => e.message ?? "");
    assert.equal(messages.length, 500);
    assert.deepEqual(messages, [...messages].sort());
    assert.equal(new Set(messages).size, 500);
    await s.close();
  });

  test("bad input: AWS's error codes", async () => {
    const refused = async (input: StartLiveTailCommandInput, type: new (...args: never[]) => Error, message?: RegExp) =>
      assert.rejects(logs.send(new StartLiveTailCommand(input)), (e: Error) => {
        assert.ok(e instanceof type, `${e.name}: ${e.message}`);
        if (message) assert.match(e.message, message);
        return true;
      });
    await refused({ logGroupIdentifiers: [arn("missing")] }, ResourceNotFoundException, /log group does not exist/);
    await refused({ logGroupIdentifiers: [] }, InvalidParameterException);
    await refused({ logGroupIdentifiers: Array.from({ length: 11 }, () => arn("app")) }, InvalidParameterException);
    // The model's pattern for an identifier has no `*`: the trailing `:*` of DescribeLogGroups' `arn` is refused.
    await refused({ logGroupIdentifiers: [`${arn("app")}:*`] }, InvalidParameterException, /regular expression pattern/);
    await refused({ logGroupIdentifiers: [arn("app")], logStreamNames: ["a"], logStreamNamePrefixes: ["b"] }, InvalidParameterException, /mutually exclusive/);
    await refused({ logGroupIdentifiers: [arn("app"), arn("other")], logStreamNames: ["a"] }, InvalidParameterException, /one log group/);
    await refused({ logGroupIdentifiers: [arn("app")], logEventFilterPattern: '{ $.x = "' }, InvalidParameterException);
    assert.equal(service.liveTail.sessions(), 0);
  });

  test("the concurrent-session limit: LimitExceededException past it, room again when one closes", async () => {
    const limit = service.liveTail.limits.concurrentSessions;
    service.liveTail.limits.concurrentSessions = 2;
    try {
      const a = await session({ logGroupIdentifiers: [arn("app")] });
      const b = await session({ logGroupIdentifiers: [arn("other")] });
      await assert.rejects(logs.send(new StartLiveTailCommand({ logGroupIdentifiers: [arn("app")] })), LimitExceededException);
      await a.close();
      for (let i = 0; i < 100 && service.liveTail.sessions() > 1; i++) await new Promise((r) => setTimeout(r, 20));
      const c = await session({ logGroupIdentifiers: [arn("app")] });
      assert.ok((await c.next()).sessionStart);
      await b.close();
      await c.close();
    } finally {
      service.liveTail.limits.concurrentSessions = limit;
    }
  });

  test("a session past its life ends with SessionTimeoutException", async () => {
    const life = service.liveTail.limits.sessionMs;
    service.liveTail.limits.sessionMs = 1500;
    try {
      const s = await session({ logGroupIdentifiers: [arn("app")] });
      assert.ok((await s.next()).sessionStart);
      const deadline = Date.now() + 4000;
      while (s.failure() === undefined && Date.now() < deadline) await s.next(deadline - Date.now()).catch(() => undefined);
      assert.equal((s.failure() as Error | undefined)?.name, "SessionTimeoutException");
      await s.close();
    } finally {
      service.liveTail.limits.sessionMs = life;
    }
  });

  test("IAM: logs:StartLiveTail is authorized per log group", async () => {
    const iam = new IAMClient(env.clientConfig());
    await iam.send(new CreateUserCommand({ UserName: "tailer" }));
    const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "logs:StartLiveTail", Resource: `${arn("app")}:*` }] };
    await iam.send(new PutUserPolicyCommand({ UserName: "tailer", PolicyName: "tail-app", PolicyDocument: JSON.stringify(policy) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: "tailer" }))).AccessKey;
    iam.destroy();
    const tailer = client({ accessKeyId: key?.AccessKeyId ?? "", secretAccessKey: key?.SecretAccessKey ?? "" });
    try {
      const s = await session({ logGroupIdentifiers: [arn("app")] }, tailer);
      assert.ok((await s.next()).sessionStart);
      await s.close();
      await assert.rejects(tailer.send(new StartLiveTailCommand({ logGroupIdentifiers: [arn("other")] })), (e: Error) => {
        assert.equal(e.name, "AccessDeniedException");
        assert.match(e.message, /logs:StartLiveTail/);
        return true;
      });
    } finally {
      tailer.destroy();
    }
  });

  test("a reset of the cloud (moto's /moto-api/reset/) ends every open session", async () => {
    const s = await session({ logGroupIdentifiers: [arn("app")] });
    assert.ok((await s.next()).sessionStart);
    const reset = await fetch(`${env.endpoint}/moto-api/reset`, { method: "POST" });
    assert.equal(reset.status, 200);
    assert.ok(await until(() => service.liveTail.sessions() === 0, 2000), "a session outlived the reset");
    await s.close();
    for (const group of ["app", "other"]) {
      await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
      for (const stream of ["eni-1-all", "eni-2-all"]) await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
    }
  });

  test("50 sessions opened and dropped: the server's session count returns to 0", async () => {
    const limit = service.liveTail.limits.concurrentSessions;
    service.liveTail.limits.concurrentSessions = 50;
    const clients = Array.from({ length: 5 }, () => client());
    try {
      const sessions = await Promise.all(
        Array.from({ length: 50 }, (_, i) => session({ logGroupIdentifiers: [arn(i % 2 ? "app" : "other")] }, clients[i % 5])),
      );
      for (const s of sessions) assert.ok((await s.next()).sessionStart);
      assert.equal(service.liveTail.sessions(), 50);
      // Half end by aborting their request, half by their client going away with its sockets.
      await Promise.all(sessions.slice(0, 25).map((s) => s.close()));
      for (const c of clients) c.destroy();
      for (let i = 0; i < 200 && service.liveTail.sessions() > 0; i++) await new Promise((r) => setTimeout(r, 25));
      assert.equal(service.liveTail.sessions(), 0);
    } finally {
      service.liveTail.limits.concurrentSessions = limit;
      for (const c of clients) c.destroy();
    }
  });
});

describe("StartLiveTail's host prefix and the Host guard", () => {
  // The SDK sends StartLiveTail to `stream-` + the endpoint's host; every name is resolved to loopback here.
  const loopback = new Agent({ lookup: (_host, _options, done) => done(null, [{ address: "127.0.0.1", family: 4 }]) });
  const prefixed = (cloud: { endpoint: string }) =>
    new CloudWatchLogsClient({
      endpoint: cloud.endpoint.replace("127.0.0.1", "localhost"),
      region: "us-east-1",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
      maxAttempts: 1,
      requestHandler: new NodeHttpHandler({ httpAgent: loopback }),
    });
  const plain = useLocalCloud();
  const named = useLocalCloud({ allowedHosts: ["stream-localhost"] });

  test("the prefixed Host is not served unless it is one of the cloud's allowed hosts: 421", async () => {
    const logs = prefixed(plain);
    try {
      await assert.rejects(
        logs.send(new StartLiveTailCommand({ logGroupIdentifiers: [arn("app")] })),
        (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
          assert.equal(e.$metadata?.httpStatusCode, 421);
          assert.match(e.message, /stream-localhost/);
          return true;
        },
      );
    } finally {
      logs.destroy();
    }
  });

  test("with `stream-localhost` allowed (flowwatch up --allowed-host), the SDK's own prefixed request is served", async () => {
    const logs = prefixed(named);
    try {
      await logs.send(new CreateLogGroupCommand({ logGroupName: "app" }));
      const out = await logs.send(new StartLiveTailCommand({ logGroupIdentifiers: [arn("app")] }));
      for await (const message of out.responseStream ?? []) {
        assert.deepEqual(message.sessionStart?.logGroupIdentifiers, [arn("app")]);
        break;
      }
    } finally {
      logs.destroy();
    }
  });
});

describe("a session outlives the server's request timeout", () => {
  // node:http's requestTimeout bounds receiving a request; a response that streams for longer must not be cut.
  const short = useLocalCloud({ requestLimits: { requestTimeoutMs: 1000, headersTimeoutMs: 1000 } });

  test("updates keep coming 2.5 s into a session on a server whose request timeout is 1 s", async () => {
    const logs = new CloudWatchLogsClient({ ...short.clientConfig(), disableHostPrefix: true });
    try {
      await logs.send(new CreateLogGroupCommand({ logGroupName: "long" }));
      const out = await logs.send(new StartLiveTailCommand({ logGroupIdentifiers: [arn("long")] }));
      const started = Date.now();
      let updates = 0;
      for await (const message of out.responseStream ?? []) {
        if (message.sessionUpdate !== undefined) updates++;
        if (Date.now() - started >= 2500) break;
      }
      assert.ok(updates >= 2, `${updates} updates`);
    } finally {
      logs.destroy();
    }
  });
});
