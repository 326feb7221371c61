import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { compile } from "../../filterpattern/index.js";
import { formatRecord, parseFormat, type FlowRecord } from "../../flowlog/index.js";
import { setupConfig } from "../config.js";
import { adoptFoundSettings } from "./adopt.js";
import { buildPreset } from "./preset.js";

const record = (over: FlowRecord): FlowRecord => ({
  version: 2,
  "account-id": "123456789012",
  "interface-id": "eni-0123",
  srcaddr: "198.51.100.7",
  dstaddr: "10.0.1.5",
  srcport: 50122,
  dstport: 443,
  protocol: 6,
  packets: 3,
  bytes: 180,
  start: 1_700_000_000,
  end: 1_700_000_050,
  action: "ACCEPT",
  "log-status": "OK",
  "vpc-id": "vpc-1",
  "flow-direction": "ingress",
  ...over,
});

/** Which of the preset's filters match the record, written in the config's format. */
function matching(config: ReturnType<typeof setupConfig>, r: FlowRecord): string[] {
  const line = formatRecord(r, parseFormat(config.logFormat));
  return buildPreset(config)
    .filters.filter((f) => compile(f.filterPattern).matches(line))
    .map((f) => f.key);
}

describe("the alarm preset", () => {
  test("default format: the tutorial's space-delimited pattern, and each filter counts what it says", () => {
    const config = setupConfig({ alarms: true });
    const rejected = buildPreset(config).filters.find((f) => f.key === "rejected");
    assert.equal(
      rejected?.filterPattern,
      '[version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport, protocol, packets, bytes, start, end, action="REJECT", log_status]',
    );
    assert.deepEqual(matching(config, record({})), ["records"]);
    assert.deepEqual(matching(config, record({ action: "REJECT", dstport: 22 })), ["rejected", "ssh", "records"]);
    assert.deepEqual(matching(config, record({ dstport: 3389 })), ["rdp", "records"]);
    // SSH's reply (source port 22) is not an attempt; a NODATA record is a record.
    assert.deepEqual(matching(config, record({ srcport: 22, dstport: 50122 })), ["records"]);
    assert.deepEqual(
      matching(
        config,
        record({
          srcaddr: null,
          dstaddr: null,
          srcport: null,
          dstport: null,
          protocol: null,
          packets: null,
          bytes: null,
          action: null,
          "log-status": "NODATA",
        }),
      ),
      ["records"],
    );
  });

  test("a custom format: the pattern follows its field order; a record of another format matches nothing", () => {
    const config = setupConfig({ alarms: true, format: "${flow-direction} ${dstport} ${srcaddr} ${action} ${vpc-id}" });
    const [rejected] = buildPreset(config).filters;
    assert.equal(rejected?.filterPattern, '[flow_direction, dstport, srcaddr, action="REJECT", vpc_id]');
    assert.deepEqual(matching(config, record({ action: "REJECT", dstport: 3389 })), ["rejected", "rdp", "records"]);
    const defaultLine = formatRecord(record({ action: "REJECT" }), parseFormat(setupConfig({}).logFormat));
    assert.equal(compile(rejected?.filterPattern ?? "").matches(defaultLine), false);
  });

  test("items the flow log cannot feed are left out, with why", () => {
    const accepts = buildPreset(setupConfig({ alarms: true, trafficType: "ACCEPT" }));
    assert.deepEqual(
      accepts.alarms.map((a) => a.key),
      ["ssh", "rdp", "no-data"],
    );
    assert.match(accepts.omitted.join(), /ACCEPT traffic only/);
    const rejects = buildPreset(setupConfig({ alarms: true, trafficType: "REJECT" }));
    assert.deepEqual([rejects.filters.length, rejects.alarms.map((a) => a.key)], [4, ["rejected", "ssh", "rdp"]]);
    assert.match(rejects.omitted.join(), /silent whenever nothing is refused/);
    const noPorts = buildPreset(setupConfig({ alarms: true, format: "${srcaddr} ${action}" }));
    assert.deepEqual(
      noPorts.filters.map((f) => f.key),
      ["rejected", "records"],
    );
    assert.match(noPorts.omitted.join(), /no \$\{dstport\}/);
  });

  test("alarms: thresholds, periods and actions from the config; no-data is every 10-minute period empty", () => {
    const preset = buildPreset(
      setupConfig({
        alarms: true,
        logGroup: "G",
        rejectedThreshold: "5",
        alarmPeriod: "60",
        missingDataMinutes: "60",
        alarmAction: "arn:aws:sns:us-east-1:123456789012:ops",
      }),
    );
    const byKey = Object.fromEntries(preset.alarms.map((a) => [a.key, a]));
    assert.deepEqual(
      [byKey.rejected?.AlarmName, byKey.rejected?.Threshold, byKey.rejected?.Period, byKey.rejected?.TreatMissingData],
      ["flowwatch-G-rejected-traffic", 5, 60, "notBreaching"],
    );
    assert.deepEqual(
      [
        byKey["no-data"]?.Period,
        byKey["no-data"]?.EvaluationPeriods,
        byKey["no-data"]?.DatapointsToAlarm,
        byKey["no-data"]?.ComparisonOperator,
        byKey["no-data"]?.TreatMissingData,
      ],
      [600, 6, 6, "LessThanThreshold", "breaching"],
    );
    assert.deepEqual(byKey.ssh?.AlarmActions, ["arn:aws:sns:us-east-1:123456789012:ops"]);
    assert.equal(byKey.ssh?.Namespace, "flowwatch/G");
  });

  test("bad settings are refused naming the flag", () => {
    assert.throws(() => setupConfig({ alarmPeriod: "90" }), /--alarm-period must be a whole number from 60 to 86400 and a multiple of 60/);
    assert.throws(() => setupConfig({ missingDataMinutes: "10" }), /--missing-data-minutes/);
    assert.throws(() => setupConfig({ alarmAction: "https://example.com/hook" }), /--alarm-action must be an ARN/);
  });
});

describe("adoptFoundSettings", () => {
  const found = (config: ReturnType<typeof setupConfig>, threshold: number, actions: string[]) =>
    new Map(
      buildPreset(config).alarms.map(({ key, ...a }) => [
        a.AlarmName,
        key === "rejected" ? { ...a, Threshold: threshold, AlarmActions: actions } : { ...a, AlarmActions: actions },
      ]),
    );

  test("settings not given are read from the found alarms; given ones are kept", () => {
    const setUp = setupConfig({ alarms: true, rejectedThreshold: "7", alarmAction: "arn:aws:sns:us-east-1:123456789012:ops" });
    const alarms = found(setUp, 7, ["arn:aws:sns:us-east-1:123456789012:ops"]);
    const unasked = adoptFoundSettings(setupConfig({}), alarms);
    assert.deepEqual([unasked.rejectedThreshold, unasked.actions, unasked.remoteAccessThreshold], [7, ["arn:aws:sns:us-east-1:123456789012:ops"], 20]);
    const told = adoptFoundSettings(setupConfig({ rejectedThreshold: "100" }), alarms);
    assert.deepEqual([told.rejectedThreshold, told.actions], [100, ["arn:aws:sns:us-east-1:123456789012:ops"]]);
    assert.deepEqual(adoptFoundSettings(setupConfig({}), new Map()), setupConfig({}).alarms);
  });
});
