import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { DEFAULT_FORMAT_TEXT } from "../../flowlog/index.js";
import { FlowAggregator } from "../../network/aggregator.js";
import { Authorizer } from "../authorization.js";
import { ManualClock } from "../clock.js";
import type { IdentityDirectory } from "../iam/index.js";
import { createLogsService } from "../logs/service.js";
import { callOperation } from "../service.js";
import { parsePolicyDocument, principalFromArn } from "../../policy/index.js";
import { Store } from "../store/store.js";
import { FLOW_LOGS_PRINCIPAL, FlowLogDelivery } from "./delivery.js";
import type { FlowLogTarget, MonitoredInterface, ServiceRoleAssumer, VpcView } from "./ports.js";

const account = "111122223333";
const sessionArn = `arn:aws:sts::${account}:assumed-role/my-flowlog-role/flow-logs`;
const seedPolicy = readFileSync(new URL("../../../test/vectors/seed-policy.json", import.meta.url), "utf8");

const iface: MonitoredInterface = {
  account,
  region: "us-east-1",
  interfaceId: "eni-0a1b2c3d4e5f60718",
  vpcId: "vpc-0a1b2c3d4e5f60718",
  vpcCidrs: ["10.0.0.0/16"],
  subnetId: "subnet-0a1b2c3d4e5f60718",
  instanceId: "i-0a1b2c3d4e5f60718",
  azId: "use1-az1",
  privateIp: "10.0.1.5",
  publicIp: "127.100.0.5",
  securityGroupIds: [],
  running: true,
};

function setup(trafficType: FlowLogTarget["trafficType"] = "ALL") {
  const clock = new ManualClock(Date.UTC(2026, 10, 27, 12, 0, 0));
  const logs = createLogsService({ store: new Store({ memory: true }), clock });
  const state = { policy: seedPolicy, trusted: true };
  const directory: IdentityDirectory = {
    generation: 0,
    policiesFor: (_account, arn) =>
      arn === sessionArn
        ? { principal: principalFromArn(arn), identity: [{ id: "my-flowpolicy", policy: parsePolicyDocument(state.policy, "identity") }] }
        : undefined,
  };
  const statuses: Array<[string, string | undefined]> = [];
  const flowLog: FlowLogTarget = {
    account,
    region: "us-east-1",
    flowLogId: "fl-0a1b2c3d4e5f60718",
    arn: `arn:aws:ec2:us-east-1:${account}:vpc-flow-log/fl-0a1b2c3d4e5f60718`,
    logGroupName: "MyVpc22-Log",
    roleArn: `arn:aws:iam::${account}:role/my-flowlog-role`,
    trafficType,
    logFormat: DEFAULT_FORMAT_TEXT,
    maxAggregationInterval: 600,
  };
  const vpc: VpcView = {
    interfaces: () => [iface],
    flowLogsCovering: () => [flowLog],
    securityGroups: () => [],
    subnetRouting: () => undefined,
    setDeliveryStatus: (_a, _r, _id, status, message) => statuses.push([status, message]),
    onChange: () => undefined,
  };
  const sts: ServiceRoleAssumer = {
    assumeRoleAsService: (roleArn, principal, context) => {
      assert.equal(roleArn, flowLog.roleArn);
      assert.equal(principal, FLOW_LOGS_PRINCIPAL);
      assert.deepEqual(context, { sourceAccount: account, sourceArn: flowLog.arn });
      return state.trusted ? { ok: true, principal: { accessKeyId: "ASIAFLOWLOGS", arn: sessionArn, isRoot: false } } : { ok: false, reason: "trust policy" };
    },
  };
  const delivery = new FlowLogDelivery({ vpc, sts, logs, authorizer: new Authorizer(() => directory), clock });
  const aggregator = new FlowAggregator({ defaultInterval: 600 });
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
    aggregator.add({
      interfaceId: iface.interfaceId,
      time: t,
      direction: "egress",
      srcaddr: "10.0.1.5",
      dstaddr: "203.0.113.7",
      srcport: 80,
      dstport: 51234,
      protocol: 6,
      packets: 4,
      bytes: 1200,
      tcpFlags: 19,
      action: "ACCEPT",
    });
    aggregator.add({
      interfaceId: iface.interfaceId,
      time: t,
      direction: "ingress",
      srcaddr: "198.51.100.9",
      dstaddr: "10.0.1.5",
      srcport: 40000,
      dstport: 22,
      protocol: 6,
      packets: 1,
      bytes: 60,
      tcpFlags: 2,
      action: "REJECT",
    });
    const [closed] = aggregator.flush(t);
    assert.ok(closed);
    return closed;
  };
  const read = (stream: string) => {
    try {
      return (
        callOperation(
          logs.operations.GetLogEvents ?? assert.fail("GetLogEvents"),
          { logGroupName: "MyVpc22-Log", logStreamName: stream, startFromHead: true },
          { account, region: "us-east-1", requestId: "t", principal: { accessKeyId: "", arn: "", isRoot: true }, clock },
        ) as { events: Array<{ message: string; timestamp: number }> }
      ).events;
    } catch {
      return [];
    }
  };
  return { clock, state, statuses, delivery, window, read };
}

