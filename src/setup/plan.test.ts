import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { V5_FORMAT_TEXT } from "../flowlog/index.js";
import { setupConfig } from "./config.js";
import type { Discovered } from "./discover.js";
import { permissionsPolicy, SEED_POLICY, SEED_TRUST, trustPolicy } from "./documents.js";
import { formatPlan, plan } from "./plan.js";

const scope = { partition: "aws", region: "us-east-1", account: "123456789012" };
const config = setupConfig({});
const ec2Trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] };

/** An account where the whole pipeline exists as the defaults would build it, with `over` changed. */
function found(over: Partial<Discovered> = {}): Discovered {
  return {
    scope,
    caller: { arn: "arn:aws:iam::123456789012:user/me", account: scope.account, isRoot: false },
    vpcId: "vpc-1",
    policy: {
      arn: "arn:aws:iam::123456789012:policy/my-flowpolicy",
      document: permissionsPolicy(scope, config.logGroupName, false),
      defaultVersionId: "v1",
      versionIds: ["v1"],
      managed: true,
    },
    role: {
      arn: "arn:aws:iam::123456789012:role/my-flowlog-role",
      trust: trustPolicy(scope, false),
      managed: true,
      attachedPolicyArns: ["arn:aws:iam::123456789012:policy/my-flowpolicy"],
    },
    logGroup: { retentionDays: 30, managed: true },
    flowLog: {
      FlowLogId: "fl-1",
      TrafficType: "ALL",
      LogFormat: config.logFormat,
      MaxAggregationInterval: 60,
      LogGroupName: config.logGroupName,
      DeliverLogsPermissionArn: "arn:aws:iam::123456789012:role/my-flowlog-role",
      managed: true,
    },
    preset: { filters: new Map(), alarms: new Map() },
    ...over,
  };
}

const stepOf = (p: ReturnType<typeof plan>, resource: string) => p.steps.find((s) => s.resource === resource);

