/** The traffic route's typed client against a local cloud: results, the route's refusals and the signer's. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { buildPipeline } from "../../test/support/pipeline.js";
import { useLocalCloud } from "../../test/support/local-cloud.js";
import type { TrafficRequest as CloudTrafficRequest, TrafficResult as CloudTrafficResult } from "../cloud/flow-logs/traffic.js";
import { startTraffic, stopTraffic, TrafficRefused, type TrafficRequest, type TrafficResult } from "./traffic-client.js";

// The client's shapes are the cloud's, checked by the typecheck: a field added on one side and not the other fails it.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const resultsAgree: Same<TrafficResult, CloudTrafficResult> = true;
const requestFits: Omit<TrafficRequest & { backfill: true }, "backfill"> extends CloudTrafficRequest ? true : false = true;
void [resultsAgree, requestFits];

const relaxed = useLocalCloud({ gatewayPorts: [] });
const strict = useLocalCloud({ auth: "strict", rootSecret: "traffic-client-root-secret", gatewayPorts: [] });

const refusal = (status: number, code: string, message: RegExp) => (error: unknown) =>
  error instanceof TrafficRefused && error.status === status && error.code === code && message.test(error.message);

describe("the traffic client", () => {
  test("without a monitored instance, a run is refused with the route's reason", async () => {
    await assert.rejects(
      startTraffic(relaxed.endpoint, { scenario: "baseline", duration: 1 }),
      refusal(400, "InvalidParameterException", /no running instance is covered by a flow log/),
    );
    await assert.rejects(
      startTraffic(relaxed.endpoint, { scenario: "tornado" }),
      refusal(400, "InvalidParameterException", /unknown scenario 'tornado'; known: web-clients/),
    );
  });

  test("a backfill answers what it delivered; stop answers how many live runs it stopped", async () => {
    await buildPipeline(relaxed.clientConfig(), { instances: 1 });
    const now = Date.now();
    const result = await startTraffic(relaxed.endpoint, { scenario: "web-clients", backfill: true, start: now - 600_000, end: now, rate: 1, seed: 7 });
    assert.equal(result.scenario, "web-clients");
    assert.equal(result.mode, "backfill");
    assert.equal(result.interfaces, 1);
    assert.ok(result.records > 0, JSON.stringify(result));
    assert.equal(result.failedDeliveries, 0);
    assert.deepEqual(await stopTraffic(relaxed.endpoint), { stopped: 0 });
  });

  test("in strict mode a wrong secret is refused as a JSON-protocol service refuses it (400 InvalidSignatureException)", async () => {
    const credentials = { accessKeyId: "test", secretAccessKey: "not-the-root-secret" };
    const error = await stopTraffic(strict.endpoint, { credentials }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof TrafficRefused, String(error));
    assert.deepEqual([error.status, error.code], [400, "InvalidSignatureException"]);
    assert.match(error.message, /signature we calculated does not match/);
    assert.deepEqual(await stopTraffic(strict.endpoint, { credentials: { accessKeyId: "test", secretAccessKey: "traffic-client-root-secret" } }), {
      stopped: 0,
    });
  });
});
