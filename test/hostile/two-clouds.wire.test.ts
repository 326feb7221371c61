/** Issue 15 item 9: two local clouds on one machine, each instance on an address no other cloud holds, each cloud recording its own traffic. */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { get } from "node:http";
import { test } from "node:test";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { defaultAddressLockDir } from "../../src/cloud/flow-logs/public-address-claims.js";
import { useLocalCloud } from "../support/local-cloud.js";
import { buildTutorialPipeline } from "../support/tutorial-pipeline.js";

// The same block for both, as two `flowwatch up` with the default block would have.
const block = "127.100.0.0/16";
const first = useLocalCloud({ publicIpBlock: block, gatewayPorts: [80] });
const second = useLocalCloud({ publicIpBlock: block, gatewayPorts: [80] });

test("two clouds give their instances different addresses, and each records only its own instance's traffic", async () => {
  const a = await buildTutorialPipeline(first);
  const b = await buildTutorialPipeline(second);
  assert.notEqual(a.publicIp, b.publicIp);
  assert.ok(existsSync(join(defaultAddressLockDir(), `${a.publicIp}.lock`)), "the first cloud's address is locked machine-wide");

  for (const [cloud, pipeline] of [
    [first, a],
    [second, b],
  ] as const) {
    const body = await getOnce(pipeline.publicIp);
    assert.match(body, new RegExp(`instance ${pipeline.instanceId} `), `${pipeline.publicIp} is answered by its own cloud's gateway`);
    const { deliveries } = (await cloud.cloud.flush()) as { deliveries: Array<{ status: string }> };
    assert.ok(
      deliveries.every((d) => d.status === "SUCCESS"),
      JSON.stringify(deliveries),
    );
  }
  for (const [cloud, pipeline] of [
    [first, a],
    [second, b],
  ] as const) {
    const events = (await new CloudWatchLogsClient(cloud.clientConfig()).send(new FilterLogEventsCommand({ logGroupName: "MyVpc22-Log" }))).events ?? [];
    const inbound = events.filter((e) => / 80 6 \d+ \d+ \d+ \d+ ACCEPT OK$/.test(e.message ?? "") && e.message?.split(" ")[4] === pipeline.privateIp);
    assert.equal(new Set(events.map((e) => e.logStreamName)).size, 1);
    assert.equal(events[0]?.logStreamName, `${pipeline.eni}-all`);
    // One connection: its SYN and its close, folded into one record per window and direction.
    assert.equal(inbound.length, 1, events.map((e) => e.message).join("\n"));
  }

  await second.cloud.stop();
  assert.ok(!existsSync(join(defaultAddressLockDir(), `${b.publicIp}.lock`)), "a stopped cloud releases its addresses");
  await second.cloud.start();
});

/** GET / on port 80 over a connection of its own, resolved once the connection has closed (when the gateway records it). */
function getOnce(host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = get({ host, port: 80, path: "/", agent: false, headers: { connection: "close" }, timeout: 5000 }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (text: string) => (body += text));
      response.socket.once("close", () => resolve(body));
    });
    request.once("error", reject);
  });
}