describe("plan: what exists is adopted", () => {
  test("as the defaults build it: every step unchanged", () => {
    assert.deepEqual(
      plan(config, found()).steps.map((s) => s.action),
      ["unchanged", "unchanged", "unchanged", "unchanged", "unchanged"],
    );
  });

  test("retention: a longer one is kept and said; a shorter one given is DESTRUCTIVE with its diff; a longer one given is not", () => {
    const longer = stepOf(plan(config, found({ logGroup: { retentionDays: 365, managed: false } })), "log-group");
    assert.deepEqual([longer?.action, longer?.detail, longer?.work], ["kept", "retention 365 days kept (longer than 30)", []]);
    const never = stepOf(plan(config, found({ logGroup: { retentionDays: undefined, managed: false } })), "log-group");
    assert.deepEqual([never?.action, never?.detail], ["kept", "retention never expires kept (longer than 30)"]);
    const shorterUnasked = stepOf(plan(config, found({ logGroup: { retentionDays: 7, managed: false } })), "log-group");
    assert.equal(shorterUnasked?.action, "kept");
    const shorten = stepOf(plan(setupConfig({ retentionDays: "30" }), found({ logGroup: { retentionDays: 365, managed: false } })), "log-group");
    assert.deepEqual([shorten?.action, shorten?.destructive, shorten?.diff], ["update", true, ["retention: 365 -> 30 days"]]);
    assert.match(shorten?.detail ?? "", /^DESTRUCTIVE: events older than 30 days are deleted/);
    const lengthen = stepOf(plan(setupConfig({ retentionDays: "never" }), found({ logGroup: { retentionDays: 30, managed: false } })), "log-group");
    assert.deepEqual([lengthen?.action, lengthen?.destructive, lengthen?.diff], ["update", false, ["retention: 30 -> never"]]);
  });

  test("a policy document the user set is kept with its diff; --replace-policy replaces it", () => {
    const seed = found({ policy: { ...found().policy!, document: SEED_POLICY } });
    const kept = stepOf(plan(config, seed), "policy");
    assert.deepEqual([kept?.action, kept?.work], ["kept", []]);
    assert.ok(kept?.diff.includes('-         "logs:DescribeLogGroups",'), kept?.diff.join("\n"));
    const replaced = stepOf(plan(setupConfig({ replacePolicy: true }), seed), "policy");
    assert.deepEqual([replaced?.action, replaced?.work[0]?.kind, replaced?.destructive], ["update", "update-policy", false]);
    assert.ok(
      replaced?.diff.some((l) => l.startsWith('+       "Sid": "DeliverFlowLogs"')),
      replaced?.diff.join("\n"),
    );
    const full = stepOf(
      plan(setupConfig({ replacePolicy: true }), found({ policy: { ...seed.policy!, defaultVersionId: "v3", versionIds: ["v5", "v4", "v3", "v2", "v1"] } })),
      "policy",
    );
    assert.match(full?.detail ?? "", /IAM keeps 5 versions, so version v1 is deleted/);
  });

  test("doctor's permissions repair adds flowwatch's statement after the user's", () => {
    const narrow = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "logs:CreateLogStream", Resource: "*" }] };
    const step = stepOf(plan(config, found({ policy: { ...found().policy!, document: narrow } }), new Set(["permissions"])), "policy");
    assert.equal(step?.action, "update");
    const work = step?.work[0];
    assert.ok(work?.kind === "update-policy");
    assert.deepEqual((work.document as { Statement: unknown[] }).Statement, [
      narrow.Statement[0],
      ...(permissionsPolicy(scope, config.logGroupName, false) as { Statement: unknown[] }).Statement,
    ]);
  });

  test("a trust policy without the flow logs service gains flowwatch's statement (a diff), the user's kept; a working one that differs is kept", () => {
    const step = stepOf(plan(config, found({ role: { ...found().role!, trust: ec2Trust } })), "role");
    assert.equal(step?.action, "update");
    const work = step?.work[0];
    assert.ok(work?.kind === "update-trust");
    assert.deepEqual(
      (work.trust as { Statement: Array<{ Principal: { Service: string } }> }).Statement.map((s) => s.Principal.Service),
      ["ec2.amazonaws.com", "vpc-flow-logs.amazonaws.com"],
    );
    assert.ok(
      step?.diff.some((l) => l.startsWith("+") && l.includes("vpc-flow-logs.amazonaws.com")),
      step?.diff.join("\n"),
    );
    assert.ok(!step?.diff.some((l) => l.startsWith("-") && l.includes("ec2.amazonaws.com")));
    const seed = stepOf(plan(config, found({ role: { ...found().role!, trust: SEED_TRUST } })), "role");
    assert.deepEqual([seed?.action, seed?.work], ["kept", []]);
    const replaced = stepOf(plan(setupConfig({ replaceTrustPolicy: true }), found({ role: { ...found().role!, trust: SEED_TRUST } })), "role");
    assert.equal(replaced?.action, "update");
  });

  test("a trust policy whose conditions exclude this account's flow logs: setup keeps it and warns; doctor's trust repair replaces only that statement", () => {
    const otherAccount = {
      Version: "2012-10-17",
      Statement: [
        ec2Trust.Statement[0],
        {
          Effect: "Allow",
          Principal: { Service: "vpc-flow-logs.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": "999999999999" } },
        },
      ],
    };
    const kept = stepOf(plan(config, found({ role: { ...found().role!, trust: otherAccount } })), "role");
    assert.equal(kept?.action, "kept");
    assert.match(kept?.detail ?? "", /delivery will fail/);
    const repaired = stepOf(plan(config, found({ role: { ...found().role!, trust: otherAccount } }), new Set(["trust"])), "role");
    const work = repaired?.work[0];
    assert.ok(work?.kind === "update-trust");
    assert.deepEqual((work.trust as { Statement: unknown[] }).Statement, [
      ec2Trust.Statement[0],
      ...(trustPolicy(scope, false) as { Statement: unknown[] }).Statement,
    ]);
  });

  test("a trust policy flowwatch's engine cannot read is kept and said, also under doctor's trust repair; only --replace-trust-policy replaces it", () => {
    // An operator the engine does not know (IAM may accept operators newer than the engine).
    const unreadable = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "vpc-flow-logs.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEqualsSomethingNew: { "aws:SourceAccount": "123456789012" } },
        },
      ],
    };
    for (const repair of [new Set<never>(), new Set(["trust"] as const)]) {
      const step = stepOf(plan(config, found({ role: { ...found().role!, trust: unreadable } }), repair), "role");
      assert.deepEqual([step?.action, step?.work, step?.destructive], ["kept", [], false]);
      assert.match(
        step?.detail ?? "",
        /^kept: flowwatch could not read this trust policy \(.*cannot read the trust policy.*\); --replace-trust-policy replaces it/,
      );
    }
    const replaced = stepOf(plan(setupConfig({ replaceTrustPolicy: true }), found({ role: { ...found().role!, trust: unreadable } })), "role");
    assert.deepEqual([replaced?.action, replaced?.work[0]?.kind], ["update", "update-trust"]);
  });

  test("a flow log that differs is kept with the differences; --replace-flow-log recreates it, DESTRUCTIVE", () => {
    const other = found({ flowLog: { ...found().flowLog!, TrafficType: "REJECT", LogFormat: V5_FORMAT_TEXT, MaxAggregationInterval: 600 } });
    const kept = stepOf(plan(config, other), "flow-log");
    assert.deepEqual([kept?.action, kept?.diff], ["kept", ["traffic type: REJECT -> ALL", "format: v5 -> default", "interval: 600 -> 60 s"]]);
    const replaced = stepOf(plan(setupConfig({ replaceFlowLog: true }), other), "flow-log");
    assert.deepEqual([replaced?.action, replaced?.destructive, replaced?.work.map((w) => w.kind)], ["update", true, ["delete-flow-log", "create-flow-log"]]);
  });

  test("the printed plan shows each diff under its step", () => {
    const text = formatPlan(plan(setupConfig({ retentionDays: "7" }), found({ logGroup: { retentionDays: 365, managed: false } })));
    assert.match(
      text,
      /update +log-group MyVpc22-Log +\(DESTRUCTIVE: events older than 7 days are deleted \(--retention-days 7\)\)\n +retention: 365 -> 7 days/,
    );
  });
});
