import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FlowAggregator } from "./aggregator.js";
import type { Observation } from "./observation.js";

const ENI = "eni-1235b8ca123456789";
/** 1566848880 is a multiple of 60: the window [1566848880, 1566848940). */
const T0 = 1566848880;

const obs = (second: number, fields: Partial<Observation> = {}): Observation => ({
  interfaceId: ENI,
  time: second * 1000 + 250,
  direction: "ingress",
  srcaddr: "52.213.180.42",
  dstaddr: "10.0.0.62",
  srcport: 43638,
  dstport: 5001,
  protocol: 6,
  packets: 1,
  bytes: 60,
  tcpFlags: 0,
  action: "ACCEPT",
  ...fields,
});
const reply = (second: number, fields: Partial<Observation> = {}) =>
  obs(second, { direction: "egress", srcaddr: "10.0.0.62", dstaddr: "52.213.180.42", srcport: 5001, dstport: 43638, ...fields });

describe("aggregator: flows and windows", () => {
  it("sums packets and bytes per flow and keeps first and last second", () => {
    const agg = new FlowAggregator({ defaultInterval: 60 });
    agg.add(obs(T0 + 3, { packets: 1, bytes: 60 }));
    agg.add(obs(T0 + 10, { packets: 10, bytes: 1000 }));
    agg.add(obs(T0 + 41, { packets: 6, bytes: 200 }));
    const [window] = agg.closeWindows((T0 + 60) * 1000);
    assert.equal(window?.records.length, 1);
    assert.deepEqual(
      { ...window?.records[0] },
      {
        interfaceId: ENI,
        logStatus: "OK",
        direction: "ingress",
        srcaddr: "52.213.180.42",
        dstaddr: "10.0.0.62",
        srcport: 43638,
        dstport: 5001,
        protocol: 6,
        packets: 17,
        bytes: 1260,
        start: T0 + 3,
        end: T0 + 41,
        action: "ACCEPT",
        tcpFlags: 0,
        pktSrcaddr: "52.213.180.42",
        pktDstaddr: "10.0.0.62",
      },
    );
  });

  it("ORs tcp-flags to 3 (SYN, FIN) and 19 (SYN-ACK, FIN) as in AWS's example, ACK alone giving 0", () => {
    const agg = new FlowAggregator({ defaultInterval: 60 });
    agg.add(obs(T0 + 1, { tcpFlags: 2 }));
    agg.add(reply(T0 + 1, { tcpFlags: 18 }));
    agg.add(obs(T0 + 2, { tcpFlags: 16, packets: 10 }));
    agg.add(reply(T0 + 2, { tcpFlags: 16, packets: 8 }));
    agg.add(reply(T0 + 5, { tcpFlags: 1 }));
    agg.add(obs(T0 + 5, { tcpFlags: 1 | 16 }));
    const records = agg.closeWindows((T0 + 60) * 1000)[0]?.records ?? [];
    assert.deepEqual(
      records.map((r) => [r.direction, r.tcpFlags]),
      [
        ["ingress", 3],
        ["egress", 19],
      ],
    );

    const ack = new FlowAggregator({ defaultInterval: 60 });
    ack.add(obs(T0 + 1, { tcpFlags: 16 }));
    assert.equal(ack.flush((T0 + 2) * 1000)[0]?.records[0]?.tcpFlags, 0);
  });

  it("keeps direction, action and each port pair apart", () => {
    const agg = new FlowAggregator({ defaultInterval: 60 });
    agg.add(obs(T0 + 1));
    agg.add(obs(T0 + 1, { action: "REJECT" }));
    agg.add(obs(T0 + 1, { srcport: 43639 }));
    agg.add(obs(T0 + 1, { protocol: 17 }));
    agg.add(reply(T0 + 1));
    agg.add(obs(T0 + 1));
    assert.equal(agg.closeWindows((T0 + 60) * 1000)[0]?.records.length, 5);
  });

  it("splits a flow across two windows aligned to the interval since the epoch", () => {
    const agg = new FlowAggregator({ defaultInterval: 60 });
    agg.add(obs(T0 + 50, { packets: 2 }));
    agg.add(obs(T0 + 70, { packets: 3 }));
    assert.deepEqual(agg.closeWindows((T0 + 59) * 1000), [], "nothing closes before the window's end");
    const first = agg.closeWindows((T0 + 60) * 1000);
    assert.deepEqual(
      first.map((w) => [w.start, w.end, w.records[0]?.packets, w.records[0]?.start]),
      [[T0, T0 + 60, 2, T0 + 50]],
    );
    const second = agg.closeWindows((T0 + 180) * 1000);
    assert.deepEqual(
      second.map((w) => [w.start, w.end, w.records[0]?.packets, w.records[0]?.start]),
      [[T0 + 60, T0 + 120, 3, T0 + 70]],
    );
  });

  it("aligns 600 s windows on multiples of 600", () => {
    const agg = new FlowAggregator();
    agg.monitor(ENI, { aggregationInterval: 600, since: 1_700_000_123_000 });
    agg.add(obs(1_700_000_123));
    const [window] = agg.closeWindows(1_700_000_400_000);
    assert.deepEqual([window?.start, window?.end], [1_700_000_000 - (1_700_000_000 % 600), 1_700_000_400]);
  });

  it("flush closes open windows now, and their later close gives no NODATA", () => {
    const agg = new FlowAggregator();
    agg.monitor(ENI, { aggregationInterval: 60, since: T0 * 1000 });
    agg.add(obs(T0 + 5));
    const flushed = agg.flush((T0 + 6) * 1000);
    assert.equal(flushed.length, 1);
    assert.equal(flushed[0]?.records[0]?.logStatus, "OK");
    assert.equal(agg.openWindows, 0);
    assert.deepEqual(agg.closeWindows((T0 + 60) * 1000), []);
    agg.add(obs(T0 + 61));
    assert.equal(agg.closeWindows((T0 + 120) * 1000)[0]?.records[0]?.start, T0 + 61);
  });

  it("keeps interfaces apart, each with its own interval", () => {
    const agg = new FlowAggregator();
    agg.monitor(ENI, { aggregationInterval: 60, since: T0 * 1000 });
    agg.monitor("eni-2", { aggregationInterval: 600, since: T0 * 1000 });
    agg.add(obs(T0 + 1));
    agg.add(obs(T0 + 1, { interfaceId: "eni-2" }));
    const closed = agg.closeWindows((T0 + 60) * 1000);
    assert.deepEqual(
      closed.map((w) => w.interfaceId),
      [ENI],
    );
  });
});

