import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { runAction } from "./alarm-actions.js";

/** A loopback port nobody listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test("a webhook that cannot be reached is reported with its cause and address, not 'fetch failed'", async () => {
  const port = await closedPort();
  const outcome = await runAction(`arn:flowwatch:webhook:::http://127.0.0.1:${port}/hook`, { hello: "world" });
  assert.equal(outcome.ok, false);
  assert.equal(outcome.error, `the webhook could not be reached: ECONNREFUSED 127.0.0.1:${port}`);
});
