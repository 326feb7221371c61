import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SSH_REJECT_PATTERN } from "../../../test/filterpattern/pattern-cases.js";
import { newLogs } from "../../../test/support/logs-harness.js";
import type { MetricObservation } from "./metric-filter-ingest.js";

const t1 = { metricName: "metric", metricNamespace: "namespace", metricValue: "1" };
const REJECT = "2 123456789010 eni-1235b8ca123456789 198.51.100.7 172.31.16.21 51234 22 6 3 180 1418530010 1418530070 REJECT OK";
const ACCEPT = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";

function withGroup() {
  const t = newLogs();
  t.call("CreateLogGroup", { logGroupName: "g" });
  const put = (input: Record<string, unknown>) =>
    t.call("PutMetricFilter", { logGroupName: "g", filterName: "f", filterPattern: " ", metricTransformations: [t1], ...input });
  return { ...t, put };
}

describe("PutMetricFilter / DescribeMetricFilters / DeleteMetricFilter", () => {
  it("stores filters in AWS's recorded shape and counts them on DescribeLogGroups", () => {
    const t = withGroup();
    t.put({ metricTransformations: [{ ...t1, defaultValue: 0 }] });
    t.put({ filterName: "json", filterPattern: '{$.message = "test"}' });
    const got = t.call("DescribeMetricFilters", { logGroupName: "g" }).metricFilters;
    assert.deepEqual(got[0], {
      filterName: "f",
      filterPattern: " ",
      metricTransformations: [{ metricName: "metric", metricNamespace: "namespace", metricValue: "1", defaultValue: 0 }],
      creationTime: t.clock.now(),
      logGroupName: "g",
      applyOnTransformedLogs: false,
    });
    assert.deepEqual(got[1].metricTransformations, [t1]);
    assert.equal(t.call("DescribeLogGroups", {}).logGroups[0].metricFilterCount, 2);
    t.call("DeleteMetricFilter", { logGroupName: "g", filterName: "f" });
    assert.equal(t.call("DescribeLogGroups", {}).logGroups[0].metricFilterCount, 1);
    t.fails("DeleteMetricFilter", { logGroupName: "g", filterName: "f" }, "ResourceNotFoundException", "The specified resource does not exist.");
    t.fails("DeleteMetricFilter", { logGroupName: "nope", filterName: "f" }, "ResourceNotFoundException", "The specified log group does not exist.");
    t.call("DeleteLogGroup", { logGroupName: "g" });
    t.call("CreateLogGroup", { logGroupName: "g" });
    assert.deepEqual(t.call("DescribeMetricFilters", { logGroupName: "g" }).metricFilters, []);
  });

  it("replaces a filter of the same name in place, keeping its creationTime", () => {
    const t = withGroup();
    t.put({});
    const created = t.clock.now();
    t.clock.advance(5000);
    t.put({ filterPattern: "ERROR", metricTransformations: [{ ...t1, metricValue: "2", unit: "Count" }] });
    const [f] = t.call("DescribeMetricFilters", { logGroupName: "g" }).metricFilters;
    assert.equal(f.creationTime, created);
    assert.equal(f.filterPattern, "ERROR");
    assert.deepEqual(f.metricTransformations, [{ ...t1, metricValue: "2", unit: "Count" }]);
  });

  it("filters by prefix (only with logGroupName), by metric name and namespace together, across groups, and pages", () => {
    const t = withGroup();
    t.call("CreateLogGroup", { logGroupName: "h" });
    for (const [group, name, metric] of [
      ["g", "b-1", "m1"],
      ["g", "a-1", "m2"],
      ["h", "a-1", "m1"],
      ["h", "c-1", "m3"],
    ] as const) {
      t.call("PutMetricFilter", { logGroupName: group, filterName: name, filterPattern: "x", metricTransformations: [{ ...t1, metricName: metric }] });
    }
    const names = (r: { metricFilters: { filterName: string; logGroupName: string }[] }) => r.metricFilters.map((f) => `${f.logGroupName}/${f.filterName}`);
    assert.deepEqual(names(t.call("DescribeMetricFilters", {})), ["g/a-1", "h/a-1", "g/b-1", "h/c-1"]);
    assert.deepEqual(names(t.call("DescribeMetricFilters", { logGroupName: "g", filterNamePrefix: "a" })), ["g/a-1"]);
    assert.deepEqual(names(t.call("DescribeMetricFilters", { filterNamePrefix: "zzz" })).length, 4);
    assert.deepEqual(names(t.call("DescribeMetricFilters", { metricName: "m1", metricNamespace: "namespace" })), ["h/a-1", "g/b-1"]);
    t.fails("DescribeMetricFilters", { metricName: "m1" }, "InvalidParameterException");
    t.fails("DescribeMetricFilters", { logGroupName: "nope" }, "ResourceNotFoundException", "The specified log group does not exist.");
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const r = t.call("DescribeMetricFilters", { limit: 3, ...(nextToken ? { nextToken } : {}) });
      seen.push(...names(r));
      nextToken = r.nextToken;
    } while (nextToken);
    assert.deepEqual(seen, ["g/a-1", "h/a-1", "g/b-1", "h/c-1"]);
  });

  it("validates with AWS's recorded messages and limits", () => {
    const t = withGroup();
    const x = (n: number) => "X".repeat(n);
    t.fails(
      "PutMetricFilter",
      { logGroupName: "g", filterName: x(513), filterPattern: "", metricTransformations: [t1] },
      "InvalidParameterException",
      `1 validation error detected: Value '${x(513)}' at 'filterName' failed to satisfy constraint: Member must have length less than or equal to 512`,
    );
    t.fails(
      "PutMetricFilter",
      { logGroupName: "g", filterName: "f", filterPattern: x(1025), metricTransformations: [t1] },
      "InvalidParameterException",
      `1 validation error detected: Value '${x(1025)}' at 'filterPattern' failed to satisfy constraint: Member must have length less than or equal to 1024`,
    );
    t.fails(
      "PutMetricFilter",
      {
        logGroupName: "g",
        filterName: "f",
        filterPattern: "",
        metricTransformations: [
          { metricName: "metric1", metricNamespace: "namespace1", metricValue: "1" },
          { metricName: "metric2", metricNamespace: "namespace2", metricValue: "1" },
        ],
      },
      "InvalidParameterException",
      "1 validation error detected: Value '[MetricTransformation(metricName=metric1, metricNamespace=namespace1, metricValue=1, defaultValue=null, unit=null, dimensions=null), MetricTransformation(metricName=metric2, metricNamespace=namespace2, metricValue=1, defaultValue=null, unit=null, dimensions=null)]' at 'metricTransformations' failed to satisfy constraint: Member must have length less than or equal to 1",
    );
    t.fails(
      "DeleteMetricFilter",
      { logGroupName: x(513), filterName: "f" },
      "InvalidParameterException",
      "Invalid LogGroup or LogStream, both must have length less than or equal to 512.",
    );
    t.fails(
      "DescribeMetricFilters",
      { metricName: x(256), metricNamespace: "n" },
      "InvalidParameterException",
      `1 validation error detected: Value '${x(256)}' at 'metricName' failed to satisfy constraint: Member must have length less than or equal to 255`,
    );
    t.fails(
      "PutMetricFilter",
      { logGroupName: "nope", filterName: "f", filterPattern: "", metricTransformations: [t1] },
      "ResourceNotFoundException",
      "The specified log group does not exist.",
    );
    for (let i = 0; i < 100; i++) t.put({ filterName: `f${i}` });
    t.fails(
      "PutMetricFilter",
      { logGroupName: "g", filterName: "one-more", filterPattern: "", metricTransformations: [t1] },
      "LimitExceededException",
      "Resource limit exceeded.",
    );
    t.put({ filterName: "f7", filterPattern: "updated" });
  });

  it("checks the pattern with the engine and the transformation against the pattern", () => {
    const t = withGroup();
    t.fails(
      "PutMetricFilter",
      { logGroupName: "g", filterName: "f", filterPattern: "10.0.0.1", metricTransformations: [t1] },
      "InvalidParameterException",
      "Invalid character(s) in term '.'",
    );
    t.put({
      filterPattern: SSH_REJECT_PATTERN,
      metricTransformations: [{ ...t1, metricValue: "$bytes", dimensions: { Source: "$source", Port: "$destport" }, unit: "Bytes" }],
    });
    t.put({ filterPattern: "{ $.latency > 0 }", metricTransformations: [{ ...t1, metricValue: "$.latency", dimensions: { Api: "$.api.name" } }] });
    t.put({ filterPattern: "ERROR", metricTransformations: [{ ...t1, metricValue: "2.5e1", defaultValue: 0 }] });
    const fails = (filterPattern: string, transformation: Record<string, unknown>, message: string | RegExp) =>
      t.fails(
        "PutMetricFilter",
        { logGroupName: "g", filterName: "bad", filterPattern, metricTransformations: [{ ...t1, ...transformation }] },
        "InvalidParameterException",
        message,
      );
    fails("ERROR", { dimensions: { A: "$a" } }, "The specified filter pattern does not support dimensions");
    fails(
      SSH_REJECT_PATTERN,
      { dimensions: { A: "$source" }, defaultValue: 0 },
      "Invalid metric transformation: dimensions and default value are mutually exclusive properties",
    );
    fails(SSH_REJECT_PATTERN, { dimensions: { A: "$source", B: "$eni", C: "$bytes", D: "$action" } }, /at most 3 dimensions/);
    fails(SSH_REJECT_PATTERN, { dimensions: { A: "fixed" } }, /^Invalid dimension A='fixed'/);
    fails(SSH_REJECT_PATTERN, { dimensions: { A: "$nosuch" } }, /^Invalid dimension A='\$nosuch'/);
    fails(SSH_REJECT_PATTERN, { metricValue: "$nosuch" }, /^Invalid metric value '\$nosuch'/);
    fails(SSH_REJECT_PATTERN, { metricValue: "$.latency" }, /^Invalid metric value/);
    fails("ERROR", { metricValue: "$bytes" }, /^Invalid metric value '\$bytes'/);
    fails("ERROR", { metricValue: "one" }, /^Invalid metric value 'one'/);
    t.fails(
      "PutMetricFilter",
      { logGroupName: "g", filterName: "bad", filterPattern: "", metricTransformations: [t1], fieldSelectionCriteria: '@aws.region = "us-east-1"' },
      "InvalidParameterException",
      /fieldSelectionCriteria/,
    );
  });
});

