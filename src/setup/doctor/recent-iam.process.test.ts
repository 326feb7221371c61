/**
 * doctor on the local cloud right after setup: the last delivery refused (Access error) while the role is
 * seconds old and every link reads well is "pending", not broken (the CLI exits 3); the same report ten
 * minutes on is broken.
 */
import assert from "node:assert/strict";
import { get } from "node:http";
import { describe, test } from "node:test";
import { GetRoleCommand, UpdateAssumeRolePolicyCommand } from "@aws-sdk/client-iam";
import { flowwatch } from "../../../test/support/flowwatch-process.js";
import { useLocalCloud } from "../../../test/support/local-cloud.js";
import { ensureDemoNetwork } from "../../cli/demo/network.js";
import { awsClients } from "../clients.js";
import { DEFAULTS } from "../config.js";
import { runSetup } from "../setup.js";
import { formatReport } from "./check.js";
import { runChecks } from "./checks.js";

const env = useLocalCloud({ gatewayPorts: [80] });

const request = (host: string) =>
  new Promise<void>((resolve, reject) => {
    const r = get({ host, port: 80, path: "/", agent: false }, (response) => response.resume().once("end", resolve));
    r.once("error", reject);
  });

describe("doctor: just created against broken (local cloud)", () => {
  test("a delivery refused seconds after setup created the role is pending with its age (doctor exits 3); ten minutes later it is broken", async () => {
    const clients = awsClients(env.clientConfig());
    try {
      const network = await ensureDemoNetwork(clients.ec2);
      await runSetup(clients, DEFAULTS, { wait: { timeoutMs: 5_000, pollMs: 50 } });
      // The refusal AWS gives while a new role propagates, made here by a trust policy that excludes the service for one window.
      const trust = decodeURIComponent((await clients.iam.send(new GetRoleCommand({ RoleName: DEFAULTS.roleName }))).Role?.AssumeRolePolicyDocument ?? "");
      const ec2Only = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] };
      await clients.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: DEFAULTS.roleName, PolicyDocument: JSON.stringify(ec2Only) }));
      await request(network.publicIp);
      const flushed = (await env.cloud.flush()) as { deliveries: Array<{ status: string; message?: string }> };
      assert.deepEqual(
        flushed.deliveries.map((d) => `${d.status} ${d.message ?? ""}`),
        ["FAILED Access error"],
      );
      await clients.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: DEFAULTS.roleName, PolicyDocument: trust }));

      const now = await runChecks(clients, DEFAULTS, Date.now());
      const delivery = now.checks.find((c) => c.id === "delivery");
      assert.deepEqual([now.failed, now.unknown, now.pending, now.healthy], [[], [], ["delivery"], false], formatReport(now));
      assert.match(
        delivery?.detail ?? "",
        /^FAILED: Access error .*; probably IAM propagation: (role my-flowlog-role|policy my-flowpolicy version v1) created \d+ s ago; run doctor again in a minute$/,
      );
      assert.equal(delivery?.fix, undefined);
      assert.match(
        formatReport(now),
        /\[wait\] delivery: [^\n]*\n[\s\S]*\npending: delivery \(probably IAM propagation: run flowwatch doctor again in a minute\)$/,
      );

      const cli = await flowwatch(["doctor"], { AWS_ENDPOINT_URL: env.endpoint, AWS_SECRET_ACCESS_KEY: env.cloud.rootSecret });
      assert.equal(cli.status, 3, cli.stdout + cli.stderr);
      assert.match(cli.stdout, /\[wait\] delivery: .*probably IAM propagation: role my-flowlog-role created \d+ s ago/);

      const later = await runChecks(clients, DEFAULTS, Date.now() + 10 * 60_000);
      assert.deepEqual([later.failed, later.pending], [["delivery"], []], formatReport(later));
      assert.match(later.checks.find((c) => c.id === "delivery")?.fix ?? "", /trust policy or permissions/);
    } finally {
      clients.destroy();
    }
  });
});
