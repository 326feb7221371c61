import assert from "node:assert/strict";
import { test } from "node:test";
import { gunzipSync } from "node:zlib";
import { DEFAULT_FORMAT_TEXT } from "../../flowlog/index.js";
import { FlowAggregator } from "../../network/aggregator.js";
import { duckdbQuery } from "../../../test/support/parquet-readers.js";
import { Authorizer } from "../authorization.js";
import { ManualClock } from "../clock.js";
import { createLogsService } from "../logs/service.js";
import { Store } from "../store/store.js";
import { FlowLogDelivery } from "./delivery.js";
import type { FlowLogTarget, MonitoredInterface, VpcView } from "./ports.js";
import { S3FileDelivery, type ServiceObjectWriter } from "./s3-delivery.js";
import { DEFAULT_S3_OPTIONS, type S3DestinationOptions } from "./s3-keys.js";

const account = "111122223333";
const iface: MonitoredInterface = {
  account,
  region: "us-east-1",
  interfaceId: "eni-0a1b2c3d4e5f60718",
  vpcId: "vpc-0a1b2c3d4e5f60718",
  subnetId: "subnet-0a1b2c3d4e5f60718",
  instanceId: "i-0a1b2c3d4e5f60718",
  azId: "use1-az1",
  privateIp: "10.0.1.5",
  publicIp: "127.100.0.5",
  securityGroupIds: [],
  running: true,
};

function setup(options: Partial<S3DestinationOptions>, withFiles = true) {
  const clock = new ManualClock(Date.UTC(2026, 11, 8, 16, 16, 0));
  const statuses: Array<[string, string | undefined]> = [];
  const flowLog: FlowLogTarget = {
    account,
    region: "us-east-1",
    flowLogId: "fl-0a1b2c3d4e5f60718",
    arn: `arn:aws:ec2:us-east-1:${account}:vpc-flow-log/fl-0a1b2c3d4e5f60718`,
    logGroupName: "",
    roleArn: "",
    trafficType: "ALL",
    logFormat: DEFAULT_FORMAT_TEXT,
    maxAggregationInterval: 60,
    s3: { destination: { bucket: "flows", prefix: "" }, options: { ...DEFAULT_S3_OPTIONS, ...options } },
  };
  const setDeliveryStatus: VpcView["setDeliveryStatus"] = (_a, _r, _id, status, message) => statuses.push([status, message]);
  const vpc: VpcView = {
    interfaces: () => [iface],
    flowLogsCovering: () => [flowLog],
    securityGroups: () => [],
    subnetRouting: () => undefined,
    setDeliveryStatus,
    onChange: () => undefined,
  };
  const objects = new Map<string, Uint8Array>();
  const writer: ServiceObjectWriter = {
    getBucketAclAsService: async () => ({ ok: true }),
    putObjectAsService: async (request) => {
      objects.set(request.key, request.body);
      return { ok: true };
    },
  };
  const delivery = new FlowLogDelivery({
    vpc,
    sts: { assumeRoleAsService: () => assert.fail("S3 delivery assumes no role") },
    logs: createLogsService({ store: new Store({ memory: true }), clock }),
    authorizer: new Authorizer(() => undefined),
    clock,
    ...(withFiles ? { s3Files: new S3FileDelivery({ writer, setDeliveryStatus }) } : {}),
  });
  const aggregator = new FlowAggregator({ defaultInterval: 60 });
  const window = () => {
    const t = clock.now();
    aggregator.add({
      interfaceId: iface.interfaceId,
      time: t,
      direction: "ingress",
      srcaddr: "203.0.113.7",
      dstaddr: "10.0.1.5",
      srcport: 51234,
      dstport: 80,
      protocol: 6,
      packets: 5,
      bytes: 420,
      tcpFlags: 3,
      action: "ACCEPT",
    });
    const [closed] = aggregator.flush(t);
    assert.ok(closed);
    return closed;
  };
  return { clock, statuses, delivery, objects, window };
}

test("windows of an S3 flow log collect in one file, put when its five-minute interval ends, in the flow log's format", async () => {
  const t = setup({ fileFormat: "parquet" });
  assert.deepEqual(await t.delivery.deliver(t.window(), iface, 60), [], "records wait in the open file");
  t.clock.advance(60_000);
  await t.delivery.deliver(t.window(), iface, 60);
  assert.deepEqual(await t.delivery.closeFiles(false), []);
  t.clock.set(Date.UTC(2026, 11, 8, 16, 20, 0));
  const outcomes = await t.delivery.closeFiles(false);
  assert.deepEqual(outcomes, [{ flowLogId: "fl-0a1b2c3d4e5f60718", records: 2, status: "SUCCESS" }]);
  assert.deepEqual(t.statuses, [["SUCCESS", undefined]]);
  const [[key, body]] = [...t.objects] as [[string, Uint8Array]];
  assert.match(
    key,
    /^AWSLogs\/111122223333\/vpcflowlogs\/us-east-1\/2026\/12\/08\/111122223333_vpcflowlogs_us-east-1_fl-0a1b2c3d4e5f60718_20261208T1620Z_[0-9a-f]{8}\.log\.parquet$/,
  );
  const rows = await duckdbQuery(body, "SELECT version, account_id, interface_id, srcaddr, dstport, bytes, action, log_status FROM read_parquet($FILE)");
  assert.deepEqual(
    rows,
    [0, 1].map(() => ({
      version: 2,
      account_id: account,
      interface_id: iface.interfaceId,
      srcaddr: "203.0.113.7",
      dstport: 80,
      bytes: 420n,
      action: "ACCEPT",
      log_status: "OK",
    })),
  );
});

test("a flush puts the open file at once", async () => {
  const t = setup({});
  await t.delivery.deliver(t.window(), iface, 60);
  assert.equal((await t.delivery.closeFiles(true))[0]?.status, "SUCCESS");
  const [body] = [...t.objects.values()];
  assert.match(
    gunzipSync(body as Uint8Array).toString(),
    /^version account-id interface-id .*\n2 111122223333 eni-0a1b2c3d4e5f60718 203\.0\.113\.7 10\.0\.1\.5 51234 80 6 5 420 \d+ \d+ ACCEPT OK\n$/,
  );
});

test("without S3 files to write to, an S3 flow log fails with Unknown error rather than dropping records silently", async () => {
  const t = setup({}, false);
  const outcomes = await t.delivery.deliver(t.window(), iface, 60);
  assert.deepEqual(
    outcomes.map((o) => [o.status, o.message]),
    [["FAILED", "Unknown error"]],
  );
  assert.deepEqual(t.statuses, [["FAILED", "Unknown error"]]);
});
