/**
 * `flowwatch up --auth strict` prints its random root secret once, as export lines, and that secret (not `test`)
 * signs as root; FLOWWATCH_ROOT_SECRET chooses it instead, and then it is not echoed.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { test } from "node:test";
import { IAMClient, ListUsersCommand } from "@aws-sdk/client-iam";

const main = new URL("../../src/cli/main.ts", import.meta.url).pathname;

/** `flowwatch up` on a free port: its endpoint and what it printed once the last start-up line is out. */
function up(args: string[], env: Record<string, string> = {}): Promise<{ child: ChildProcess; endpoint: string; output: () => string }> {
  const child = spawn(process.execPath, ["--import", "tsx", main, "up", "--port", "0", "--memory", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  });
  let out = "";
  child.stderr?.on("data", (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`flowwatch up did not start: ${out}`)), 30_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const endpoint = /ready at (http:\/\/\S+)/.exec(out)?.[1];
      if (endpoint !== undefined && out.includes("try: aws")) {
        clearTimeout(timer);
        resolve({ child, endpoint, output: () => out });
      }
    });
    child.once("exit", (code) => reject(new Error(`flowwatch up exited with ${code}: ${out}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

const listUsers = (endpoint: string, secretAccessKey: string) =>
  new IAMClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey }, maxAttempts: 1 }).send(new ListUsersCommand({}));

test("strict: the root secret is random, printed once as export lines, and test/test is refused", async () => {
  const server = await up(["--auth", "strict"]);
  try {
    const secret = /^ {4}export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=(\S+)$/m.exec(server.output())?.[1];
    assert.ok(secret !== undefined, server.output());
    assert.match(secret, /^[A-Za-z0-9+/]{40}$/);
    assert.equal(server.output().split(secret).length - 1, 1, "the secret appears once in the output");
    assert.ok(Array.isArray((await listUsers(server.endpoint, secret)).Users));
    await assert.rejects(listUsers(server.endpoint, "test"), { name: "SignatureDoesNotMatch" });
    const health = await fetch(`${server.endpoint}/_flowwatch/health`);
    assert.ok(!(await health.text()).includes(secret), "health never shows it");
  } finally {
    await stop(server.child);
  }
});

test("strict: FLOWWATCH_ROOT_SECRET chooses the secret, which is not echoed", async () => {
  const chosen = "chosen-by-the-operator-0123456789";
  const server = await up(["--auth", "strict"], { FLOWWATCH_ROOT_SECRET: chosen });
  try {
    assert.ok(!server.output().includes(chosen), server.output());
    assert.match(server.output(), /FLOWWATCH_ROOT_SECRET/);
    assert.ok(Array.isArray((await listUsers(server.endpoint, chosen)).Users));
    await assert.rejects(listUsers(server.endpoint, "test"), { name: "SignatureDoesNotMatch" });
  } finally {
    await stop(server.child);
  }
});
