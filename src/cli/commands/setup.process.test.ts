/** setup, doctor and destroy as processes: AWS_ENDPOINT_URL honoured, confirmation, exit statuses, --json. */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, test } from "node:test";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { CreateVpcCommand, EC2Client } from "@aws-sdk/client-ec2";
import { cleanAwsEnv } from "../../../test/support/aws-cli.js";
import { useLocalCloud } from "../../../test/support/local-cloud.js";

const env = useLocalCloud();
const main = new URL("../main.ts", import.meta.url).pathname;

const flowwatch = (...args: string[]) =>
  new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, ["--import", "tsx", main, ...args], { env: cleanAwsEnv({ AWS_ENDPOINT_URL: env.endpoint }) }, (error, stdout, stderr) =>
      resolve({ status: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }),
    );
  });

describe("flowwatch setup / doctor / destroy (processes)", () => {
  test("doctor without a VPC fails naming it; setup without --yes and no terminal applies nothing", async () => {
    const doctor = await flowwatch("doctor", "--json");
    assert.equal(doctor.status, 1);
    assert.deepEqual(JSON.parse(doctor.stdout).failed, ["vpc"]);
    const ec2 = new EC2Client(env.clientConfig());
    await ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16", TagSpecifications: [{ ResourceType: "vpc", Tags: [{ Key: "Name", Value: "MyVpc22" }] }] }));
    ec2.destroy();
    const unconfirmed = await flowwatch("setup");
    assert.equal(unconfirmed.status, 1);
    assert.match(unconfirmed.stderr, /--yes/);
  });

  test("setup --yes, doctor exits 0, setup again changes nothing, destroy removes it all", async () => {
    const setup = await flowwatch("setup", "--yes", "--format", "v5", "--interval", "600");
    assert.equal(setup.status, 0, setup.stderr);
    assert.match(setup.stdout, /ACTIVE/);
    const doctor = await flowwatch("doctor", "--format", "v5");
    assert.equal(doctor.status, 0, doctor.stdout);
    assert.match(doctor.stdout, /healthy/);
    const again = await flowwatch("setup", "--format", "v5", "--interval", "600");
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /nothing to change/);
    const destroy = await flowwatch("destroy", "--yes");
    assert.equal(destroy.status, 0, destroy.stderr);
    assert.equal(destroy.stdout.split("\n").filter((l) => l.startsWith("removed")).length, 5);
  });

  test("setup --alarms: doctor --json reports the preset unasked, --fix applies a changed threshold, --emit includes it, destroy removes it", async () => {
    const hook = "arn:flowwatch:webhook:::http://127.0.0.1:9/flowwatch";
    const setup = await flowwatch("setup", "--yes", "--alarms", "--alarm-action", hook);
    assert.equal(setup.status, 0, setup.stderr);
    assert.match(setup.stdout, /created metric-filter flowwatch-rejected/);
    assert.match(setup.stdout, /created alarm flowwatch-MyVpc22-Log-no-data/);
    const again = await flowwatch("setup", "--alarms", "--alarm-action", hook);
    assert.match(again.stdout, /nothing to change/);

    const doctor = await flowwatch("doctor", "--json");
    assert.equal(doctor.status, 0, doctor.stdout);
    const report = JSON.parse(doctor.stdout) as { checks: Array<{ id: string; status: string; alarm?: { state: string } }> };
    const preset = report.checks.filter((c) => /^(filter|alarm)-/.test(c.id));
    assert.deepEqual(
      preset.map((c) => c.id),
      ["filter-rejected", "filter-ssh", "filter-rdp", "filter-records", "alarm-rejected", "alarm-ssh", "alarm-rdp", "alarm-no-data"],
    );
    assert.ok(preset.filter((c) => c.id.startsWith("alarm-")).every((c) => typeof c.alarm?.state === "string"));

    // Given a threshold, doctor judges by it; the action, not given, is read from the alarms and kept by --fix.
    const stricter = await flowwatch("doctor", "--json", "--rejected-threshold", "50");
    assert.equal(stricter.status, 1);
    assert.deepEqual(JSON.parse(stricter.stdout).failed, ["alarm-rejected"]);
    const fixed = await flowwatch("doctor", "--json", "--fix", "--rejected-threshold", "50");
    assert.equal(fixed.status, 0, fixed.stdout + fixed.stderr);
    assert.deepEqual(JSON.parse(fixed.stdout).fixed, ["alarm-rejected"]);
    const cloudwatch = new CloudWatchClient(env.clientConfig());
    const rejected = (await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ["flowwatch-MyVpc22-Log-rejected-traffic"] }))).MetricAlarms?.[0];
    cloudwatch.destroy();
    assert.deepEqual([rejected?.Threshold, rejected?.AlarmActions], [50, [hook]]);

    const emitted = await flowwatch("setup", "--alarms", "--emit", "terraform");
    assert.equal((emitted.stdout.match(/^resource "aws_cloudwatch_metric_alarm"/gm) ?? []).length, 4);

    const destroy = await flowwatch("destroy", "--yes");
    assert.equal(destroy.status, 0, destroy.stderr);
    const removed = destroy.stdout.split("\n").filter((l) => l.startsWith("removed"));
    assert.deepEqual([removed.filter((l) => / (alarm|metric-filter) /.test(l)).length, removed.length], [8, 13]);
  });

  test("bad options are refused with exit 2", async () => {
    const bad = await flowwatch("setup", "--interval", "30", "--yes");
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--interval must be 60 or 600/);
  });
});