describe("TestMetricFilter", () => {
  // The API reference's TestMetricFilter examples (AWS CloudWatch Logs API Reference, 2014-03-28).
  const apache = [
    '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534',
    '127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] "GET /apache_pb.gif HTTP/1.0" 500 5324',
    '127.0.0.1 - frank [10/Oct/2000:13:50:35 -0700] "GET /apache_pb.gif HTTP/1.0" 200 4355',
  ];
  const app = [
    "02 May 2014 00:34:12,525 [INFO] Starting the application",
    "02 May 2014 00:35:14,245 [DEBUG] Database connection established",
    "02 May 2014 00:34:14,663 [INFO] Executing SQL Query",
    "02 May 2014 00:34:16,142 [ERROR] Unhanded exception: InvalidQueryException",
    "02 May 2014 00:34:16,224 [ERROR] Terminating the application",
  ];

  it("numbers matches from 0 and extracts named and positional fields as the API reference shows", () => {
    const t = newLogs();
    const run = (filterPattern: string, logEventMessages: string[]) => t.call("TestMetricFilter", { filterPattern, logEventMessages }).matches;
    assert.deepEqual(run("[..., status_code=200, size]", apache), [
      {
        eventNumber: 0,
        eventMessage: apache[0],
        extractedValues: {
          $1: "127.0.0.1",
          $2: "-",
          $3: "frank",
          $4: "10/Oct/2000:13:25:15 -0700",
          $5: "GET /apache_pb.gif HTTP/1.0",
          $status_code: "200",
          $size: "1534",
        },
      },
      {
        eventNumber: 2,
        eventMessage: apache[2],
        extractedValues: {
          $1: "127.0.0.1",
          $2: "-",
          $3: "frank",
          $4: "10/Oct/2000:13:50:35 -0700",
          $5: "GET /apache_pb.gif HTTP/1.0",
          $status_code: "200",
          $size: "4355",
        },
      },
    ]);
    assert.deepEqual(run("[ip, identity, user_id, timestamp, request, status_code, size]", apache)[1].extractedValues, {
      $ip: "127.0.0.1",
      $identity: "-",
      $user_id: "frank",
      $timestamp: "10/Oct/2000:13:35:22 -0700",
      $request: "GET /apache_pb.gif HTTP/1.0",
      $status_code: "500",
      $size: "5324",
    });
    assert.deepEqual(run('"[ERROR]"', app), [
      { eventNumber: 3, eventMessage: app[3], extractedValues: {} },
      { eventNumber: 4, eventMessage: app[4], extractedValues: {} },
    ]);
    assert.deepEqual(run('"[ERROR]" Exception', app), [{ eventNumber: 3, eventMessage: app[3], extractedValues: {} }]);
    assert.deepEqual(run(" ", ["a"]), [{ eventNumber: 0, eventMessage: "a", extractedValues: {} }]);
    t.fails("TestMetricFilter", { filterPattern: "{ $.a = ", logEventMessages: ["x"] }, "InvalidParameterException");
    t.fails("TestMetricFilter", { filterPattern: "", logEventMessages: [] }, "InvalidParameterException");
  });
});