describe("flow log delivery", () => {
  test("records arrive in <eni>-all in the default format, timestamped at their start, group created on first delivery", async () => {
    const t = setup();
    const outcomes = await t.delivery.deliver(t.window(), iface, 600);
    assert.deepEqual(
      outcomes.map((o) => [o.status, o.records]),
      [["SUCCESS", 3]],
    );
    const events = t.read("eni-0a1b2c3d4e5f60718-all");
    assert.equal(events.length, 3);
    const start = Math.floor(t.clock.now() / 1000);
    assert.ok(events.every((e) => e.timestamp === start * 1000));
    assert.ok(events.some((e) => e.message === `2 ${account} eni-0a1b2c3d4e5f60718 203.0.113.7 10.0.1.5 51234 80 6 5 420 ${start} ${start} ACCEPT OK`));
    assert.ok(events.some((e) => / 198\.51\.100\.9 10\.0\.1\.5 40000 22 6 1 60 .* REJECT OK$/.test(e.message)));
    assert.deepEqual(t.statuses, [["SUCCESS", undefined]]);
  });

  test("TrafficType REJECT keeps only rejected records, in <eni>-reject", async () => {
    const t = setup("REJECT");
    await t.delivery.deliver(t.window(), iface, 600);
    const events = t.read("eni-0a1b2c3d4e5f60718-reject");
    assert.equal(events.length, 1);
    assert.match(events[0]?.message ?? "", /REJECT OK$/);
  });

  test("a role the service cannot assume: nothing delivered, FAILED with Access error; fixed, delivery resumes", async () => {
    const t = setup();
    t.state.trusted = false;
    const failed = await t.delivery.deliver(t.window(), iface, 600);
    assert.deepEqual(
      failed.map((o) => [o.status, o.message]),
      [["FAILED", "Access error"]],
    );
    assert.deepEqual(t.read("eni-0a1b2c3d4e5f60718-all"), []);
    t.state.trusted = true;
    t.clock.advance(600_000);
    const recovered = await t.delivery.deliver(t.window(), iface, 600);
    assert.equal(recovered[0]?.status, "SUCCESS");
    assert.equal(t.read("eni-0a1b2c3d4e5f60718-all").length, 3);
  });

  test("a policy without logs:PutLogEvents: FAILED with Access error, and no events", async () => {
    const t = setup();
    t.state.policy = seedPolicy.replace('"logs:PutLogEvents",', "");
    const failed = await t.delivery.deliver(t.window(), iface, 600);
    assert.deepEqual(
      failed.map((o) => [o.status, o.message]),
      [["FAILED", "Access error"]],
    );
    assert.deepEqual(t.read("eni-0a1b2c3d4e5f60718-all"), []);
    assert.deepEqual(t.statuses.at(-1), ["FAILED", "Access error"]);
  });

  test("a flow log of another aggregation interval is not fed by this window", async () => {
    const t = setup();
    assert.deepEqual(await t.delivery.deliver(t.window(), iface, 60), []);
  });
});
