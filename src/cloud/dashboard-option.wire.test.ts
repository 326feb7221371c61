/** LocalCloudOptions.ui: the cloud serves the dashboard its composer hands it, made on the first visit and closed on stop. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { LocalCloud } from "./cloud.js";

test("without a dashboard handed in, /_flowwatch/ui/ answers 404 and the AWS routes still serve", async () => {
  const cloud = new LocalCloud({ memory: true, port: 0, gatewayPorts: [] });
  await cloud.start();
  try {
    const response = await fetch(`${cloud.endpoint}/_flowwatch/ui/`);
    assert.equal(response.status, 404);
    assert.match(((await response.json()) as { error: string }).error, /without a dashboard/);
    assert.equal((await fetch(`${cloud.endpoint}/_flowwatch/health`)).status, 200);
  } finally {
    await cloud.stop();
  }
});

test("a dashboard handed in is made once, on the first visit, with the cloud's endpoint and root key, and closed on stop", async () => {
  const made: { endpoint: string; region: string; token: string; required: boolean; accessKeyId: string }[] = [];
  let closed = 0;
  const cloud = new LocalCloud({
    memory: true,
    port: 0,
    gatewayPorts: [],
    region: "eu-west-1",
    ui: (endpoint, region, access, credentials) => {
      made.push({ endpoint: endpoint(), region, ...access, accessKeyId: credentials.accessKeyId });
      return {
        handle: async (req, res) => void res.writeHead(200, { "content-type": "text/plain" }).end(`dashboard at ${req.url}`),
        close: async () => void closed++,
      };
    },
  });
  await cloud.start();
  try {
    assert.equal(made.length, 0, "nothing is made before a visit");
    assert.equal(await (await fetch(`${cloud.endpoint}/_flowwatch/ui/`)).text(), "dashboard at /_flowwatch/ui/");
    assert.equal(await (await fetch(`${cloud.endpoint}/_flowwatch/ui/api/overview`)).text(), "dashboard at /_flowwatch/ui/api/overview");
    assert.deepEqual(made, [{ endpoint: cloud.endpoint, region: "eu-west-1", token: cloud.dashboardToken, required: false, accessKeyId: "test" }]);
  } finally {
    await cloud.stop();
  }
  assert.equal(closed, 1);
});
