/**
 * destroy against moto_server and the local cloud, run as a user runs it: it prints its plan and asks;
 * without a terminal and without --yes it removes nothing and says to pass --yes.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeFlowLogsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { GetRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { createVpc, pipelineNames, useBackends } from "../support/backends.js";
import { flowwatch } from "../support/flowwatch-process.js";

const backends = useBackends();

for (const backend of backends) {
  describe(`destroy asks before removing (${backend.name})`, { skip: backend.skip }, () => {
    const cli = (...args: string[]) => flowwatch(args, { AWS_ENDPOINT_URL: backend.endpoint() });

    test("without --yes and without a terminal: the plan, a refusal naming --yes, nothing removed; with --yes: removed", async () => {
      const p = pipelineNames("destroy");
      await createVpc(backend, p.vpc);
      const setup = await cli("setup", "--yes", ...p.args);
      assert.equal(setup.status, 0, setup.stderr);
      const logs = new CloudWatchLogsClient(backend.clientConfig());
      const iam = new IAMClient(backend.clientConfig());
      const ec2 = new EC2Client(backend.clientConfig());
      const groupExists = async () =>
        ((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: p.logGroup }))).logGroups ?? []).some((g) => g.logGroupName === p.logGroup);
      const flowLogExists = async () => ((await ec2.send(new DescribeFlowLogsCommand({}))).FlowLogs ?? []).some((f) => f.LogGroupName === p.logGroup);
      try {
        const refused = await cli("destroy", ...p.args);
        assert.equal(refused.status, 1);
        assert.match(refused.stderr, /nothing removed.*pass --yes/);
        assert.match(refused.stdout, new RegExp(`would remove log-group ${p.logGroup} +\\(DESTRUCTIVE: its records are deleted with it\\)`));
        assert.doesNotMatch(refused.stdout, /^removed/m);
        assert.deepEqual([await groupExists(), await flowLogExists()], [true, true]);
        assert.ok((await iam.send(new GetRoleCommand({ RoleName: p.role }))).Role);

        const removed = await cli("destroy", "--yes", ...p.args);
        assert.equal(removed.status, 0, removed.stderr);
        assert.deepEqual(
          removed.stdout
            .split("\n")
            .filter((l) => l.startsWith("removed "))
            .map((l) => l.split(" ")[1]),
          ["flow-log", "attachment", "role", "policy", "log-group"],
        );
        assert.deepEqual([await groupExists(), await flowLogExists()], [false, false]);
      } finally {
        logs.destroy();
        iam.destroy();
        ec2.destroy();
      }
    });
  });
}