describe("metric filter ingest hook", () => {
  it("turns a stored batch into observations for the registered sinks, without publishing anywhere", () => {
    const received: MetricObservation[] = [];
    const t = newLogs({ metricFilterSinks: [{ receive: (o) => received.push(...o) }] });
    t.call("CreateLogGroup", { logGroupName: "g" });
    t.call("PutMetricFilter", {
      logGroupName: "g",
      filterName: "ssh",
      filterPattern: SSH_REJECT_PATTERN,
      metricTransformations: [
        { metricName: "RejectedBytes", metricNamespace: "flows", metricValue: "$bytes", unit: "Bytes", dimensions: { Source: "$source" } },
      ],
    });
    t.call("PutMetricFilter", {
      logGroupName: "g",
      filterName: "errors",
      filterPattern: "ERROR",
      metricTransformations: [{ metricName: "Errors", metricNamespace: "app", metricValue: "1", defaultValue: 0 }],
    });
    const hook = (t.service as unknown as { metricFilters: { onIngest: (...a: unknown[]) => MetricObservation[] } }).metricFilters;
    const out = hook.onIngest(t.ctx, "g", [
      { timestamp: 1, message: REJECT },
      { timestamp: 2, message: ACCEPT },
    ]);
    assert.deepEqual(out, [
      {
        account: "000000000000",
        region: "us-east-1",
        logGroupName: "g",
        filterName: "errors",
        metricNamespace: "app",
        metricName: "Errors",
        timestamp: 2,
        value: 0,
      },
      {
        account: "000000000000",
        region: "us-east-1",
        logGroupName: "g",
        filterName: "ssh",
        metricNamespace: "flows",
        metricName: "RejectedBytes",
        unit: "Bytes",
        timestamp: 1,
        value: 180,
        dimensions: { Source: "198.51.100.7" },
      },
    ]);
    assert.deepEqual(received, out);
    assert.deepEqual(hook.onIngest(t.ctx, "no-such-group", [{ timestamp: 1, message: REJECT }]), []);
  });
});