describe("aggregator: NODATA and SKIPDATA", () => {
  it("gives a monitored idle interface one NODATA record per window, with `-` fields and the window's bounds", () => {
    const agg = new FlowAggregator();
    agg.monitor(ENI, { aggregationInterval: 60, since: T0 * 1000 });
    agg.add(obs(T0 + 65));
    const closed = agg.closeWindows((T0 + 180) * 1000);
    assert.deepEqual(
      closed.map((w) => [w.start, w.records[0]?.logStatus]),
      [
        [T0, "NODATA"],
        [T0 + 60, "OK"],
        [T0 + 120, "NODATA"],
      ],
    );
    assert.deepEqual(
      { ...closed[0]?.records[0] },
      {
        interfaceId: ENI,
        logStatus: "NODATA",
        direction: null,
        srcaddr: null,
        dstaddr: null,
        srcport: null,
        dstport: null,
        protocol: null,
        packets: null,
        bytes: null,
        start: T0,
        end: T0 + 60,
        action: null,
        tcpFlags: null,
        pktSrcaddr: null,
        pktDstaddr: null,
      },
    );
    assert.deepEqual(agg.closeWindows((T0 + 190) * 1000), [], "a window is decided once");
  });

  it("gives no NODATA for an interface that is not monitored", () => {
    const agg = new FlowAggregator();
    agg.add(obs(T0 + 5));
    assert.equal(agg.closeWindows((T0 + 6000) * 1000).length, 1);
    assert.deepEqual(agg.closeWindows((T0 + 9000) * 1000), []);
  });

  it("keeps flowCapacity flows and adds one SKIPDATA record for the rest", () => {
    const agg = new FlowAggregator({ defaultInterval: 60, flowCapacity: 3 });
    for (let port = 1000; port < 1010; port++) agg.add(obs(T0 + 1, { srcport: port }));
    agg.add(obs(T0 + 2, { srcport: 1000, packets: 4 }));
    const records = agg.closeWindows((T0 + 60) * 1000)[0]?.records ?? [];
    assert.deepEqual(
      records.map((r) => r.logStatus),
      ["OK", "OK", "OK", "SKIPDATA"],
    );
    assert.equal(records[0]?.packets, 5, "a kept flow still counts");
    assert.deepEqual([records[3]?.start, records[3]?.end, records[3]?.srcaddr, records[3]?.action], [T0, T0 + 60, null, null]);
  });

  it("accepts a late observation into a reopened window and closes it at the next call", () => {
    const agg = new FlowAggregator();
    agg.monitor(ENI, { aggregationInterval: 60, since: T0 * 1000 });
    agg.closeWindows((T0 + 60) * 1000);
    agg.add(obs(T0 + 30));
    const closed = agg.closeWindows((T0 + 61) * 1000);
    assert.deepEqual(
      closed.map((w) => [w.start, w.records[0]?.logStatus]),
      [[T0, "OK"]],
    );
  });
});
